#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Faults: `fama mn` killed with SIGKILL and restarted.  The applications'
# sockets outlive the daemon, so it recovers: with its state file (beside
# the key) it takes over its addresses, tunnels and tokens, no BU is
# needed, flows go on, and a later release uses the token.  Without the
# file, the away addresses the kernel's tunnels name are registered again
# with a signature while a socket uses them, released otherwise, and
# everything else of the dead run is removed: no leaked state anywhere.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fama.sh"

kill9mn() {
	kill -KILL "$MNPID"
	wait "$MNPID" 2>/dev/null
	ok "MN (pid $MNPID) killed with SIGKILL"
}

# mnaddrs: the MN's addresses as "address anchor state token" lines.
mnaddrs() {
	mnshow | json "'\n'.join(sorted('%s %s %s %s' % (a['address'], a['anchor'], a['state'], a['token']) for a in j['addresses']))"
}

# kstate NS: fama's routes, rules, addresses (without lifetimes), sorted.
kstate() {
	{
		ip -n "$1" -6 route show table all proto $FAMA_PROTO
		ip -n "$1" -6 rule show
		fama_addrs "$1"
	} | sort
}

sig_count() { darshow "$1" stats | json "j['signatures_checked']"; }

away_with_flows 3 active
COA2=$(mn_addr 2)
flow_start udp2 udp "$COA2"
flow_alive udp1
wait_for "the MN's state file" test -s "$TMP/mn.key.state"
[ "$(stat -c %a "$TMP/mn.key.state")" = 600 ] ||
    fail "MN state file mode $(stat -c %a "$TMP/mn.key.state")"
sleep 0.3
mnaddrs >"$TMP/a.before"
kstate "${P}mn" >"$TMP/k.before"
SIG1=$(sig_count 1)

# --- SIGKILL, restart with the state file ---
kill9mn
flow_alive udp1
start_mn --keep active
wait_for "attached at DAR2 after the restart" mn_at 2
wait_for "settled after the restart" mn_settled
must grep -E "state file .*mn.key.state: 2 addresses restored, 0 refused" "$TMP/mn.log"
mnaddrs >"$TMP/a.after"
cmp -s "$TMP/a.before" "$TMP/a.after" || { diff "$TMP/a.before" \
    "$TMP/a.after" >&2; fail "the MN's addresses differ after the restart"; }
kstate "${P}mn" >"$TMP/k.after"
cmp -s "$TMP/k.before" "$TMP/k.after" || { diff "$TMP/k.before" \
    "$TMP/k.after" >&2; fail "the MN's kernel state differs"; }
for f in udp1 tcp1 udp2; do flow_alive $f; done
[ "$(sig_count 1)" = "$SIG1" ] || fail "DAR1 checked a signature again"
must consistent
ok "restarted with its state file: same addresses and tunnels, flows alive: $(cat "$TMP/out")"

# the token survived: HoA1's last socket closes, the release uses it
flow_stop udp1
flow_stop tcp1
wait_for "HoA1 released" sh -c "! \"$FAMA\" mn -s \"$TMP/mn.sock\" show | grep -q $HOA1"
must darshow 1 bindings
has "DAR1 released HoA1 with the token" "\"hoa\":\"$HOA1\".*\"state\":\"idle\".*\"auth\":\"token\""
[ "$(sig_count 1)" = "$SIG1" ] || fail "DAR1 checked a signature again"
must ip -n "${P}mn" -6 addr show
hasnt "HoA1 gone from the MN" "$HOA1"
ok "HoA1 released with the token the restarted MN kept"

# --- SIGKILL, restart without a state file ---
# Back at DAR1 (the same CGA again), HoA1 pinned by hand without a socket;
# then DAR3: HoA1 and CoA2 (udp2's) bound.
attach 1
wait_for "back at DAR1" mn_at 1
[ "$(mn_addr 1)" = "$HOA1" ] || fail "another address at DAR1"
must "$FAMA" mn -s "$TMP/mn.sock" keep "$HOA1"
attach 3
wait_for "attached at DAR3" mn_at 3
wait_for "HoA1 and CoA2 bound" mn_settled
COA3=$(mn_addr 3)
must darshow 1 bindings
has "HoA1 bound at DAR1" "\"hoa\":\"$HOA1\",\"coa\":\"$COA3\".*\"state\":\"bound\""
flow_alive udp2
SIG1=$(sig_count 1)
SIG2=$(sig_count 2)
sleep 0.3
kill9mn
rm -f "$TMP/mn.key.state"
start_mn --keep active
wait_for "attached at DAR3 after the restart" mn_at 3
wait_for "settled after the second restart" mn_settled
must grep -E "kernel: 2 away addresses of an earlier run to release, 1 addresses and [0-9]+ tunnels of it removed" "$TMP/mn.log"
must darshow 2 bindings
has "CoA2 registered again, signed" "\"hoa\":\"$COA2\",\"coa\":\"$COA3\".*\"state\":\"bound\".*\"auth\":\"signature\""
[ "$(sig_count 2)" -gt "$SIG2" ] || fail "DAR2 saw no new signature"
flow_alive udp2
wait_for "HoA1 released at DAR1" sh -c "\"$FAMA\" dar -s \"$TMP/d1.sock\" show bindings --json | grep -q '\"hoa\":\"$HOA1\",\"coa\":\"[0-9a-f:]*\",\"anchor\":\"2001:db8:1::1\",\"state\":\"idle\"'"
[ "$(sig_count 1)" -gt "$SIG1" ] || fail "HoA1's release was not signed"
wait_for "HoA1 gone from the MN" sh -c "[ \$(\"$NLTOOL\" -n ${P}mn addr owned | grep -c .) -eq 2 ]"
must fama_addrs "${P}mn"
has "CoA3 on the link" " $COA3/64\$"
has "CoA2 kept, on lo" "^1 $COA2/128\$"
hasnt "HoA1 gone" "$HOA1"
must consistent
res=$(cat "$TMP/out")
wait_for "a new state file" test -s "$TMP/mn.key.state"
ok "without the state file: CoA2, in use, registered again (signed); HoA1, unused, released (signed): $res"

# the unused one would have been released: now with the new token
flow_stop udp2
wait_for "CoA2 released" sh -c "! \"$FAMA\" mn -s \"$TMP/mn.sock\" show | grep -q $COA2"
must darshow 2 bindings
has "DAR2 released CoA2 with the token" "\"hoa\":\"$COA2\".*\"state\":\"idle\""

finish
ok "no crash; SIGTERM leaves nothing"
