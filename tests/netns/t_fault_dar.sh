#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Faults: a DAR killed with SIGKILL and restarted.  With its state file it
# comes back with the same bindings, tokens and tunnels (the kernel's kept,
# none duplicated), flows through it go on, and the MN's next BU is
# accepted with the token (no new signature).  Killed while the MN moves,
# the MN's retransmitted BU binds once it is back.  A damaged state file is
# set aside: the DAR starts empty, takes the leftover tunnels down, and the
# MN binds again with a signature.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fama.sh"

# kill9 I: SIGKILL to DAR_I, reaped.
kill9() {
	eval "_p=\$DARPID$1"
	kill -KILL "$_p"
	wait "$_p" 2>/dev/null
	ok "DAR$1 (pid $_p) killed with SIGKILL"
}

# dar_back I: DAR_I answers on its control socket.
dar_back() { wait_for "DAR$1 back" darshow "$1" prefixes; }

# bindings I: DAR_I's entries as "hoa coa state seq token auth" lines.
bindings() {
	darshow "$1" bindings | json "'\n'.join(sorted('%s %s %s %s %s %s' % (b['hoa'], b['coa'], b['state'], b['seq'], b['token'], b['auth']) for b in j))"
}

# kstate NS: fama's routes, rules and proxy entries, sorted (no counters).
kstate() {
	{
		ip -n "$1" -6 route show table all proto $FAMA_PROTO
		ip -n "$1" -6 rule show
		ip -n "$1" -6 neigh show proxy
	} | sort
}

away_with_flows 3 all
COA2=$(mn_addr 2)
flow_alive udp1
flow_alive tcp1
must bindings 1
has "DAR1 bound HoA1 with a signature" "^$HOA1 $COA2 bound [0-9]+ True signature$"

# --- the state file: written, 0600 ---
wait_for "DAR1's state file" test -s "$TMP/d1.state"
[ "$(stat -c %a "$TMP/d1.state")" = 600 ] ||
    fail "state file mode $(stat -c %a "$TMP/d1.state"), not 600"
# batched: at most DAR_STATE_DELAY_MS after the change
sleep 0.3
bindings 1 >"$TMP/b.before"
kstate "${P}d1" >"$TMP/k.before"
ok "state file written, mode 0600"

# --- SIGKILL, restart: the same bindings, tokens and tunnels ---
kill9 1
# the data plane is the kernel's: it outlives the daemon
flow_alive udp1
must ip -n "${P}d1" -6 route show proto $FAMA_PROTO
has "the tunnel outlived DAR1" "^$HOA1 +encap seg6"
start_dar 1
dar_back 1
bindings 1 >"$TMP/b.after"
cmp -s "$TMP/b.before" "$TMP/b.after" || { diff "$TMP/b.before" \
    "$TMP/b.after" >&2; fail "bindings differ after the restart"; }
kstate "${P}d1" >"$TMP/k.after"
cmp -s "$TMP/k.before" "$TMP/k.after" || { diff "$TMP/k.before" \
    "$TMP/k.after" >&2; fail "kernel state differs after the restart"; }
must ip -n "${P}d1" -6 route show table all proto $FAMA_PROTO
[ "$(count "^$HOA1 ")" -eq 1 ] || fail "HoA1's route duplicated"
must grep -E "state file .*: 1 bindings and 0 tokens restored" "$TMP/d1.log"
must grep -E "kernel: 1 tunnels kept, 0 installed, 0 removed" "$TMP/d1.log"
flow_alive udp1
flow_alive tcp1
must consistent
ok "restarted: same bindings, tunnel kept, no duplicate, flows alive: $(cat "$TMP/out")"

# --- the next BU uses the token ---
attach 3
wait_for "attached at DAR3" mn_at 3
wait_for "settled at DAR3" mn_settled
COA3=$(mn_addr 3)
must bindings 1
has "DAR1 moved HoA1 with the token" "^$HOA1 $COA3 bound [0-9]+ True token$"
[ "$(darshow 1 stats | json "j['signatures_checked']")" -eq 0 ] ||
    fail "the restarted DAR1 checked a signature"
flow_alive udp1
flow_alive tcp1
must consistent
ok "token-authenticated BU after the restart, no signature: $(cat "$TMP/out")"

