#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# fama dar and fama mn end to end, real processes: an MN moves DAR1 -> DAR2
# -> DAR3 -> DAR1 with a TCP and a UDP flow started at DAR1 and flows
# started at DAR2; after each move the flows are alive, the kernel state of
# every node (checked with iproute2) is what FAMA promises, and the capture
# decodes in tshark without warnings.  SIGTERM leaves nothing of fama.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fama.sh"

topo 3
ip netns exec "${P}cn" "$FLOW" server $CN 7000 >"$TMP/server" 2>&1 &
echo $! >>"$TMP/pids"
ip netns exec "${P}mn" tcpdump -q -n -i m0 -w "$TMP/mn.pcap" ip6 \
    >"$TMP/tcpdump" 2>&1 &
TCPDUMP=$!
echo $TCPDUMP >>"$TMP/pids"
wait_for "tcpdump listening" grep -q listening "$TMP/tcpdump"
attach 1
start_dars
start_mn --keep active
wait_for "attached at DAR1" mn_at 1
ok "MN attached at DAR1"

HOA1=$(mn_addr 1)
flow_start tcp1 tcp "$HOA1"
flow_start udp1 udp "$HOA1"
must ip -n "${P}mn" -6 addr show dev m0
has "HoA1 on the access link" "inet6 $HOA1/64 scope global"
hasnt "HoA1 preferred" "inet6 $HOA1/64 .*deprecated"
ok "flows from $HOA1 running natively"

# --- DAR2 ---
attach 2
wait_for "attached at DAR2" mn_at 2
wait_for "HoA1 bound at DAR1" mn_settled
COA2=$(mn_addr 2)
flow_alive tcp1
flow_alive udp1
must ip -n "${P}d1" -6 route show proto $FAMA_PROTO
has "DAR1 tunnels HoA1 to CoA2" \
    "^$HOA1 +encap seg6 mode encap.red segs 1 \[ $COA2 \] dev core .*mtu 1460"
must ip -n "${P}d1" -6 neigh show proxy
has "DAR1 answers for HoA1 on its access link" "$HOA1 dev acc"
must ip -n "${P}mn" -6 addr show dev lo
has "HoA1 kept as a deprecated /128 on lo" "inet6 $HOA1/128 scope global.*deprecated"
must ip -n "${P}mn" -6 rule show
has "MN sends from HoA1 into DAR1's tunnel" "from $HOA1 lookup"
must ip -n "${P}mn" -6 addr show dev m0
has "CoA2 preferred on the link" "inet6 $COA2/64"
hasnt "HoA1 gone from the link" "inet6 $HOA1/64"
must ip -n "${P}d2" -6 route show proto $FAMA_PROTO
hasnt "DAR2 has no tunnel yet" "encap seg6 mode"
must ip -n "${P}d1" sr tunsrc show
has "DAR1's tunnels leave from its anchor" "tunsrc addr 2001:db8:1::1\$"
ok "moved to DAR2: old flows tunnelled through DAR1"

flow_start tcp2 tcp "$COA2"
flow_start udp2 udp "$COA2"
ok "flows from $COA2 running natively"

# --- DAR3 ---
attach 3
wait_for "attached at DAR3" mn_at 3
wait_for "HoA1 and HoA2 bound" mn_settled
COA3=$(mn_addr 3)
for f in tcp1 udp1 tcp2 udp2; do flow_alive $f; done
must ip -n "${P}d1" -6 route show proto $FAMA_PROTO
has "DAR1 tunnels HoA1 to CoA3" "^$HOA1 +encap seg6 mode encap.red segs 1 \[ $COA3 \]"
hasnt "no stale route to CoA2 at DAR1" "$COA2"
must ip -n "${P}d2" -6 route show proto $FAMA_PROTO
has "DAR2 tunnels HoA2 to CoA3" "^$COA2 +encap seg6 mode encap.red segs 1 \[ $COA3 \]"
must darshow 1 bindings
has "DAR1 used the token this time" '"auth":"token"'
must darshow 2 bindings
has "DAR2 verified a signature" '"auth":"signature"'
darshow 1 bindings | json "[(b['packets_to'], b['packets_from']) for b in j if b['hoa'] == '$HOA1'][0]" >"$TMP/out"
python3 -c "import sys; t = eval(open('$TMP/out').read()); sys.exit(0 if t[0] > 0 and t[1] > 0 else 1)" ||
    { cat "$TMP/out" >&2; fail "DAR1 counted no packets of HoA1's flows"; }
