#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# make bench: fama measured against the limits of the machine it runs on,
# every figure next to a baseline taken in the same run (machines are
# shared and noisy: rates are the best of interleaved rounds).  Not a
# test: nothing here fails on a missed target.
#  1. BU processing at a DAR on one core (CPU 1; the load generator on
#     CPU 0): first registrations against the pure OpenSSL cost of their
#     cryptography, token refreshes against a bare receive-and-reply loop
#     on the same sockets;
#  2. handover interruption in the lab, 1000 probes/s, 120 moves;
#  3. TCP through the tunnel against the same flow routed natively
#     (tests/netns/bench.sh); 2 and 3 at nice -10;
#  4. a DAR holding 1k, 10k and 100k bindings: memory per binding, tunnel
#     installs against `ip -batch`, the cost of a refresh;
#  5. the CGA modifier search against the raw SHA-1 rate, on all cores.
# Writes $BUILD/bench.json, bench.md, bench.svg, bench-lab.json and
# bench.results (the raw figures), and prints the table.  Everything it
# makes (namespaces, processes, files) goes at its end, also on failure or
# Ctrl-C.  Usage: FAMA=... BUILD=build sh bench/bench.sh; BENCH_PARTS="1 5"
# runs some parts only.
. "$(dirname "$0")/../tests/netns/lib.sh"