# --- killed while the MN moves: the BU is retransmitted until bound ---
sleep 0.3
kill9 1
attach 2
wait_for "attached at DAR2 again" mn_at 2
sleep 1
start_dar 1
dar_back 1
wait_for "HoA1 bound again via DAR2" sh -c "\"$FAMA\" dar -s \"$TMP/d1.sock\" show bindings --json | grep -q '\"hoa\":\"$HOA1\",\"coa\":\"$COA2\",\"anchor\":\"2001:db8:1::1\",\"state\":\"bound\"'"
wait_for "MN settled" mn_settled
must bindings 1
has "with the token again" "^$HOA1 $COA2 bound [0-9]+ True token$"
must ip -n "${P}d1" -6 route show table all proto $FAMA_PROTO
[ "$(count "^$HOA1 ")" -eq 1 ] || fail "HoA1's route duplicated"
has "tunnel to CoA2" "^$HOA1 +encap seg6 mode encap.red segs 1 \[ $COA2 \]"
flow_alive udp1
flow_alive tcp1
must consistent
ok "a BU lost while DAR1 was down: retransmitted, bound with the token: $(cat "$TMP/out")"

# --- a damaged state file: set aside, empty start, leftovers removed ---
sleep 0.3
kill9 1
python3 -c "
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[40] ^= 0xff
open(p, 'wb').write(b)" "$TMP/d1.state"
start_dar 1
dar_back 1
must grep -E "state file .*d1.state refused \(digest mismatch: damaged\): moved to .*d1.state.bad" "$TMP/d1.log"
[ -f "$TMP/d1.state.bad" ] || fail "damaged file not kept"
must darshow 1 bindings
has "DAR1 empty" '^\[\]$'
must ip -n "${P}d1" -6 route show table all proto $FAMA_PROTO
hasnt "the untrusted tunnel removed" "^$HOA1 "
must ip -n "${P}d1" -6 neigh show proxy
hasnt "the untrusted proxy entry removed" "$HOA1"
# the MN learns of it at its next BU: 147, then a signature
attach 3
wait_for "attached at DAR3 again" mn_at 3
wait_for "settled at DAR3 again" mn_settled
must bindings 1
has "HoA1 bound again, signed" "^$HOA1 $COA3 bound [0-9]+ True signature$"
flow_alive udp1
flow_alive tcp1
must consistent
ok "damaged state file: refused, DAR1 clean, the MN signed again: $(cat "$TMP/out")"

# --- a binding that ends while its DAR is down comes back as a token ---
stop "$DARPID1"
start_dar 1 --max-lifetime 4
dar_back 1
attach 2
wait_for "at DAR2" mn_at 2
wait_for "HoA1 bound for 4 s" sh -c "\"$FAMA\" dar -s \"$TMP/d1.sock\" show bindings --json | grep -q '\"state\":\"bound\",\"lifetime_left_ms\":[0-9]*,\"lifetime\":4,'"
COA2=$(mn_addr 2)
sleep 0.3
kill9 1
sleep 5
start_dar 1 --max-lifetime 4
dar_back 1
must grep -E "state file .*: 0 bindings and 1 tokens restored, 1 bindings ended while down \(0 forgotten\)" "$TMP/d1.log"
must grep -E "kernel: 0 tunnels kept, 0 installed, 1 removed" "$TMP/d1.log"
# the MN's next refresh binds it again, with the token
wait_for "HoA1 bound again" sh -c "\"$FAMA\" dar -s \"$TMP/d1.sock\" show bindings --json | grep -q '\"hoa\":\"$HOA1\",\"coa\":\"$COA2\",\"anchor\":\"2001:db8:1::1\",\"state\":\"bound\"'"
must bindings 1
has "with the token" "^$HOA1 $COA2 bound [0-9]+ True token$"
[ "$(darshow 1 stats | json "j['signatures_checked']")" -eq 0 ] ||
    fail "a signature was needed"
wait_for "consistent" consistent
flow_alive udp1
ok "a binding that ended while DAR1 was down: restored as a token, the refresh bound it: $(cat "$TMP/out")"

finish
ok "no crash; SIGTERM leaves nothing"
