#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The demo: `fama lab` as the README runs it (shorter dwell), three DARs,
# moves DAR1 > DAR2 > DAR3 > DAR1 with flows from each DAR.  It must pass
# every check and leave nothing behind; its JSON must say that the flows
# took the paths FAMA promises, and its SVG must be there.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/labtest.sh"

"$FAMA" lab -n "$LAB" --dwell 3000 --json "$TMP/lab.json" --svg "$TMP/lab.svg" \
    >"$TMP/out" 2>&1 || { cat "$TMP/out" >&2; fail "fama lab failed"; }
cat "$TMP/out"
has "report table" '^MOVE MN +FROM>TO +FLOW'
has "all checks" '^checks: [0-9]+ passed, 0 failed$'
lab_json_ok "$TMP/lab.json" 4
lab_gone

# The paths: at the last move (back to DAR1) f1 is native, f2 and f3
# cross their anchors DAR2 and DAR3 only.
[ "$(jget "$TMP/lab.json" "[f['path'] for f in d['moves'][3]['flows']]")" = \
    "['native', 'tunnel', 'tunnel']" ] || fail "paths at the return"
[ "$(jget "$TMP/lab.json" "all(f['packets_elsewhere'] == 0 and f['packets_at_anchor'] > 0 for m in d['moves'] for f in m['flows'])")" = True ] ||
    fail "a flow crossed a DAR other than its anchor"
[ "$(jget "$TMP/lab.json" "[f['address'].split(':')[2] for f in d['flows']]")" = \
    "['1', '2', '3']" ] || fail "flows not from DAR1, DAR2, DAR3's prefixes"
ok "paths as FAMA says"

grep -q '^<svg xmlns="http://www.w3.org/2000/svg"' "$TMP/lab.svg" || fail "no SVG"
tail -1 "$TMP/lab.svg" | grep -q '^</svg>$' || fail "SVG not closed"
python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" \
    "$TMP/lab.svg" || fail "SVG is not well-formed XML"
ok "SVG timeline"
