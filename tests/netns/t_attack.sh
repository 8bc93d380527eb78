#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Attacks on a live DAR and MN that t_fama_neg.sh does not make: a flood of
# signature-bearing first registrations from 64 /64s beyond the core while
# the MN hands over between DAR2 and DAR3, moving its binding at DAR1 with
# token-authenticated BUs that must still be answered within
# FAMA_FLOOD_BOUND_MS; the flood also fills DAR1's binding cache (status
# 130, the MN's binding untouched, it still moves); a BAD computed with a
# wrong key (148); and a captured BA replayed towards the MN (ignored).
# None may create, move or remove a binding it does not own.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fama.sh"

MHTOOL="${BUILD:-build}/tests/netns/mhtool"
case $MHTOOL in /*) ;; *) MHTOOL="$PWD/$MHTOOL" ;; esac
ATK=2001:db8:2::666
BOUND=${FAMA_FLOOD_BOUND_MS:-200}
CACHE=300
RATE=${FAMA_FLOOD_RATE:-20000}

topo 3
attacker 2 $ATK
# The flood's sources are 64 /64s of 2001:db8:a0::/48 behind the CN.
ip -n "${P}d1" route add 2001:db8:a0::/48 via $CN
must "$FAMA" cga keygen -b 1024 -s 1 "$TMP/atk.key"

attach 1
start_dars --max-bindings $CACHE
start_mn --keep all
wait_for "attached at DAR1" mn_at 1
HOA1=$(mn_addr 1)
atk() { ip netns exec "${P}atk" "$MHTOOL" "$@"; }
stat1() { darshow 1 stats | json "$1"; }
binding1() {	# HoA1's binding at DAR1: coa state seq
	darshow 1 bindings | json "' '.join(str(b[k]) for b in j if b['hoa'] == '$HOA1' for k in ('coa', 'state', 'seq'))"
}
summary() { echo "$*" >>"$TMP/summary"; }

# The BA that binds HoA1 from DAR2, captured on its way in at DAR2.
ip netns exec "${P}d2" "$MHTOOL" capture core 10000 "$TMP/ba.bin" ba \
    >"$TMP/capture" 2>&1 &
echo $! >>"$TMP/pids"
wait_for "capture ready" grep -q ready "$TMP/capture"
attach 2
wait_for "attached at DAR2" mn_at 2
wait_for "HoA1 bound" mn_settled
wait_for "the BA captured" grep -q captured "$TMP/capture"
COA2=$(mn_addr 2)
ok "MN bound at DAR1 from DAR2"

# --- a captured BA, replayed towards the MN ----------------------------
before=$(binding1)
ign=$(mnshow | json "j['stats']['ba_ignored']")
for i in 1 2 3; do must atk replay "$TMP/ba.bin" --no-wait; done
wait_for "the MN ignored three BAs" sh -c "[ \$($FAMA mn -s $TMP/mn.sock show --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"stats\"][\"ba_ignored\"])') -ge $((ign + 3)) ]"
mnshow >"$TMP/out"
has "HoA1 still bound" "\"address\":\"$HOA1\",\"anchor\":\"2001:db8:1::1\",\"state\":\"bound\""
[ "$(binding1)" = "$before" ] || fail "the replayed BA changed the binding"
summary "BA replayed to the MN: tried 3 ignored 3 lost 0 created 0 crashes 0"
ok "a replayed BA is ignored by the MN"

# --- a BAD computed with a wrong key ---------------------------------------
seq=$(binding1 | cut -d' ' -f3)
for i in 1 2 3 4; do
	must atk bu --key "$TMP/atk.key" --hoa "$HOA1" --anchor 2001:db8:1::1 \
	    --coa $ATK --token random --seq $((seq + i))
	has "148 for a wrong Kbm" "^status 148 "
done
[ "$(binding1)" = "$before" ] || fail "a forged BAD changed the binding"
[ "$(stat1 "j['refused']['authenticator does not verify']")" -eq 4 ] ||
    fail "not counted as a wrong authenticator"
summary "BAD with a wrong key: tried 4 rejected 4 lost 0 created 0 crashes 0"
ok "148 for a BAD computed with a wrong key, the binding unchanged"

# --- a flood of signed BUs while the MN moves ------------------------------
ip netns exec "${P}cn" "$MHTOOL" flood --key "$TMP/atk.key" \
    --anchor 2001:db8:1::1 --prefix 2001:db8:1:: --src-prefix 2001:db8:a0:: \
    --sources 64 --count 512 --seconds 6 --rate "$RATE" >"$TMP/flood" 2>&1 &
FLOODPID=$!
echo $FLOODPID >>"$TMP/pids"
wait_for "the flood running" grep -q built "$TMP/flood"
sleep 1
: >"$TMP/moves"
for to in 3 2 3 2; do
	attach $to
	wait_for "at DAR$to" mn_at $to
	wait_for "settled at DAR$to" mn_settled
	echo "$(ho_ms "$HOA1")" >>"$TMP/moves"
	kill -0 "$FLOODPID" 2>/dev/null || fail "the flood ended before the moves"
done
wait "$FLOODPID" || { cat "$TMP/flood" >&2; fail "flood"; }
cat "$TMP/flood"
worst=$(sort -n "$TMP/moves" | tail -1)
echo "  moves under the flood: BA after BU in $(tr '\n' ' ' <"$TMP/moves")ms"
darshow 1 stats >"$TMP/st"
python3 - "$TMP/st" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
print("  DAR1: %d packets, %d signatures checked, %d rate-limited (129), "
      "%d refused for a full cache (130), %d queued, %d dropped from a full "
      "queue (peak %d), %d dropped by the kernel, %d bindings" % (
          j["packets"], j["signatures_checked"],
          j["signatures_rate_limited"], j["refused"]["binding cache full"],
          j["signed_queued"], j["signed_queue_full"], j["signed_queue_peak"],
          j["receive_queue_drops"], j["bindings"]))
EOF
kill -0 "$DARPID1" 2>/dev/null || fail "DAR1 died in the flood"
[ "$worst" -lt "$BOUND" ] ||
    fail "a handover took $worst ms at DAR1 under the flood (bound $BOUND)"
ok "handovers under the flood: worst $worst ms (bound $BOUND)"

# --- the cache is full: 130, and the MN's binding is untouched -------------
[ "$(stat1 "j['entries']")" -eq $CACHE ] || fail "the cache is not full"
[ "$(stat1 "j['refused']['binding cache full']")" -gt 0 ] || fail "no 130"
must atk bu --key "$TMP/atk.key" --prefix 2001:db8:1:: \
    --anchor 2001:db8:1::1 --coa $ATK
has "130 when the cache is full" "^status 130 "
binding1 >"$TMP/out"
has "HoA1 still bound to the MN" "^$(mn_addr 2) bound "
# the MN moves on: its binding is there, no room needed
attach 3
wait_for "at DAR3" mn_at 3
wait_for "settled at DAR3" mn_settled
[ "$(ho_ms "$HOA1")" -lt "$BOUND" ] || fail "slow move with a full cache"
binding1 >"$TMP/out"
has "HoA1 moved by the MN" "^$(mn_addr 3) bound "
summary "flood of signed BUs: sent $(sed -n 's/^flood: sent \([0-9]*\).*/\1/p' "$TMP/flood") worst handover $worst ms lost 0 crashes 0"
summary "binding cache exhaustion: entries $CACHE refused-130 $(stat1 "j['refused']['binding cache full']") lost 0 crashes 0"
ok "130 for a full cache; the MN still moves through DAR1"

# The attacker's bindings are its own CGAs; the MN's is the MN's.
darshow 1 bindings >"$TMP/out"
[ "$(json "len([b for b in j if b['coa'] == '$(mn_addr 3)'])" <"$TMP/out")" -eq 1 ] ||
    fail "HoA1 is not the only binding to the MN"

for i in 1 2 3; do eval stop "\$DARPID$i"; done
stop "$MNPID"
for ns in "${P}mn" "${P}d1" "${P}d2" "${P}d3"; do
	fama_state "$ns" >"$TMP/out" 2>&1
	[ -s "$TMP/out" ] && { cat "$TMP/out" >&2; fail "$ns: fama state left"; }
done
sed 's/^/  /' "$TMP/summary"
ok "nothing of fama left"
