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

# start_dar I [ARGS...]: fama dar in DAR_I's namespace, its state file in
# $TMP/dI.state, its log appended to $TMP/dI.log; the pid in $DARPIDI.
start_dar() {
	_d=$1
	shift
	ip netns exec "${P}d$_d" "$FAMA" dar -d -v -i acc \
	    -s "$TMP/d$_d.sock" --pidfile "$TMP/d$_d.pid" \
	    --state-file "$TMP/d$_d.state" "$@" >>"$TMP/d$_d.log" 2>&1 &
	echo $! >>"$TMP/pids"
	eval "DARPID$_d=$!"
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
	_n=1
	while [ $_n -le "$NDAR" ]; do
		start_dar $_n "$@"
		_n=$((_n + 1))
	done
}

# start_mn [ARGS...]: fama mn with a 1024-bit key made beforehand (its
# state file beside it, $TMP/mn.key.state), its log appended to $TMP/mn.log.
start_mn() {
	[ -f "$TMP/mn.key" ] ||
	    must "$FAMA" cga keygen -b 1024 -s 1 "$TMP/mn.key"
	ip netns exec "${P}mn" "$FAMA" mn -d -v -i m0 -k "$TMP/mn.key" \
	    -s "$TMP/mn.sock" --pidfile "$TMP/mn.pid" "$@" \
	    >>"$TMP/mn.log" 2>&1 &
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

# wait_for DESC CMD...: retries CMD until it succeeds, for up to 10 s;
# WAIT_S (default 10) changes the limit, e.g. for a lossy link.
wait_for() {
	desc=$1
	shift
	i=0
	until "$@" >"$TMP/out" 2>&1; do
		i=$((i + 1))
		[ $i -gt $((${WAIT_S:-10} * 20)) ] &&
		    { cat "$TMP/out" >&2; fail "timeout: $desc"; }
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
	until grep -q " ok " "$TMP/flow.$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 200 ] && { cat "$TMP/flow.$1" >&2; fail "flow $1"; }
		sleep 0.05
	done
}

# flow_stop NAME: the flow's process ends, its socket with it.
flow_stop() { stop "$(cat "$TMP/flowpid.$1")"; }

# flow_alive NAME [SECS]: no error, and a new echo within SECS (5) s.
flow_alive() {
	grep -q error "$TMP/flow.$1" && { cat "$TMP/flow.$1" >&2;
	    fail "flow $1 broke"; }
	n=$(grep -c " ok " "$TMP/flow.$1")
	i=0
	while [ "$(grep -c " ok " "$TMP/flow.$1")" -le "$n" ]; do
		i=$((i + 1))
		[ $i -gt $((${2:-5} * 20)) ] &&
		    fail "flow $1: no echo for ${2:-5} s"
		sleep 0.05
	done
	grep -q error "$TMP/flow.$1" && fail "flow $1 broke"
	return 0
}

# The fama-owned kernel state of a namespace, as iproute2 and nft show it;
# addresses by their IFA_PROTO through nltool (iproute2 6.1 prints none).
fama_state() {
	ip -n "$1" -6 route show table all proto $FAMA_PROTO
	ip -n "$1" -6 rule show | grep -v -E '^(0:|32766:|32767:)' || true
	ip -n "$1" -6 addr show | grep -E 'proto (70|fama)' || true
	nlt -n "$1" addr owned
	ip -n "$1" -6 neigh show proxy | grep -E 'proto (70|fama)' || true
	ip netns exec "$1" nft list tables 2>/dev/null | grep fama || true
}

# The addresses fama owns in a namespace: "IFINDEX ADDR/PLEN" lines.
fama_addrs() { nlt -n "$1" addr owned | awk '{ print $1, $2 }' | sort; }

# finish: every daemon still runs (no crash), stops on SIGTERM, and leaves
# nothing of fama in any namespace.
finish() {
	for _p in $MNPID $(_n=1; while [ $_n -le "$NDAR" ]; do
	    eval "echo \$DARPID$_n"; _n=$((_n + 1)); done); do
		kill -0 "$_p" 2>/dev/null || fail "pid $_p died"
	done
	stop $MNPID
	_n=1
	while [ $_n -le "$NDAR" ]; do
		eval stop "\$DARPID$_n"
		_n=$((_n + 1))
	done
	for _ns in "${P}mn" $(_n=1; while [ $_n -le "$NDAR" ]; do
	    echo "${P}d$_n"; _n=$((_n + 1)); done); do
		fama_state "$_ns" >"$TMP/out" 2>&1
		[ -s "$TMP/out" ] && { cat "$TMP/out" >&2;
		    fail "$_ns: fama state left"; }
	done
	return 0
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

# consistent: the MN's view, every DAR's binding cache and the kernel state
# of every node agree, checked with iproute2 (JSON) and nltool: at each DAR
# exactly the MN's bound away addresses of its prefix are bound, to the
# MN's care-of address, each with one tunnel route and one proxy entry and
# nothing else of fama; the MN holds exactly its addresses (the CoA on its
# link, the others on lo), one decapsulation (the CoA), one reverse-tunnel
# rule per tunnelled address into the table of its anchor, and no table
# without a rule.  Prints "lost N wrong N" (bindings the MN counts on that
# a DAR lacks; DAR bindings it does not) and fails when anything is off.
consistent() {
	_c="$TMP/consistent"
	mkdir -p "$_c"
	mnshow >"$_c/mn.json" || return 1
	ip -j -n "${P}mn" -6 route show table all proto $FAMA_PROTO \
	    >"$_c/mn.routes"
	ip -j -n "${P}mn" -6 rule show >"$_c/mn.rules"
	nlt -n "${P}mn" addr owned >"$_c/mn.addrs"
	_i=1
	while [ $_i -le "$NDAR" ]; do
		darshow $_i bindings >"$_c/d$_i.json" || return 1
		ip -j -n "${P}d$_i" -6 route show table all proto \
		    $FAMA_PROTO >"$_c/d$_i.routes"
		ip -j -n "${P}d$_i" -6 neigh show proxy >"$_c/d$_i.proxy"
		for _s in fama_down fama_up; do
			ip netns exec "${P}d$_i" nft -j list set ip6 fama_dar \
			    $_s >"$_c/d$_i.$_s"
		done
		_i=$((_i + 1))
	done
	python3 - "$_c" "$NDAR" <<'PY'
import json, sys
d, n = sys.argv[1], int(sys.argv[2])
ld = lambda f: json.load(open(f"{d}/{f}"))
mn = ld("mn.json")
bad, lost, wrong = [], 0, 0
cur = [a for a in mn["addresses"] if a["current"]]
coa = cur[0]["address"] if cur else None
if not mn["attached"] or len(cur) != 1:
    bad.append("MN not attached")
for a in mn["addresses"]:
    if a["state"] not in ("home", "bound", "away"):
        bad.append(f"MN: {a['address']} is {a['state']}")
for i in range(1, n + 1):
    anchor = f"2001:db8:{i}::1"
    want = {a["address"]: coa for a in mn["addresses"]
            if not a["current"] and a["state"] == "bound" and a["anchor"] == anchor}
    have = {b["hoa"]: b["coa"] for b in ld(f"d{i}.json") if b["state"] == "bound"}
    for h, c in want.items():
        if have.get(h) != c:
            lost += 1
            bad.append(f"DAR{i}: {h} not bound to {c} ({have.get(h)})")
    for h, c in have.items():
        if want.get(h) != c:
            wrong += 1
            bad.append(f"DAR{i}: {h} bound to {c}, the MN does not count on it")
    enc = [r for r in ld(f"d{i}.routes") if r.get("encap") == "seg6"]
    got = sorted((r["dst"], tuple(r["segs"])) for r in enc)
    exp = sorted((h, (c,)) for h, c in have.items())
    if got != exp:
        bad.append(f"DAR{i}: tunnel routes {got}, bindings {exp}")
    other = [r for r in ld(f"d{i}.routes") if r.get("encap") != "seg6"
             and not (r.get("table") == "7000" and r["dst"] == anchor)]
    if other:
        bad.append(f"DAR{i}: other fama routes {other}")
    px = sorted(p["dst"] for p in ld(f"d{i}.proxy") if p.get("protocol") in ("70", "fama"))
    if px != sorted(have):
        bad.append(f"DAR{i}: proxy entries {px}, bindings {sorted(have)}")
    for s in ("fama_down", "fama_up"):
        el = []
        for o in ld(f"d{i}.{s}")["nftables"]:
            for e in o.get("set", {}).get("elem", []):
                el.append(e["elem"]["val"] if isinstance(e, dict) else e)
        if sorted(el) != sorted(have):
            bad.append(f"DAR{i}: nftables set {s} {sorted(el)}, bindings {sorted(have)}")
# the MN's kernel
addrs = {}
for line in open(f"{d}/mn.addrs"):
    f = line.split()
    addrs.setdefault(f[1].split("/")[0], []).append((int(f[0]), int(f[1].split("/")[1])))
exp = {a["address"]: None for a in mn["addresses"]}
for a, places in addrs.items():
    if a not in exp:
        bad.append(f"MN: leaked address {a} {places}")
    elif len(places) != 1:
        bad.append(f"MN: {a} in {places}")
    else:
        plen = places[0][1]
        if (a == coa) != (plen == 64):
            bad.append(f"MN: {a} /{plen}")
for a in exp:
    if a not in addrs:
        bad.append(f"MN: {a} missing in the kernel")
rules = ld("mn.rules")
routes = ld("mn.routes")
tables = {}
for r in routes:
    if r["dst"] == "default" and r.get("encap") == "seg6":
        tables[r.get("table")] = r["segs"][0]
dec = [u for u in rules if u["priority"] == 100]
if [u.get("dst") for u in dec] != [coa]:
    bad.append(f"MN: decapsulation rules {dec}, CoA {coa}")
hoa = {u["src"]: u["table"] for u in rules if u["priority"] == 300}
tun = {a["address"]: a["anchor"] for a in mn["addresses"] if a["tunnel"]}
if sorted(hoa) != sorted(tun):
    bad.append(f"MN: reverse tunnel rules {sorted(hoa)}, tunnels {sorted(tun)}")
for s, t in hoa.items():
    if tables.get(t) != tun.get(s):
        bad.append(f"MN: {s} into table {t} to {tables.get(t)}, anchor {tun.get(s)}")
for t in tables:
    if t not in hoa.values():
        bad.append(f"MN: table {t} without a rule")
print(f"lost {lost} wrong {wrong}")
for b in bad:
    print("inconsistent:", b)
sys.exit(1 if bad else 0)
PY
}

# away_with_flows NDAR KEEP: NDAR DARs, a flow server at the CN and an MN
# (--keep KEEP) attached at DAR1; UDP and TCP flows (udp1, tcp1) from its
# address there, HOA1; then the MN at DAR2 with HoA1 bound at DAR1.
away_with_flows() {
	topo "$1"
	ip netns exec "${P}cn" "$FLOW" server $CN 7000 >"$TMP/server" 2>&1 &
	echo $! >>"$TMP/pids"
	attach 1
	start_dars
	start_mn --keep "$2"
	wait_for "attached at DAR1" mn_at 1
	HOA1=$(mn_addr 1)
	flow_start udp1 udp "$HOA1"
	flow_start tcp1 tcp "$HOA1"
	attach 2
	wait_for "attached at DAR2" mn_at 2
	wait_for "HoA1 bound at DAR1" mn_settled
}
