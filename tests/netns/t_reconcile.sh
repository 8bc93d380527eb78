#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Restart reconciliation: one process installs routes, rules, addresses
# and tunnels and is gone; new processes list exactly what fama owns (by
# its protocol number) and converge on a desired set without duplicating,
# leaking, or touching what others installed.
. "$(dirname "$0")/lib.sh"

ns=$P-rec
ns_new $ns
must nlt -n $ns link veth v0 v1
must nlt -n $ns link up v0
must nlt -n $ns link up v1

# The predecessor's state, and some that is not fama's.
must nlt -n $ns route add 2001:db8:a::/64 dev v0
must nlt -n $ns route add 2001:db8:b::/64 dev v0 table 100
must nlt -n $ns route add 2001:db8:9::5/128 seg6 2001:db8:c::1 dev v0 mtu 1460
must nlt -n $ns rule add pref 300 from 2001:db8:9::5 table 100
must nlt -n $ns rule add pref 310 from 2001:db8:9::6 table 100
must nlt -n $ns addr add v0 2001:db8:1::10/64 nodad
must nlt -n $ns addr add v0 2001:db8:1::11/64 nodad
must ip -n $ns -6 route add 2001:db8:f::/64 dev v0 proto static
must ip -n $ns -6 rule add pref 400 from 2001:db8:f::1 lookup 100
must ip -n $ns -6 addr add 2001:db8:1::f/64 dev v0 nodad

# Sure to be a new process, and a killed one at that: a reader of events
# holding its sockets open, killed without a chance to clean up.
serve nlt -n $ns events 60000
kill -KILL $SERVED_PID
wait $SERVED_PID 2>/dev/null

must nlt -n $ns route owned
[ "$(wc -l <"$TMP/out")" = 3 ] || { cat "$TMP/out"; fail "owned routes"; }
hasnt "foreign route not listed" "2001:db8:f::"
must nlt -n $ns rule owned
[ "$(wc -l <"$TMP/out")" = 2 ] || { cat "$TMP/out"; fail "owned rules"; }
must nlt -n $ns addr owned
[ "$(wc -l <"$TMP/out")" = 2 ] || { cat "$TMP/out"; fail "owned addresses"; }
ok "a new process lists exactly what fama owns"

# Routes: keep b, change the seg6 route's MTU, add d, drop a.
cat >"$TMP/routes" <<'R'
2001:db8:b::/64 dev v0 table 100
2001:db8:9::5/128 seg6 2001:db8:c::1 dev v0 mtu 1400
2001:db8:d::/64 dev v0
2001:db8:d::/64 dev v0
R
must nlt -n $ns reconcile routes <"$TMP/routes"
has "route changes" "^kept 1 added 1 replaced 1 removed 1\$"
must nlt -n $ns reconcile routes <"$TMP/routes"
has "routes converged" "^kept 3 added 0 replaced 0 removed 0\$"
must ip -n $ns -6 route show table all
hasnt "a removed" "2001:db8:a::"
[ "$(count "^2001:db8:b::/64 .*table 100")" = 1 ] || fail "b not once"
[ "$(count "^2001:db8:9::5 .*segs 1 \[ 2001:db8:c::1 \].*mtu 1400")" = 1 ] ||
    fail "seg6 route not replaced once"
[ "$(count "^2001:db8:d::/64")" = 1 ] || fail "d not once"
has "foreign route kept" "^2001:db8:f::/64 dev v0 proto static"
ok "routes converge"

# Rules: keep 300, drop 310, add 320.
printf 'pref 300 from 2001:db8:9::5 table 100\npref 320 from 2001:db8:9::7 table 100\n' \
    >"$TMP/rules"
must nlt -n $ns reconcile rules <"$TMP/rules"
has "rule changes" "^kept 1 added 1 replaced 0 removed 1\$"
must nlt -n $ns reconcile rules <"$TMP/rules"
has "rules converged" "^kept 2 added 0 replaced 0 removed 0\$"
must ip -n $ns -6 rule show
[ "$(count "^300:.*from 2001:db8:9::5 lookup 100 proto $FAMA_PROTO")" = 1 ] ||
    fail "rule 300 not once"
hasnt "rule 310 removed" "^310:"
has "rule 320 added" "^320:.*from 2001:db8:9::7 lookup 100"
has "foreign rule kept" "^400:.*from 2001:db8:f::1 lookup 100"
ok "rules converge"

# Addresses: deprecate ::11, drop ::10, add ::12.
printf 'v0 2001:db8:1::11/64 nodad valid 600 preferred 0\nv0 2001:db8:1::12/64 nodad\n' \
    >"$TMP/addrs"
must nlt -n $ns reconcile addrs dev v0 <"$TMP/addrs"
has "address changes" "^kept 0 added 1 replaced 1 removed 1\$"
must nlt -n $ns reconcile addrs dev v0 <"$TMP/addrs"
has "addresses converged" "^kept 2 added 0 replaced 0 removed 0\$"
must ip -n $ns -6 addr show dev v0
hasnt "::10 removed" "2001:db8:1::10/"
has "::11 deprecated" "2001:db8:1::11/64 .*deprecated"
[ "$(count "2001:db8:1::12/64")" = 1 ] || fail "::12 not once"
has "foreign address kept" "2001:db8:1::f/64"
ok "addresses converge"

# Tunnels: anchors' tables are found again, not given out anew.
must nlt -n $ns addr add v1 2001:db8:2::100/64 nodad proto 4
must nlt -n $ns tunnel mn up 2001:db8:9::5 2001:db8:2::1 v1
must nlt -n $ns tunnel mn up 2001:db8:9::6 2001:db8:2::2 v1
must nlt -n $ns tunnel mn up 2001:db8:9::6 2001:db8:2::2 v1
must nlt -n $ns tunnel mn up 2001:db8:9::7 2001:db8:2::2 v1
must ip -n $ns -6 rule show
has "first anchor, first table" "^300:.*from 2001:db8:9::5 lookup 7001 "
has "second anchor, second table" "^300:.*from 2001:db8:9::6 lookup 7002 "
has "same anchor, same table" "^300:.*from 2001:db8:9::7 lookup 7002 "
[ "$(count "2001:db8:9::6 lookup")" = 1 ] || fail "home-address rule twice"
must ip -n $ns -6 route show table all
hasnt "a third table was given out" "table 7003"
must nlt -n $ns tunnel mn down 2001:db8:9::6
must ip -n $ns -6 route show table 7002
has "table kept while ::7 uses it" "^default .*2001:db8:2::2"
must nlt -n $ns tunnel mn down 2001:db8:9::7
must ip -n $ns -6 route show table all
hasnt "unused anchor table left" "table 7002"
has "the other anchor's table stays" "table 7001"
must nlt -n $ns tunnel flush
must ip -n $ns -6 route show table all
hasnt "flush left a table" "table 70[0-9][0-9]"
must ip -n $ns -6 rule show
hasnt "flush left a rule" "lookup 70[0-9][0-9]"
ok "tunnel tables survive restarts"
