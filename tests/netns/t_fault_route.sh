#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Faults: a DAR without a route to the MN's new care-of address while its
# BU comes in.  The binding is made but its tunnel cannot be, and the BA
# cannot leave either; the MN retransmits, which changes nothing in the
# kernel (a refresh).  The DAR counts the failure and retries the tunnel
# on its own: once the route is back, the tunnel is there (ip -6 route),
# the flow through it runs, and everything is consistent.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fama.sh"

WAIT_S=20

# the seg6 tunnel route of HoA1 in DAR1, to its care-of address
tunnel1() {
	ip -n "${P}d1" -6 route show table all proto 70 | grep -q \
	    "^$HOA1 .*encap seg6 mode encap.red segs 1 \[ $1 \]"
}

topo 2
ip netns exec "${P}cn" "$FLOW" server $CN 7000 >"$TMP/server" 2>&1 &
echo $! >>"$TMP/pids"
attach 1
start_dars
start_mn --keep all
wait_for "attached at DAR1" mn_at 1
HOA1=$(mn_addr 1)
flow_start udp1 udp "$HOA1"

must ip -n "${P}d1" -6 route del 2001:db8:2::/64
attach 2
wait_for "attached at DAR2" mn_at 2
COA2=$(mn_addr 2)
wait_for "DAR1 failed to install the tunnel" sh -c \
    "[ \$(\"$FAMA\" dar -s \"$TMP/d1.sock\" show stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"tunnel_errors\"])') -ge 1 ]"
[ "$(darshow 1 stats | json "j['tunnels_waiting']")" -eq 1 ] ||
    fail "the tunnel is not waiting for a retry"
tunnel1 "$COA2" && fail "a tunnel without a route to the care-of address"
ok "no route to the care-of address: the tunnel failed and waits for a retry"

# let the MN's retransmissions meet the DAR's retries a while
sleep 1.5
tunnel1 "$COA2" && fail "the tunnel came without a route"
must ip -n "${P}d1" -6 route add 2001:db8:2::/64 via 2001:db8:ff::2
wait_for "the tunnel retried" tunnel1 "$COA2"
wait_for "HoA1 bound at DAR1" mn_settled
[ "$(darshow 1 stats | json "j['tunnels_retried']")" -ge 1 ] ||
    fail "tunnels_retried not counted"
[ "$(darshow 1 stats | json "j['tunnels_waiting']")" -eq 0 ] ||
    fail "a tunnel still waits"
must grep -q "tunnel $HOA1 -> $COA2 installed on a retry" "$TMP/d1.log"
flow_alive udp1
wait_for "consistent" consistent
ok "route back: the tunnel installed by the DAR's retry, the flow runs through it: $(cat "$TMP/out")"

finish
ok "no crash; SIGTERM leaves nothing"
