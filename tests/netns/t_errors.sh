#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Requests the kernel rejects: the caller gets the errno and the kernel's
# own extended-ack message (nl_last_extack), from every kind of request;
# and a rejected request leaves nothing behind.
. "$(dirname "$0")/lib.sh"

ns=$P-err
ns_new $ns
must nlt -n $ns link veth v0 v1
must nlt -n $ns link up v0

# rejected CMD... EXPECTED: must fail, and stderr must carry the message.
rejected() {
	want=$1
	shift
	if nlt -n $ns "$@" >"$TMP/out" 2>&1; then
		fail "accepted: $*"
	fi
	has "$*" ": $want\$"
}

# A route through a gateway needs its link: RTM_NEWROUTE.
rejected "Invalid argument: Egress device not specified" \
    route add 2001:db8::/64 via fe80::1
# A rule must name a table: RTM_NEWRULE.
rejected "Invalid argument: Invalid table" rule add pref 10 table 0
# An MTU the device cannot take: RTM_NEWLINK.
rejected "Invalid argument: mtu greater than device maximum" \
    link mtu v0 70000
# The kernel's own errors without a message still come back as errno.
rejected "No such device" \
    route add 2001:db8::1/128 seg6 2001:db8::2
rejected "File exists" ns add $ns
ok "kernel messages reach the caller"

must ip -n $ns -6 route show table all proto $FAMA_PROTO
[ -s "$TMP/out" ] && fail "a rejected route left state"
must ip -n $ns -6 rule show
hasnt "a rejected rule left state" "proto $FAMA_PROTO"
ok "nothing left by rejected requests"

# A good request after all that is installed as fama's.
must nlt -n $ns route add 2001:db8:5::/64 dev v0
must nlt -n $ns route owned
has "route installed after errors" "2001:db8:5::/64"
