#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Faults: ping-pong moves between two DARs every 100 ms for 10 s, then
# carrier flaps every 100 ms for 3 s, then the MN settles.  The end state
# is consistent everywhere (fama.sh `consistent`: every binding the MN
# counts on is at its DAR with one route and one proxy entry, nothing else
# of fama in any namespace, checked with iproute2 and nltool), the flows
# are alive, the daemons still run, and SIGTERM leaves nothing behind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fama.sh"

WAIT_S=30

away_with_flows 2 all
COA2=$(mn_addr 2)
flow_start udp2 udp "$COA2"
must consistent
ok "two addresses, one bound at DAR1: $(cat "$TMP/out")"

# --- ping-pong: a move every 100 ms for 10 s ---
moves=0
end=$(($(date +%s) + 10))
while [ "$(date +%s)" -lt $end ]; do
	attach $((moves % 2 + 1))
	moves=$((moves + 1))
	# a move itself takes some 35 ms
	sleep 0.065
done
attach 1
wait_for "attached at DAR1" mn_at 1
wait_for "settled at DAR1" mn_settled
wait_for "consistent after the ping-pong" consistent
ok "$moves moves in 10 s, then settled at DAR1: $(cat "$TMP/out")"
for f in udp1 udp2; do flow_alive $f; done
grep -q error "$TMP/flow.tcp1" && fail "TCP flow broke"
ok "flows alive"

# --- carrier flaps every 100 ms for 3 s, at DAR1 ---
flaps=0
end=$(($(date +%s) + 3))
while [ "$(date +%s)" -lt $end ]; do
	ip -n "${P}d1" link set port down
	sleep 0.03
	ip -n "${P}d1" link set port up
	flaps=$((flaps + 1))
	sleep 0.03
done
wait_for "settled after the flaps" mn_settled
wait_for "consistent after the flaps" consistent
ok "$flaps carrier flaps: $(cat "$TMP/out")"

# --- and the last move: DAR2, with HoA1 away again ---
attach 2
wait_for "at DAR2" mn_at 2
wait_for "settled at DAR2" mn_settled
wait_for "consistent at DAR2" consistent
res=$(cat "$TMP/out")
for f in udp1 udp2; do flow_alive $f; done
grep -q error "$TMP/flow.tcp1" && fail "TCP flow broke"
must darshow 1 bindings
has "HoA1 bound at DAR1 to CoA2" "\"hoa\":\"$HOA1\",\"coa\":\"$COA2\",\"anchor\":\"2001:db8:1::1\",\"state\":\"bound\""
ok "moved to DAR2 once more: $res, flows alive"

errs=$(mnshow | json "j['stats']['kernel_errors']")
finish
ok "no crash ($errs kernel errors logged by the MN); SIGTERM leaves nothing"
