#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# fama dar against bad and hostile BUs, with real daemons: a HoA outside
# the DAR's prefixes (133), another MN's address claimed with another key
# (148), a replayed BU (135), a full binding cache (130), return
# routability required (137) and a spoofed care-of address (148), and a
# DAR that lost its state (147, then the MN signs).  None of them creates,
# moves or removes a binding it does not own.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fama.sh"

MHTOOL="${BUILD:-build}/tests/netns/mhtool"
case $MHTOOL in /*) ;; *) MHTOOL="$PWD/$MHTOOL" ;; esac
ATK=2001:db8:2::666

topo 2
# The attacker: another host on DAR2's access link.
attacker 2 $ATK
for k in atk1 atk2; do must "$FAMA" cga keygen -b 1024 -s 1 "$TMP/$k.key"; done

attach 1
start_dars --max-bindings 2
start_mn --keep all
wait_for "attached at DAR1" mn_at 1
HOA1=$(mn_addr 1)
# Capture the MN's BU at DAR1 for the replay.
ip netns exec "${P}d1" "$MHTOOL" capture core 10000 "$TMP/bu.bin" \
    >"$TMP/capture" 2>&1 &
echo $! >>"$TMP/pids"
wait_for "capture ready" grep -q ready "$TMP/capture"
attach 2
wait_for "attached at DAR2" mn_at 2
wait_for "HoA1 bound" mn_settled
COA2=$(mn_addr 2)
wait_for "the MN's BU captured" grep -q captured "$TMP/capture"
ok "MN bound at DAR1 from DAR2"

binding_is() {	# the DAR1 binding of HoA1 still points at $1
	darshow 1 bindings | json "[b['coa'] for b in j if b['hoa'] == '$HOA1' and b['state'] == 'bound']" | grep -q "'$1'"
}
status_count() {	# how many BAs DAR1 sent with status $1
	darshow "${2:-1}" stats | json "j['status'].get('$1', 0)"
}
atk() { ip netns exec "${P}atk" "$MHTOOL" "$@"; }

# 133: a home address DAR1 does not serve
must atk bu --key "$TMP/atk1.key" --prefix 2001:db8:9:: \
    --anchor 2001:db8:1::1 --coa $ATK
has "133 for a foreign prefix" "^status 133 "
ok "133: home address outside the DAR's prefixes"

# 148: the MN's HoA1, claimed with the attacker's key
must atk bu --key "$TMP/atk1.key" --hoa "$HOA1" --anchor 2001:db8:1::1 \
    --coa $ATK
has "148 for another node's address" "^status 148 "
binding_is "$COA2" || fail "the attack moved HoA1's binding"
# the right parameters, but signed with another key
must atk bu --key "$TMP/atk1.key" --prefix 2001:db8:1:: \
    --anchor 2001:db8:1::1 --coa $ATK --sign-key "$TMP/atk2.key"
has "148 for a wrong signature" "^status 148 "
ok "148: another node's address, and a signature by the wrong key"

# 135: the MN's own BU, replayed
before=$(status_count 135)
atk replay "$TMP/bu.bin" >"$TMP/out" 2>&1 || true
wait_for "DAR1 answered the replay" sh -c "[ \$($FAMA dar -s $TMP/d1.sock show stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"status\"].get(\"135\", 0))') -gt $before ]"
binding_is "$COA2" || fail "the replay changed HoA1's binding"
ok "135: a replayed BU is out of window, the binding unchanged"

# 130: the cache holds 2; the attacker's own CGA takes the second place
must atk bu --key "$TMP/atk1.key" --prefix 2001:db8:1:: \
    --anchor 2001:db8:1::1 --coa $ATK
has "a first registration of the attacker's own CGA" "^status 0 "
must atk bu --key "$TMP/atk2.key" --prefix 2001:db8:1:: \
    --anchor 2001:db8:1::1 --coa $ATK
has "130 when the cache is full" "^status 130 "
binding_is "$COA2" || fail "a full cache lost HoA1's binding"
ok "130: binding cache full, existing bindings untouched"

# 147 and the fall back to a signature: DAR1 loses its state
stop "$DARPID1"
ip netns exec "${P}d1" "$FAMA" dar -d -v -i acc -s "$TMP/d1.sock" \
    --pidfile "$TMP/d1.pid" --state-file none >"$TMP/d1b.log" 2>&1 &
DARPID1=$!
echo $DARPID1 >>"$TMP/pids"
wait_for "DAR1 back" "$FAMA" dar -s "$TMP/d1.sock" show prefixes
attach 1
wait_for "home at DAR1" mn_at 1
wait_for "settled at home" mn_settled
[ "$(status_count 147)" -ge 1 ] || fail "no 147 from the restarted DAR1"
attach 2
wait_for "attached at DAR2 again" mn_at 2
wait_for "HoA1 bound again" mn_settled
darshow 1 bindings >"$TMP/out"
has "DAR1 verified a signature" "\"hoa\":\"$HOA1\".*\"auth\":\"signature\""
ok "147: a DAR without the token, then a signature binds"

# Return routability required by a DAR (DAR2 restarted with it).
stop "$DARPID2"
ip netns exec "${P}d2" "$FAMA" dar -d -v -i acc -s "$TMP/d2.sock" \
    --pidfile "$TMP/d2.pid" --state-file none --require-rr \
    >"$TMP/d2b.log" 2>&1 &
DARPID2=$!
echo $DARPID2 >>"$TMP/pids"
wait_for "DAR2 back" "$FAMA" dar -s "$TMP/d2.sock" show prefixes
must atk bu --key "$TMP/atk2.key" --prefix 2001:db8:2:: \
    --anchor 2001:db8:2::1 --coa $ATK
has "137 without a care-of test" "^status 137 "
# the care-of test done from the attacker's address, but a victim's
# address registered as the CoA (a flooding attack)
must atk bu --key "$TMP/atk2.key" --prefix 2001:db8:2:: \
    --anchor 2001:db8:2::1 --coa $ATK --rr --alt-coa $CN --seq 2
has "148 for a spoofed care-of address" "^status 148 "
darshow 2 bindings >"$TMP/out"
hasnt "no binding to the victim" "\"coa\":\"$CN\""
must atk bu --key "$TMP/atk2.key" --prefix 2001:db8:2:: \
    --anchor 2001:db8:2::1 --coa $ATK --rr --seq 3
has "accepted with the care-of test" "^status 0 "
ok "return routability: 137 without it, 148 for a spoofed CoA, 0 with it"

for i in 1 2; do eval stop "\$DARPID$i"; done
stop "$MNPID"
for ns in "${P}mn" "${P}d1" "${P}d2"; do
	fama_state "$ns" >"$TMP/out" 2>&1
	[ -s "$TMP/out" ] && { cat "$TMP/out" >&2; fail "$ns: fama state left"; }
done
ok "nothing of fama left"
