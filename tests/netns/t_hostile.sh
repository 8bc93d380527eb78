#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Malformed signalling against a live DAR: every class of bad input that
# `mhtool mutate --list` names (truncated headers, wrong header lengths,
# options overflowing their header, zero-length and duplicated options,
# bad checksums, Home Address options that are not a routable address of
# the DAR, no Home Address option, bad CGA Parameters, keys and Sec values
# outside the policy), each case sent from a host on DAR1's access link
# and from the CN beyond the core.  For each case hostile.py checks that
# DAR1 counted exactly the drop or refusal (and BA status) expected and
# that no binding changed; after each class DAR1 is still running and the
# MN still moves through it quickly.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fama.sh"

MHTOOL="${BUILD:-build}/tests/netns/mhtool"
case $MHTOOL in /*) ;; *) MHTOOL="$PWD/$MHTOOL" ;; esac
DRIVER="$(dirname "$0")/hostile.py"
ATK=2001:db8:1::666
# BA - BU of the MN's binding at DAR1 in one move, at most (ms)
BOUND=${FAMA_MOVE_BOUND_MS:-200}

topo 2
# A switch forwards a frame whatever its IPv6 header says; the kernel's
# bridges here would check the lengths first (bridge netfilter is on):
# not in front of DAR1, so that the DAR itself meets such packets.
for ns in "${P}d1" "${P}core"; do
	ip netns exec "$ns" sysctl -qw net.bridge.bridge-nf-call-ip6tables=0 ||
	    fail "bridge netfilter off in $ns"
done
attacker 1 $ATK
for k in atk1 atk2; do must "$FAMA" cga keygen -b 1024 -s 1 "$TMP/$k.key"; done
# keys outside the policy: too small, too large, not RSA
must openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:512 \
    -out "$TMP/small.pem"
must openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 \
    -out "$TMP/big.pem"
must openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out "$TMP/ec.pem"
OTHER="$TMP/small.pem,$TMP/big.pem,$TMP/ec.pem"

attach 1
start_dars --min-sec 1
start_mn --keep all
wait_for "attached at DAR1" mn_at 1
HOA1=$(mn_addr 1)
attach 2
wait_for "attached at DAR2" mn_at 2
wait_for "HoA1 bound" mn_settled
ok "MN bound at DAR1 from DAR2"

D1MAC=$(ip netns exec "${P}d1" cat /sys/class/net/core/address)
ONLINK="${P}atk,$TMP/atk1.key,$ATK,2001:db8:1::,2001:db8:1::1,a0,02:00:00:00:d0:01,$OTHER"
BEYOND="${P}cn,$TMP/atk2.key,$CN,2001:db8:1::,2001:db8:1::1,core,$D1MAC,$OTHER"

hostile() {
	python3 "$DRIVER" "$1" "$FAMA" "$TMP/d1.sock" "$DARPID1" "$MHTOOL" \
	    "$ONLINK" "$BEYOND" >"$TMP/h.$1" 2>&1
	rc=$?
	grep -v '^ok ' "$TMP/h.$1" >>"$TMP/summary"
	[ $rc -eq 0 ] || { cat "$TMP/h.$1" >&2; fail "class $1"; }
}

# move_through I: the MN moves to DAR I; the BA for HoA1 from DAR1 comes
# within BOUND ms of the BU.
move_through() {
	attach "$1"
	wait_for "at DAR$1" mn_at "$1"
	wait_for "settled at DAR$1" mn_settled
	ms=$(ho_ms "$HOA1")
	[ "$ms" -lt "$BOUND" ] ||
	    fail "a move to DAR$1 took $ms ms at DAR1 (bound $BOUND)"
	echo "move to DAR$1: BA $ms ms after the BU" >>"$TMP/moves"
}

# The attackers' own first registrations go through: the cases below
# break a packet that would be accepted.
hostile control
ok "control: the unbroken BUs are accepted"

for c in truncated header-length overflow zero-length duplicate checksum \
    hao-address no-hao cga-params policy; do
	hostile "$c"
	kill -0 "$DARPID1" 2>/dev/null || fail "DAR1 died during $c"
	kill -0 "$DARPID2" 2>/dev/null || fail "DAR2 died during $c"
	move_through 1
	move_through 2
	ok "$c: $(grep "^class $c " "$TMP/summary" | cut -d' ' -f3-)"
done
sort -t" " -k5 -n "$TMP/moves" | tail -1 |
    sed 's/^/  slowest /'
darshow 1 stats >"$TMP/out"
has "counted by reason" '"refused":\{"not a home registration"'

for i in 1 2; do eval stop "\$DARPID$i"; done
stop "$MNPID"
for ns in "${P}mn" "${P}d1" "${P}d2"; do
	fama_state "$ns" >"$TMP/out" 2>&1
	[ -s "$TMP/out" ] && { cat "$TMP/out" >&2; fail "$ns: fama state left"; }
done
ok "nothing of fama left"
