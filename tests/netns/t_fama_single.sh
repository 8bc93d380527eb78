#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Single-anchor mode (legacy Mobile IPv6 for comparison) with --keep none:
# the first address stays every flow's source and stays bound at DAR1
# wherever the MN goes; no other address is ever anchored; the daemon
# stays responsive (a keep policy that bul overrides once looped forever).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fama.sh"

topo 2
ip netns exec "${P}cn" "$FLOW" server $CN 7000 >"$TMP/server" 2>&1 &
echo $! >>"$TMP/pids"
attach 1
start_dars
start_mn --single-anchor --keep none
wait_for "attached at DAR1" mn_at 1
HOA1=$(mn_addr 1)
flow_start udp1 udp "$HOA1"
for d in 2 1 2; do
	attach $d
	wait_for "attached at DAR$d" mn_at $d
	if [ $d = 2 ]; then
		wait_for "HoA1 bound at DAR1" sh -c "$FAMA mn -s $TMP/mn.sock show --json | python3 -c 'import json,sys; j=json.load(sys.stdin); sys.exit(0 if [a for a in j[\"addresses\"] if a[\"address\"] == \"$HOA1\" and a[\"state\"] == \"bound\"] else 1)'"
	fi
	flow_alive udp1
done
kill -0 "$MNPID" || fail "fama mn died"
must darshow 2 stats
has "DAR2 anchored nothing" '"binding_updates":0'
must ip -n "${P}mn" -6 addr show dev m0
has "DAR2's address is there, deprecated" "inet6 2001:db8:2:.*/64 scope global.*deprecated"
must ip -n "${P}mn" -6 addr show dev lo
has "HoA1 preferred on lo" "inet6 $HOA1/128 scope global"
hasnt "HoA1 not deprecated" "inet6 $HOA1/128 .*deprecated"
must ip -n "${P}mn" sr tunsrc show
has "tunnels leave from the CoA" "tunsrc addr 2001:db8:2:"
ok "single anchor: HoA1 bound at DAR1 from DAR2, its flow alive, DAR2 anchors nothing"
stop "$MNPID"
for i in 1 2; do eval stop "\$DARPID$i"; done
for ns in "${P}mn" "${P}d1" "${P}d2"; do
	fama_state "$ns" >"$TMP/out" 2>&1
	[ -s "$TMP/out" ] && { cat "$TMP/out" >&2; fail "$ns: fama state left"; }
done
must ip -n "${P}mn" sr tunsrc show
has "the MN restored the tunnel source" "tunsrc addr ::$"
ok "nothing of fama left"
