#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Links, addresses, neighbours, sysctls and namespaces through netns/,
# each checked with iproute2: `ip netns list`, veth and bridge creation,
# enslaving, MTU, moves between namespaces, carrier events, address flags
# and lifetimes, IFA_PROTO ownership, proxy entries that answer, neighbour
# flushes, per-namespace sysctls, the table-local move, and the event
# socket's ENOBUFS resync.
. "$(dirname "$0")/lib.sh"

a=$P-a b=$P-b
ns_new $a
ns_new $b
must ip netns list
has "ip netns list sees it" "^$a( |\$)"

# veth and bridge, enslaving, MTU.
must nlt -n $a link veth v0 v1
must nlt -n $a link bridge br0
must nlt -n $a link master v1 br0
must ip -n $a -d link show v1
has "v1 enslaved" "master br0"
must nlt -n $a link master v1 none
must ip -n $a -d link show v1
hasnt "v1 released" "master br0"
must nlt -n $a link mtu v0 1400
must ip -n $a link show v0
has "mtu set" "mtu 1400"
must nlt -n $a link show br0
has "bridge kind" " kind bridge\$"
ok "veth, bridge, master, mtu"

# Move a link into another namespace; a veth made across namespaces.
must nlt -n $a link veth m0 m1
must nlt -n $a link netns m1 $b
must ip -n $b link show m1
must ip -n $a link show
hasnt "m1 gone from a" "m1@"
must nlt -n $a link veth x0 x1 $b
must ip -n $b link show x1
ok "moves between namespaces"

# Carrier events: the peer going down takes v0's carrier with it.
must nlt -n $a link up v0
must nlt -n $a link up v1
serve nlt -n $a events 1000
must nlt -n $a link down v1
must nlt -n $a link up v1
wait $SERVED_PID
must cat "$SERVED"
has "carrier lost" "^link v0 up 1 carrier 0\$"
has "carrier back" "^link v0 up 1 carrier 1\$"
has "peer down" "^link v1 up 0 "
ok "carrier events"

# Addresses: flags, lifetimes, deprecation, ownership by IFA_PROTO.
must nlt -n $a addr add v0 2001:db8:5::1/64 nodad noprefixroute
# The kernel honours IFA_F_OPTIMISTIC only with optimistic_dad on.
must nlt sysctl set-ns $a net.ipv6.conf.v0.optimistic_dad 1
must nlt -n $a addr add v0 2001:db8:5::2/64 optimistic valid 300 preferred 100
must nlt -n $a addr add lo 2001:db8:9::5/128 nodad
must nlt -n $a addr add v0 2001:db8:5::4/64 nodad proto 4
must ip -n $a -6 addr show dev v0
has "nodad noprefixroute" "2001:db8:5::1/64 scope global nodad noprefixroute"
has "optimistic" "2001:db8:5::2/64 scope global optimistic"
has "lifetimes" "valid_lft 300sec preferred_lft 100sec"
must ip -n $a -6 route show 2001:db8:5::/64
has "prefix route of the optimistic address" "2001:db8:5::/64 dev v0"
must nlt -n $a addr deprecate v0 2001:db8:5::2/64 valid 300
must ip -n $a -6 addr show dev v0
has "deprecated" "2001:db8:5::2/64 .*deprecated"
has "preferred 0" "preferred_lft 0sec"
must nlt -n $a addr owned
[ "$(count "proto $FAMA_PROTO")" = 3 ] || { cat "$TMP/out"; fail "owned addresses"; }
hasnt "static address not owned" "2001:db8:5::4"
must nlt -n $a addr add v0 2001:db8:5::1/64 nodad noprefixroute
must ip -n $a -6 addr show dev v0
[ "$(count "2001:db8:5::1/64")" = 1 ] || fail "address added twice"
must nlt -n $a addr del v0 2001:db8:5::1/64
must ip -n $a -6 addr show dev v0
hasnt "deleted" "2001:db8:5::1/"
ok "address flags, lifetimes, ownership"

