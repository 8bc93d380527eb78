# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the daemon tests (t_fama*.sh) after lib.sh: a FAMA network of
# real `fama dar` / `fama mn` processes in namespaces, and helpers to move
# the MN and to read the daemons' and the kernel's state.
#
#   core: a bridge joining DAR_i (2001:db8:ff::i) and the CN (::100)
#   DAR_i: access bridge "acc" with 2001:db8:i::1/64 (the anchor)
#   MN: m0, one end of a veth whose other end ("port") is a port of
#       the current DAR's access bridge; a move takes it to another DAR.

FLOW="${BUILD:-build}/tests/netns/flow"
case $FLOW in /*) ;; *) FLOW="$PWD/$FLOW" ;; esac
[ -x "$FLOW" ] || fail "missing $FLOW (make check-netns builds it)"
[ -x "$FAMA" ] || fail "FAMA is not the fama binary: $FAMA"
CN=2001:db8:ff::100
NDAR=0
MNAT=""

# topo N: N DARs, the core, the CN and the MN, attached nowhere yet.
topo() {
	NDAR=$1
	ns_new "${P}core"
	ns_new "${P}cn"
	ns_new "${P}mn"
	# The MN's stack must not configure itself from RAs before fama mn
	# runs, and its link-local should be usable at once after a move.
	for k in accept_ra=0 optimistic_dad=1 use_optimistic=1; do
		ip netns exec "${P}mn" sysctl -qw "net.ipv6.conf.default.$k" ||
		    fail "sysctl $k"
	done
	ip -n "${P}core" link add sw type bridge || fail "core bridge"
	ip -n "${P}core" link set sw up
	ip link add "c${P}" netns "${P}core" type veth peer name core \
	    netns "${P}cn" || fail "veth cn"
	ip -n "${P}core" link set "c${P}" master sw up
	ip -n "${P}cn" link set core up
	ip -n "${P}cn" addr add $CN/64 dev core nodad
	i=1
	while [ $i -le "$NDAR" ]; do
		d="${P}d$i"
		ns_new "$d"
		ip link add "c${P}d$i" netns "${P}core" type veth peer \
		    name core netns "$d" || fail "veth d$i"
		ip -n "${P}core" link set "c${P}d$i" master sw up
		ip -n "$d" link set core up
		ip -n "$d" addr add "2001:db8:ff::$i/64" dev core nodad
		# A bridge takes the lowest MAC of its ports unless given
		# one: the MN's port joining would change the router's MAC
		# under the MN's neighbour cache.
		ip -n "$d" link add acc address "02:00:00:00:d0:0$i" type \
		    bridge || fail "bridge d$i"
		ip -n "$d" link set acc up
		# A port that is always there keeps the link up (and the
		# DAR's link-local address through DAD) between MN visits,
		# as on a real access network.
		ip -n "$d" link add stub type veth peer name stubp ||
		    fail "stub d$i"
		ip -n "$d" link set stub master acc up
		ip -n "$d" link set stubp up
		ip -n "$d" addr add "2001:db8:$i::1/64" dev acc nodad
		ip -n "${P}cn" route add "2001:db8:$i::/64" via \
		    "2001:db8:ff::$i"
		j=1
		while [ $j -le "$NDAR" ]; do
			[ $j -ne $i ] && ip -n "$d" route add \
			    "2001:db8:$j::/64" via "2001:db8:ff::$j"
			j=$((j + 1))
		done
		i=$((i + 1))
	done
	ip link add m0 netns "${P}mn" type veth peer name port \
	    netns "${P}d1" || fail "veth mn"
	ip -n "${P}mn" link set m0 up
	MNAT=""
}

# attach I: the MN's port joins DAR_I's access bridge.
attach() {
	if [ -n "$MNAT" ]; then
		ip -n "${P}d$MNAT" link set port nomaster
		ip -n "${P}d$MNAT" link set port netns "${P}d$1" ||
		    fail "move to d$1"
	fi
	ip -n "${P}d$1" link set port master acc up || fail "attach d$1"
	MNAT=$1
}

# attacker I ADDR: another host, ${P}atk, on DAR_I's access link with
# ADDR/64 and DAR_I as its router (a0, the other end port2 in DAR_I).
attacker() {
	ns_new "${P}atk"
	ip link add a0 netns "${P}atk" type veth peer name port2 \
	    netns "${P}d$1" || fail "veth atk"
	ip -n "${P}d$1" link set port2 master acc up
	ip -n "${P}atk" link set a0 up
	ip -n "${P}atk" addr add "$2/64" dev a0 nodad
	ip -n "${P}atk" route add default via "2001:db8:$1::1"
}

# start_dars [ARGS...]: fama dar in every DAR namespace.
start_dars() {
	i=1
	while [ $i -le "$NDAR" ]; do
		ip netns exec "${P}d$i" "$FAMA" dar -d -v -i acc \
		    -s "$TMP/d$i.sock" --pidfile "$TMP/d$i.pid" "$@" \
		    >"$TMP/d$i.log" 2>&1 &
		echo $! >>"$TMP/pids"
		eval "DARPID$i=$!"
		i=$((i + 1))
	done
}

# start_mn [ARGS...]: fama mn with a 1024-bit key made beforehand.
start_mn() {
	[ -f "$TMP/mn.key" ] ||
	    must "$FAMA" cga keygen -b 1024 -s 1 "$TMP/mn.key"
	ip netns exec "${P}mn" "$FAMA" mn -d -v -i m0 -k "$TMP/mn.key" \
	    -s "$TMP/mn.sock" --pidfile "$TMP/mn.pid" "$@" \
	    >"$TMP/mn.log" 2>&1 &
	MNPID=$!
	echo $MNPID >>"$TMP/pids"
}

# Stops a daemon by pid with SIGTERM and waits for it.
stop() {
	kill -TERM "$1" 2>/dev/null
	i=0
	while kill -0 "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && fail "pid $1 did not stop"
		sleep 0.05
	done
	wait "$1" 2>/dev/null
}

mnshow() { "$FAMA" mn -s "$TMP/mn.sock" show --json; }
darshow() { "$FAMA" dar -s "$TMP/d$1.sock" show "$2" --json; }

# json EXPR: evaluates a Python expression on the JSON on stdin (j).
json() { python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }

# wait_for DESC CMD...: retries CMD until it succeeds, for up to 10 s.
wait_for() {
	desc=$1
	shift
	i=0
	until "$@" >"$TMP/out" 2>&1; do
		i=$((i + 1))
		[ $i -gt 200 ] && { cat "$TMP/out" >&2; fail "timeout: $desc"; }
		sleep 0.05
	done
}

# MN attached to anchor A (2001:db8:I::1)?
mn_at() { [ "$(mnshow | json "j['anchor']")" = "2001:db8:$1::1" ]; }
# The MN's address at DAR I.
mn_addr() {
	mnshow | json "[a['address'] for a in j['addresses'] if a['anchor'] == '2001:db8:$1::1'][0]"
}
# Every away address that is wanted is bound.
mn_settled() {
	mnshow | json "all(a['state'] == 'bound' for a in j['addresses'] if not a['current'] and a['wanted']) and all(a['state'] == 'home' for a in j['addresses'] if a['current'])" | grep -q True
}

# ho_ms ADDR: ms from the MN's first BU for ADDR in the last handover to
# the BA that bound it (or brought it home).
ho_ms() {
	mnshow | json "[a['ba_ms'] - a['bu_ms'] for a in j['addresses'] if a['address'] == '$1'][0]"
}

# flow_start NAME udp|tcp SRC: a flow from SRC to the CN.
flow_start() {
	ip netns exec "${P}mn" "$FLOW" client "$2" "$3" $CN 7000 50 \
	    >"$TMP/flow.$1" 2>&1 &
	echo $! >>"$TMP/pids"
	echo $! >"$TMP/flowpid.$1"
	i=0
	until grep -q " ok " "$TMP/flow.$1"; do
		i=$((i + 1))
		[ $i -gt 200 ] && { cat "$TMP/flow.$1" >&2; fail "flow $1"; }
		sleep 0.05
	done
}

# flow_stop NAME: the flow's process ends, its socket with it.
flow_stop() { stop "$(cat "$TMP/flowpid.$1")"; }

# flow_alive NAME: no error, and a new echo within 5 s.
flow_alive() {
	grep -q error "$TMP/flow.$1" && { cat "$TMP/flow.$1" >&2;
	    fail "flow $1 broke"; }
	n=$(grep -c " ok " "$TMP/flow.$1")
	i=0
	while [ "$(grep -c " ok " "$TMP/flow.$1")" -le "$n" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && fail "flow $1: no echo for 5 s"
		sleep 0.05
	done
	grep -q error "$TMP/flow.$1" && fail "flow $1 broke"
	return 0
}

# The fama-owned kernel state of a namespace, as iproute2 shows it.
fama_state() {
	ip -n "$1" -6 route show table all proto $FAMA_PROTO
	ip -n "$1" -6 rule show | grep -v -E '^(0:|32766:|32767:)' || true
	ip -n "$1" -6 addr show | grep -E 'proto (70|fama)' || true
	ip -n "$1" -6 neigh show proxy | grep -E 'proto (70|fama)' || true
	ip netns exec "$1" nft list tables 2>/dev/null | grep fama || true
}

# On failure, the daemons' logs say what happened.
fail() {
	echo "FAIL [$TEST_NAME]: $*" >&2
	for f in "$TMP"/d*.log "$TMP"/mn.log; do
		[ -f "$f" ] || continue
		echo "--- $(basename "$f") (last 25 lines)" >&2
		tail -25 "$f" >&2
	done
	for ns in "${P}mn" "${P}d1" "${P}d2" "${P}d3"; do
		ip netns list | grep -q "^$ns" || continue
		echo "--- kernel state of $ns" >&2
		ip -n "$ns" -6 rule show >&2
		ip -n "$ns" -6 route show table all proto $FAMA_PROTO >&2
		ip -n "$ns" -6 addr show | grep -E "inet6 2001" >&2
	done
	ip netns list | grep -q "^${P}mn" &&
	    ip netns exec "${P}mn" ss -tin >&2
	ip netns list | grep -q "^${P}cn" &&
	    ip netns exec "${P}cn" ss -tin >&2
	# FAMA_KEEP_FAIL=DIR keeps the logs and captures of a failed run.
	[ -n "${FAMA_KEEP_FAIL:-}" ] && cp -r "$TMP" "$FAMA_KEEP_FAIL" &&
	    echo "kept in $FAMA_KEEP_FAIL" >&2
	for f in "$TMP"/flow.*; do
		[ -f "$f" ] && echo "--- $(basename "$f"): $(tail -n 1 "$f")" >&2
	done
	exit 1
}
