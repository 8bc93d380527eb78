# SPDX-License-Identifier: GPL-2.0-only
# Sourced by tests/netns/t_lab*.sh after lib.sh: a lab name unique to the
# run, its removal at exit whatever happened, and the check that none of
# its namespaces or state outlives it.
: "${FAMA:?set FAMA to the fama binary}"
LAB="l$$"
LABDIR=/run/fama/lab/$LAB

lab_cleanup() {
	"$FAMA" lab -n "$LAB" down >/dev/null 2>&1
	cleanup
}
trap 'lab_cleanup' EXIT

# lab_gone: no namespace of the lab in `ip netns list`, no state left.
lab_gone() {
	if ip netns list | grep -q "^$LAB-"; then
		ip netns list >&2
		fail "namespaces of lab $LAB left"
	fi
	[ -e "$LABDIR" ] && fail "$LABDIR left"
	ok "nothing of lab $LAB left"
}

# jget FILE EXPR: a Python expression over the JSON document d.
jget() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# lab_json_ok FILE: no failed check, every move settled, every flow of
# every move judged ok, and as many moves as asked.
lab_json_ok() {
	[ "$(jget "$1" "d['failed']")" = 0 ] || {
		jget "$1" "'\\n'.join(c['what'] for c in d['checks'] if not c['ok'])" >&2
		fail "failed checks"
	}
	[ "$(jget "$1" "len(d['moves'])")" = "$2" ] || fail "not $2 moves"
	[ "$(jget "$1" "all(m['settled_ms'] is not None for m in d['moves'])")" = True ] ||
	    fail "a move did not settle"
	[ "$(jget "$1" "all(f['ok'] for m in d['moves'] for f in m['flows'])")" = True ] ||
	    fail "a flow was not ok"
}