# Per-namespace sysctls.
must nlt sysctl set-ns $a net.ipv6.conf.v0.proxy_ndp 1
must nlt sysctl get-ns $a net/ipv6/conf/v0/proxy_ndp
has "set in a" "^1\$"
must ip netns exec $b sysctl -n net.ipv6.conf.all.proxy_ndp
has "b untouched" "^0\$"
must nlt -n $a sysctl get net.ipv6.conf.v0.proxy_ndp
has "read from inside" "^1\$"
ok "per-namespace sysctls"

# A proxy entry answers Neighbour Solicitations from b, across x0/x1.
must nlt -n $a link up x0
must nlt -n $b link up x1
must nlt -n $a addr add x0 2001:db8:7::1/64 nodad
must nlt -n $b addr add x1 2001:db8:7::2/64 nodad
must nlt sysctl set-ns $a net.ipv6.conf.all.forwarding 1
must nlt sysctl set-ns $a net.ipv6.conf.x0.proxy_ndp 1
must nlt -n $a neigh proxy-add x0 2001:db8:7::99
must nlt -n $a neigh proxy-add x0 2001:db8:7::99
must ip -n $a -6 neigh show proxy
has "proxy entry" "^2001:db8:7::99 dev x0 proxy"
[ "$(count "2001:db8:7::99")" = 1 ] || fail "proxy entry twice"
must nlt -n $a neigh proxy-list
has "fama's proxy entry" "2001:db8:7::99 .*flags 0x8 proto $FAMA_PROTO"
lladdr=$(ip -n $a link show x0 | awk '/link\/ether/ { print $2 }')
i=0
while :; do
	must nlt -n $b udp-send 2001:db8:7::2 2001:db8:7::99 9
	must ip -n $b -6 neigh show 2001:db8:7::99
	grep -q "lladdr $lladdr" "$TMP/out" && break
	i=$((i + 1))
	[ $i -gt 30 ] && { cat "$TMP/out"; fail "proxy did not answer"; }
	sleep 0.1
done
ok "proxy entry answers"

# b claims the address (a proxy entry and its own entry flushed, in one
# round trip), then flushes again, and a removes the proxy entry.
must ip -n $b -6 neigh show 2001:db8:7::99
has "b has an entry for the address" "lladdr $lladdr"
must nlt -n $b neigh proxy-claim x1 2001:db8:7::99
must ip -n $b -6 neigh show 2001:db8:7::99
hasnt "claim flushed b's entry" "lladdr"
must ip -n $b -6 neigh show proxy
has "claim made b's proxy entry" "^2001:db8:7::99 dev x1 proxy"
must nlt -n $b neigh proxy-claim x1 2001:db8:7::99
must nlt -n $b neigh proxy-del x1 2001:db8:7::99
must nlt -n $b neigh flush 2001:db8:7::99
must ip -n $b -6 neigh show 2001:db8:7::99
hasnt "flushed" "lladdr"
must nlt -n $b neigh flush 2001:db8:7::99 x1
must nlt -n $a neigh proxy-del x0 2001:db8:7::99
must ip -n $a -6 neigh show proxy
hasnt "proxy entry removed" "2001:db8:7::99"
ok "neighbour flush, proxy claim, proxy removal"

# Table local to pref 200 and back, each twice.
for i in 1 2; do must nlt -n $a rule local-move 200; done
must ip -n $a -6 rule show
[ "$(count "lookup local")" = 1 ] || fail "local rule count after move"
has "local at 200" "^200:.*lookup local proto $FAMA_PROTO"
for i in 1 2; do must nlt -n $a rule local-restore 200; done
must ip -n $a -6 rule show
[ "$(count "lookup local")" = 1 ] || fail "local rule count after restore"
has "local at 0" "^0:.*lookup local"
ok "table local moved and restored"

# Events the kernel had to drop: the socket says "re-dump".
serve nlt -n $a events 3000 rcvbuf 4096 pause 1500
must nlt -n $a bench routes 2000 2001:db8:100:: v0
wait $SERVED_PID
must cat "$SERVED"
has "resync on ENOBUFS" "^resync\$"
ok "event overflow reported"

must nlt ns del $b
must ip netns list
hasnt "ns del" "^$b( |\$)"
ok "namespace removed"
