#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Faults: 30% loss both ways on the MN's radio (nftables on its link, in
# and out, signalling and data alike) while it moves DAR1 -> DAR2 -> DAR1
# -> DAR2.  RSs, BUs and BAs are lost and retransmitted until every kept
# address is bound at its anchor, to the right care-of address; the flows
# survive (no TCP reset, echoes keep coming).  The thresholds are those of
# a lossy link: 30 s to settle, 10 s between UDP echoes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fama.sh"

WAIT_S=30

# bound_at I HOA COA: DAR_I has HOA bound to COA.
bound_at() {
	darshow "$1" bindings | json "[b['coa'] for b in j if b['hoa'] == '$2' and b['state'] == 'bound']" | grep -q "'$3'"
}

# settled_at I: the MN is at DAR_I and every kept address is bound.
settled_at() { mn_at "$1" && mn_settled; }

topo 2
ip netns exec "${P}cn" "$FLOW" server $CN 7000 >"$TMP/server" 2>&1 &
echo $! >>"$TMP/pids"
# the radio: 30% of frames lost each way, counted
ip netns exec "${P}mn" nft -f - <<EOF || fail "nft loss table"
table netdev ${P}loss {
	counter lost_in { }
	counter lost_out { }
	chain in {
		type filter hook ingress device m0 priority -500; policy accept;
		numgen random mod 100 < 30 counter name "lost_in" drop
	}
	chain out {
		type filter hook egress device m0 priority -500; policy accept;
		numgen random mod 100 < 30 counter name "lost_out" drop
	}
}
EOF
attach 1
start_dars
start_mn --keep all
wait_for "attached at DAR1" settled_at 1
HOA1=$(mn_addr 1)
flow_start udp1 udp "$HOA1"
flow_start tcp1 tcp "$HOA1"
ok "attached at DAR1 through a lossy link"

attach 2
wait_for "at DAR2, HoA1 bound" settled_at 2
COA2=$(mn_addr 2)
wait_for "DAR1 tunnels HoA1 to CoA2" bound_at 1 "$HOA1" "$COA2"
flow_start udp2 udp "$COA2"
flow_alive udp1 10
flow_alive tcp1 30
wait_for "consistent at DAR2" consistent
ok "moved to DAR2: HoA1 bound at DAR1: $(cat "$TMP/out")"

attach 1
wait_for "back at DAR1, CoA2 bound" settled_at 1
wait_for "DAR2 tunnels CoA2 to HoA1" bound_at 2 "$COA2" "$HOA1"
darshow 1 bindings | json "[b['state'] for b in j if b['hoa'] == '$HOA1'][0]" >"$TMP/out"
has "HoA1 home: idle at DAR1" "^idle$"
for f in udp1 udp2; do flow_alive $f 10; done
flow_alive tcp1 30
wait_for "consistent at DAR1" consistent
ok "back at DAR1: CoA2 bound at DAR2, HoA1 home: $(cat "$TMP/out")"

attach 2
wait_for "at DAR2 again, HoA1 bound" settled_at 2
wait_for "DAR1 tunnels HoA1 to CoA2 again" bound_at 1 "$HOA1" "$COA2"
darshow 2 bindings | json "[b['state'] for b in j if b['hoa'] == '$COA2'][0]" >"$TMP/out"
has "CoA2 home: idle at DAR2" "^idle$"
for f in udp1 udp2; do flow_alive $f 10; done
flow_alive tcp1 30
wait_for "consistent at DAR2 again" consistent
ok "at DAR2 again: HoA1 bound at DAR1, CoA2 home: $(cat "$TMP/out")"

# the loss was real, and the MN retransmitted
ip netns exec "${P}mn" nft list counters table netdev "${P}loss" >"$TMP/out"
lost=$(grep -Eo 'packets [0-9]+' "$TMP/out" | awk '{ s += $2 } END { print s + 0 }')
[ "$lost" -ge 20 ] || { cat "$TMP/out" >&2; fail "only $lost frames lost"; }
rt=$(mnshow | json "j['stats']['retransmits'] + j['stats']['rs_sent']")
ok "$lost frames lost, $rt RSs and BU retransmissions"

ip netns exec "${P}mn" nft delete table netdev "${P}loss"
finish
ok "no crash; SIGTERM leaves nothing"