ok "moved to DAR3: two anchors, token at DAR1, signature at DAR2"

# --- back to DAR1 ---
attach 1
wait_for "attached at DAR1 again" mn_at 1
wait_for "everything settled" mn_settled
for f in tcp1 udp1 tcp2 udp2; do flow_alive $f; done
must ip -n "${P}d1" -6 route show proto $FAMA_PROTO
hasnt "DAR1 took HoA1's tunnel down" "^$HOA1 +encap"
must ip -n "${P}d2" -6 route show proto $FAMA_PROTO
has "DAR2 tunnels HoA2 to HoA1, the CoA again" "^$COA2 +encap seg6 mode encap.red segs 1 \[ $HOA1 \]"
must ip -n "${P}mn" -6 addr show dev m0
has "HoA1 on the link again" "inet6 $HOA1/64"
must ip -n "${P}mn" -6 rule show
hasnt "no reverse tunnel for HoA1 at home" "from $HOA1 lookup"
must darshow 1 bindings
has "DAR1 keeps HoA1's token, binding idle" '"state":"idle".*"token":true'
ok "back at DAR1: its flows native again, DAR2's tunnelled"

# --- keep active: closing HoA2's last sockets releases it at DAR2 ---
flow_stop tcp2
flow_stop udp2
wait_for "HoA2 released" sh -c "! \"$FAMA\" mn -s \"$TMP/mn.sock\" show | grep -q $COA2"
must ip -n "${P}d2" -6 route show proto $FAMA_PROTO
hasnt "DAR2 removed HoA2's tunnel" "$COA2"
must ip -n "${P}mn" -6 addr show
hasnt "the MN dropped HoA2" "$COA2"
must darshow 2 stats
has "DAR2 acknowledged the release" '"status":\{"0":[0-9]+'
flow_alive tcp1
ok "keep active: HoA2 released when its last socket closed"

# --- while running: capabilities and the capture ---
for pid in $DARPID1 $DARPID2 $DARPID3 $MNPID; do
	must grep -E '^Cap(Eff|Prm|Bnd):' "/proc/$pid/status"
	[ "$(count '0000000000001000$')" -eq 3 ] ||
	    { cat "$TMP/out" >&2; fail "pid $pid keeps more than CAP_NET_ADMIN"; }
	must grep -E '^NoNewPrivs:' "/proc/$pid/status"
	has "no new privileges" "1$"
done
ok "daemons run with CAP_NET_ADMIN only (effective, permitted, bounding)"

stop $TCPDUMP
must tshark -n -r "$TMP/mn.pcap" -Y "mipv6 || icmpv6" -w "$TMP/mh.pcap"
must tshark -n -r "$TMP/mh.pcap" -q -z expert,warn
hasnt "tshark: no warnings" "Warns|Errors|Malformed"
must tshark -n -r "$TMP/mn.pcap" -Y "mip6.mhtype == 5" -T fields -e mip6.mhtype
bus=$(count '^5$')
must tshark -n -r "$TMP/mn.pcap" -Y "mip6.mhtype == 6" -T fields -e mip6.ba.status
[ "$bus" -ge 4 ] && [ "$(count '^0$')" -ge 4 ] ||
    fail "capture: $bus BUs, $(count '^0$') accepting BAs"
must tshark -n -r "$TMP/mn.pcap" -Y "ipv6.opt.mipv6.home_address == $HOA1" -T fields -e frame.number
[ "$(count .)" -ge 1 ] || fail "capture: no BU with HoA1 in a Home Address option"
must tshark -n -r "$TMP/mn.pcap" -Y "ipv6.routing.type == 2" -T fields -e ipv6.routing.mipv6.home_address
has "capture: BAs with a type 2 routing header for HoA1" "$HOA1"
ok "capture decodes cleanly: $bus BUs"

# --- SIGTERM: nothing of fama is left ---
stop $MNPID
for i in 1 2 3; do eval stop "\$DARPID$i"; done
for ns in "${P}mn" "${P}d1" "${P}d2" "${P}d3"; do
	fama_state "$ns" >"$TMP/out" 2>&1
	[ -s "$TMP/out" ] && { cat "$TMP/out" >&2; fail "$ns: fama state left"; }
	must ip -n "$ns" -6 rule show
	has "$ns: table local back at 0" "^0:.*lookup local"
done
must ip -n "${P}mn" -6 addr show
hasnt "MN: its CGAs are gone" "2001:db8:[123]:0:"
ok "SIGTERM: no route, rule, address, proxy entry or nft table left"
