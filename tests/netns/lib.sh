# SPDX-License-Identifier: GPL-2.0-only
# Sourced by tests/netns/t_*.sh: a run-unique prefix, cleanup of every
# namespace, process and file a test makes (also on failure or signal),
# and small assertions.  Needs root, iproute2 and build/tests/netns/nltool.

NLTOOL="${BUILD:-build}/tests/netns/nltool"
case $NLTOOL in /*) ;; *) NLTOOL="$PWD/$NLTOOL" ;; esac
[ -x "$NLTOOL" ] || { echo "missing $NLTOOL (make check-netns builds it)" >&2; exit 1; }
# fama's protocol number (netns/nl.h NL_RTPROT_FAMA).
FAMA_PROTO=70
TEST_NAME=$(basename "$0" .sh)
# Short: names go into interface-free namespace names only.
P="f$$"
TMP=$(mktemp -d "/tmp/fama-$TEST_NAME.XXXXXX")
: >"$TMP/ns"
: >"$TMP/pids"
failed=0

cleanup() {
	trap - EXIT INT TERM
	# SIGTERM, and SIGKILL for what does not stop within 3 s (a hung
	# daemon must not hang the test run too).
	while read -r pid; do
		kill "$pid" 2>/dev/null
	done <"$TMP/pids"
	while read -r pid; do
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 60 ]; do
			i=$((i + 1))
			sleep 0.05
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done <"$TMP/pids"
	while read -r ns; do
		ip netns del "$ns" 2>/dev/null
	done <"$TMP/ns"
	rm -rf "$TMP"
}
trap 'cleanup' EXIT
trap 'exit 1' INT TERM

nlt() { "$NLTOOL" "$@"; }

fail() {
	echo "FAIL [$TEST_NAME]: $*" >&2
	exit 1
}

ok() { echo "  ok: $*"; }

# A namespace with lo up, removed at exit.
ns_new() {
	echo "$1" >>"$TMP/ns"
	nlt ns add "$1" || fail "ns add $1"
	nlt -n "$1" link up lo || fail "lo up in $1"
}

# Runs a command that must succeed.
must() {
	"$@" >"$TMP/out" 2>&1 || { cat "$TMP/out" >&2; fail "$*"; }
}

# has DESC PATTERN: the last output must match the extended regex.
has() {
	grep -Eq -- "$2" "$TMP/out" || { cat "$TMP/out" >&2; fail "$1: no /$2/"; }
}

# hasnt DESC PATTERN: the last output must not match.
hasnt() {
	! grep -Eq -- "$2" "$TMP/out" || { cat "$TMP/out" >&2; fail "$1: /$2/ present"; }
}

# count PATTERN: lines of the last output that match.
count() { grep -Ec -- "$1" "$TMP/out"; }

# A background process printing "ready" (or, iperf3, "Server listening")
# once listening; killed at exit.
# Its output goes to $SERVED, its pid is $SERVED_PID.
nserved=0
serve() {
	nserved=$((nserved + 1))
	SERVED="$TMP/serve.$nserved"
	"$@" >"$SERVED" 2>&1 &
	SERVED_PID=$!
	echo $SERVED_PID >>"$TMP/pids"
	i=0
	while ! grep -Eq 'ready|Server listening' "$SERVED" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && { cat "$SERVED" >&2; fail "did not start: $*"; }
		sleep 0.05
	done
}