FAMA=${FAMA:-$PWD/${BUILD:-build}/fama}
OUT=${BUILD:-build}
case $OUT in /*) ;; *) OUT=$PWD/$OUT ;; esac
B=$OUT/bench
for t in bugen scale cgabench benchrep; do
	[ -x "$B/$t" ] || fail "missing $B/$t (make bench builds it)"
done
[ "$(nproc)" -ge 2 ] || fail "needs two CPUs: the DAR's and the load's"
RES=$TMP/results
: >"$RES"
DAR_CPU=1
GEN_CPU=0
NDAR=3
SIZES=1000,10000,100000
PARTS=${BENCH_PARTS:-1 2 3 4 5}
# Latency and throughput are figures of the clock: the lab and iperf3 run
# before other work of a shared machine.
NICE=-10

put() { echo "$1 $2" >>"$RES"; }
say() { echo "bench: $*" >&2; }
now() { date +%s%N; }

# Until the machine has been idle for a moment (at most 10 s): what a
# part leaves to the kernel (namespaces going away) must not weigh on the
# next one.
idle_share() {
	awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' \
	    /proc/stat
}
quiesce() {
	i=0
	while [ $i -lt 50 ]; do
		a=$(idle_share)
		sleep 0.2
		b=$(idle_share)
		echo "$a $b" | awk '{ exit !(($3 - $1) >= 0.9 * ($4 - $2)) }' &&
		    return 0
		i=$((i + 1))
	done
	say "the machine stays busy (other work?); measuring anyway"
}

# ---- 1. Binding Updates at a DAR ---------------------------------------
# A generator namespace with one link to each of NDAR DARs (2001:db8:K::1,
# one round of first registrations each, so that every round starts with
# an empty cache) and one to the echo (2001:db8:e::1).  Its care-of
# address on link K is 2001:db8:9K::2.  The echo's namespace is set up as
# fama dar sets up its own: forwarding, proxy neighbours, and the
# decapsulation rule before table local, which every packet a DAR sends
# is routed past.
part1() {
	say "1/5 Binding Updates at a DAR (CPU $DAR_CPU) and their baselines"
	g=$P-gen e=$P-echo
	ns_new $g
	ns_new $e
	k=1
	while [ $k -le $((NDAR + 1)) ]; do
		if [ $k -le $NDAR ]; then
			n=$P-dar$k pfx=2001:db8:$k
		else
			n=$e pfx=2001:db8:e
		fi
		[ $n = $e ] || ns_new $n
		ip link add g$k netns $g type veth peer name d0 netns $n ||
		    fail "veth $n"
		ip -n $g link set g$k up
		ip -n $n link set d0 up
		ip -n $n addr add $pfx::1/64 dev d0 nodad
		ip -n $n route add 2001:db8:9$k::/64 dev d0
		ip -n $g addr add 2001:db8:9$k::2/64 dev g$k nodad
		ip -n $g route add $pfx::/64 dev g$k
		k=$((k + 1))
	done
	must nlt sysctl set-ns $e net.ipv6.conf.all.forwarding 1
	must nlt sysctl set-ns $e net.ipv6.conf.d0.proxy_ndp 1
	must nlt -n $e tunnel anchor-decap up 2001:db8:e::1

	taskset -c $DAR_CPU "$B/bugen" crypto --key "$TMP/bench.key" \
	    --anchor 2001:db8:1::1 --coa 2001:db8:91::2 --ms 400 --rounds 5 \
	    >>"$RES" || fail "crypto baseline"

	targets= pids=
	k=1
	while [ $k -le $NDAR ]; do
		# A state file of its own: with the default one, each DAR
		# would restore what the last DAR (of any run) saved there.
		ip netns exec $P-dar$k taskset -c $DAR_CPU "$FAMA" dar -d \
		    -i d0 -s "$TMP/dar$k.sock" --pidfile "$TMP/dar$k.pid" \
		    --state-file "$TMP/dar$k.state" \
		    --sig-rate 0 --sig-rate-all 0 --max-bindings 1000000 \
		    2>"$TMP/dar$k.log" &
		# ip netns exec and taskset exec: $! is fama dar's pid
		echo $! >>"$TMP/pids"
		pids="$pids $!"
		targets="$targets --anchor 2001:db8:$k::1 --coa 2001:db8:9$k::2"
		targets="$targets --pid $!"
		k=$((k + 1))
	done
	serve ip netns exec $e taskset -c $DAR_CPU "$B/bugen" echo \
	    --anchor 2001:db8:e::1 --coa 2001:db8:9$((NDAR + 1))::2
	pids="$pids $SERVED_PID"
	k=1
	while [ $k -le $NDAR ]; do
		i=0
		until "$FAMA" dar -s "$TMP/dar$k.sock" show prefixes \
		    2>/dev/null | grep -q 2001:db8:$k::1; do
			i=$((i + 1))
			[ $i -gt 100 ] && { cat "$TMP/dar$k.log" >&2;
			    fail "fama dar $k did not start"; }
			sleep 0.05
		done
		k=$((k + 1))
	done
	# shellcheck disable=SC2086
	ip netns exec $g taskset -c $GEN_CPU "$B/bugen" load \
	    --key "$TMP/bench.key" $targets \
	    --echo-anchor 2001:db8:e::1 --echo-coa 2001:db8:9$((NDAR + 1))::2 \
	    --echo-pid $SERVED_PID --first 1500 --refresh 600 \
	    --refresh-rounds 5 >>"$RES" || fail "load generator"
	"$FAMA" dar -s "$TMP/dar1.sock" show stats >"$TMP/dar.stats" ||
	    fail "fama dar show stats"
	put dar_tunnel_errors "$(awk '$1 == "tunnel_errors" { print $2 }' \
	    "$TMP/dar.stats")"
	put dar_bindings "$(awk '$1 == "bindings" { print $2 }' \
	    "$TMP/dar.stats")"
	# shellcheck disable=SC2086
	kill $pids
	# shellcheck disable=SC2086
	wait $pids 2>/dev/null
	ip netns del $g
	ip netns del $e
	k=1
	while [ $k -le $NDAR ]; do
		ip netns del $P-dar$k
		k=$((k + 1))
	done
}

# ---- 2. handover in the lab --------------------------------------------
# The lab removes what it made, also when it is stopped; a TERM from the
# cleanup reaches it through $TMP/pids.
part2() {
	say "2/5 handover: 120 moves in fama lab"
	nice -n $NICE "$FAMA" lab -q -n "$P" --moves 1,2,3 --repeat 60 --dwell 300 \
	    --rate 1000 --no-tcp --json "$TMP/lab.json" >"$TMP/lab.txt" 2>&1 &
	echo $! >>"$TMP/pids"
	wait $! || { tail -20 "$TMP/lab.txt" >&2; fail "fama lab"; }
	cp "$TMP/lab.json" "$OUT/bench-lab.json"
}

# ---- 3. tunnel throughput -----------------------------------------------
part3() {
	say "3/5 TCP through the tunnel and natively (iperf3)"
	BENCH_PARTS=throughput BENCH_ROUNDS=4 BENCH_KV="$RES" \
	    nice -n $NICE sh tests/netns/bench.sh 0 3 >"$TMP/tput.txt" 2>&1 ||
	    { cat "$TMP/tput.txt" >&2; fail "tests/netns/bench.sh"; }
}

# ---- 4. scale ------------------------------------------------------------
# A namespace as a DAR's access link, for the kernel's share.
scale_ns() {
	ns_new "$1"
	ip -n "$1" link add d0 type veth peer name d1 || fail "veth $1"
	ip -n "$1" link set d0 up
	ip -n "$1" link set d1 up
	ip -n "$1" addr add 2001:db8:1::1/64 dev d0 nodad
	ip -n "$1" route add 2001:db8:99::/64 dev d0
}

# The routes netns/tunnel.c installs for home addresses (a, b], as
# `ip -batch` takes them (scale.c numbers its home addresses so).
batch() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		for (i = a + 1; i <= b; i++)
			printf "route replace 2001:db8:1:0:4000:0:%x:%x/128 " \
			    "encap seg6 mode encap.red segs 2001:db8:99::2 " \
			    "dev d0 mtu 1460 proto 70\n", int(i / 65536),
			    i % 65536
	}'
}

# ipbatch NS ROUND: the same steps up to each size as scale.c takes.
ipbatch() {
	have=0
	for n in $(echo $SIZES | tr , ' '); do
		batch $have $n >"$TMP/batch"
		taskset -c $DAR_CPU "$B/scale" time ip -n "$1" -force -batch \
		    "$TMP/batch" >"$TMP/time" 2>"$TMP/batch.err"
		awk -v n=$((n - have)) -v k=${n}_r$2 '
		    $1 == "wall_s" { printf "ipbatch_per_s_%s %.0f\n", k, n / $2 }
		    $1 == "cpu_s" { printf "ipbatch_per_cpu_s_%s %.0f\n", k, n / $2 }
		' "$TMP/time" >>"$RES"
		put ipbatch_errors_${n}_r$2 "$(grep -c . "$TMP/batch.err")"
		have=$n
	done
}

# Tunnel installs by netns/ (the DAR's own call) and by ip -batch, twice
# each, alternately, each in a namespace of its own that is kept until all
# are done, so that no namespace's teardown runs under a measurement.
part4() {
	say "4/5 a DAR holding $SIZES bindings: memory, installs, refreshes"
	taskset -c $DAR_CPU "$B/scale" bc $SIZES 300 "$TMP/bench.key" \
	    >>"$RES" || fail "scale bc"
	scale_ns $P-k1
	ip netns exec $P-k1 taskset -c $DAR_CPU "$B/scale" kernel d0 \
	    2001:db8:99::2 2001:db8:1:: $SIZES 10000 >>"$RES" ||
	    fail "scale kernel"
	scale_ns $P-i1
	ipbatch $P-i1 1
	scale_ns $P-k2
	ip netns exec $P-k2 taskset -c $DAR_CPU "$B/scale" kernel d0 \
	    2001:db8:99::2 2001:db8:1:: $SIZES 0 tunnel >"$TMP/k2" ||
	    fail "scale kernel"
	sed 's/^k_/k2_/' "$TMP/k2" >>"$RES"
	scale_ns $P-i2
	ipbatch $P-i2 2
	for n in $P-k1 $P-i1 $P-k2 $P-i2; do ip netns del $n; done
}

# ---- 5. CGA ---------------------------------------------------------------
part5() {
	say "5/5 CGA modifier search against raw SHA-1, on one core and on all"
	"$B/cgabench" "$TMP/bench.key" 3000 >>"$RES" || fail "cgabench"
}

t_start=$(now)
put machine_cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo |
    head -1)"
put machine_nproc "$(nproc)"
put machine_uname "$(uname -a)"
put machine_date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put machine_mem_mb "$(awk '/^MemTotal/ { print int($2 / 1024) }' /proc/meminfo)"
put fama_version "$("$FAMA" version 2>/dev/null || echo unknown)"
# The MNs' key (fama's default size), Sec 0: every modifier is one more
# CGA of it, so many bindings cost no key generation.
must "$FAMA" cga keygen -s 0 "$TMP/bench.key"
put key_bits 2040
# The CGA search first, while both cores are quiet.
for p in 5 1 2 3 4; do
	case " $PARTS " in *" $p "*) quiesce; part$p ;; esac
done
put bench_seconds $((($(now) - t_start) / 1000000000))
[ -f "$TMP/lab.json" ] || echo '{}' >"$TMP/lab.json"
"$B/benchrep" "$RES" "$TMP/lab.json" "$OUT/bench.json" "$OUT/bench.md" \
    "$OUT/bench.svg" || fail "benchrep"
cp "$RES" "$OUT/bench.results"
say "wrote $OUT/bench.json, bench.md, bench.svg, bench-lab.json, bench.results"
