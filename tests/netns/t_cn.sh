#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# fama cn: serve and probe over loopback in one namespace.  A 600 ms
# blackout in the middle (an nftables drop) must show up as the longest
# gap and as lost requests; a server that goes away must show up as a
# broken TCP connection; the JSON report parses and the timeline holds a
# line per request.
. "$(dirname "$0")/lib.sh"
: "${FAMA:?set FAMA to the fama binary}"

ns=$P-cn
ns_new $ns
nsx() { ip netns exec $ns "$@"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# ip netns exec execs the command: $! is the server itself
ip netns exec $ns "$FAMA" cn serve -l ::1 >"$TMP/serve" 2>&1 &
SRV=$!
echo $SRV >>"$TMP/pids"
i=0
until grep -q 'serving \[::1\]:7331 udp tcp' "$TMP/serve"; do
	i=$((i + 1))
	[ $i -gt 100 ] && { cat "$TMP/serve" >&2; fail "serve did not start"; }
	sleep 0.05
done
ok "serve listens"

# 4 s at 100/s, UDP and TCP; 600 ms without any loopback traffic from 1.5 s.
nsx "$FAMA" cn probe -b ::1 -c ::1 -r 100 -t -d 4 -j "$TMP/p.json" \
    -w "$TMP/p.tl" >"$TMP/out" 2>&1 &
probe=$!
echo $probe >>"$TMP/pids"
sleep 1.5
nsx nft -f - <<NFT || fail "nft"
table inet blackout {
	chain input {
		type filter hook input priority 0; policy drop;
	}
}
NFT
sleep 0.6
nsx nft delete table inet blackout || fail "nft delete"
wait $probe || { cat "$TMP/out" >&2; fail "probe exited non-zero"; }
cat "$TMP/out"
has "text report" '^udp: 400 sent, [0-9]+ received, [0-9]+ lost'
has "tcp line" '^tcp: [0-9]+ sent, [0-9]+ echoed; .*connection intact'

gap=$(json "$TMP/p.json" "int(d['udp']['longest_gap_ms'])")
lost=$(json "$TMP/p.json" "d['udp']['lost']")
sent=$(json "$TMP/p.json" "d['udp']['sent']")
tgap=$(json "$TMP/p.json" "int(d['tcp']['longest_gap_ms'])")
[ "$sent" -eq 400 ] || fail "udp sent $sent, not 400"
[ "$gap" -ge 590 ] && [ "$gap" -le 800 ] || fail "udp gap $gap ms, not about 600"
[ "$lost" -ge 50 ] && [ "$lost" -le 70 ] || fail "udp lost $lost, not about 60"
[ "$tgap" -ge 590 ] || fail "tcp gap $tgap ms, not 600 or more"
[ "$(json "$TMP/p.json" "d['tcp']['broken']")" = False ] || fail "tcp broke"
ok "a 600 ms blackout: gap $gap ms, $lost lost; TCP waited $tgap ms"

[ "$(grep -c '^u,' "$TMP/p.tl")" -eq 400 ] || fail "timeline: not 400 udp lines"
[ "$(grep -c '^u,[0-9]*,[0-9]*,0$' "$TMP/p.tl")" -eq "$lost" ] ||
    fail "timeline: unanswered lines differ from the lost count"
grep -q '^t,' "$TMP/p.tl" || fail "timeline: no tcp lines"
ok "timeline"

# The server goes away half-way: the TCP connection breaks.
nsx "$FAMA" cn probe -b ::1 -c ::1 -r 50 -t -d 2 -j "$TMP/b.json" \
    >"$TMP/out" 2>&1 &
probe=$!
echo $probe >>"$TMP/pids"
sleep 0.7
kill $SRV
wait $SRV
wait $probe || fail "probe exited non-zero"
[ "$(json "$TMP/b.json" "d['tcp']['broken']")" = True ] ||
    { cat "$TMP/out" "$TMP/b.json" >&2; fail "a closed server did not break TCP"; }
json "$TMP/b.json" "d['tcp']['reason']" >"$TMP/out"
has "reason" '^(closed|reset)$'
ok "the server's end breaks the TCP stream ($(cat "$TMP/out"))"

# Usage errors.
for args in "probe" "probe -b ::1" "probe -b x -c ::1" "probe -b ::1 -c ::1 -r 0" \
    "serve -p 0" "serve -l nope" "nosuch"; do
	# shellcheck disable=SC2086
	if "$FAMA" cn $args >"$TMP/out" 2>&1; then fail "accepted: cn $args"; fi
	has "usage for '$args'" 'usage: fama cn|fama cn:'
done
ok "usage errors exit 1"
