#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Measurements for netns/, not a test (nothing is gated on them):
#  1. route-install rate: N /128 routes, one request each, on one core,
#     by netns/ (nltool bench) and by `ip -batch`, alternately, same run;
#  2. throughput of a TCP flow through the tunnel against the same flow
#     routed natively, same topology, same run (iperf3).
# Usage: sh tests/netns/bench.sh [ROUTES [SECONDS]]   (root; BUILD=build)
# make bench (bench/bench.sh) runs part 2 alone, with BENCH_PARTS=throughput,
# BENCH_ROUNDS and BENCH_KV, a file it appends "name value" lines to.
. "$(dirname "$0")/lib.sh"

N=${1:-10000}
SECS=${2:-5}
ROUNDS=${BENCH_ROUNDS:-3}
PARTS=${BENCH_PARTS:-routes throughput}
CPU=0

kv() { [ -z "${BENCH_KV:-}" ] || echo "$1 $2" >>"$BENCH_KV"; }

# ---- 1. route installs ------------------------------------------------
case " $PARTS " in *" routes "*)
ns=$P-bench
ns_new $ns
must nlt -n $ns link veth v0 v1
must nlt -n $ns link up v0
must nlt -n $ns link up v1
awk -v n="$N" 'BEGIN {
	for (i = 1; i <= n; i++)
		printf "route add 2001:db8:100::%x:%x/128 dev v0\n", int(i / 65536), i % 65536
}' >"$TMP/add"
sed 's/ add / del /' "$TMP/add" >"$TMP/del"

now() { date +%s%N; }
echo "route installs: $N /128 routes, one request each, pinned to CPU $CPU"
r=1
while [ $r -le $ROUNDS ]; do
	taskset -c $CPU "$NLTOOL" -n $ns bench routes "$N" 2001:db8:100:: v0 \
	    >"$TMP/out" || fail "nltool bench"
	sed "s/^/  round $r netns\/: /" "$TMP/out"
	t0=$(now)
	taskset -c $CPU ip -n $ns -batch "$TMP/add" || fail "ip -batch add"
	t1=$(now)
	taskset -c $CPU ip -n $ns -batch "$TMP/del" || fail "ip -batch del"
	t2=$(now)
	awk -v n="$N" -v a=$((t1 - t0)) -v d=$((t2 - t1)) -v r=$r 'BEGIN {
		printf "  round %d ip -batch: routes %d add %.3f s %.0f/s del %.3f s %.0f/s\n",
		    r, n, a / 1e9, n / (a / 1e9), d / 1e9, n / (d / 1e9)
	}'
	r=$((r + 1))
done
must ip -n $ns -6 route show table all
[ "$(count 2001:db8:100::)" = 0 ] || fail "bench left routes"
;; esac

# ---- 2. tunnelled against native --------------------------------------
case " $PARTS " in *" throughput "*)
mn=$P-mn dar=$P-dar cn=$P-cn
HOA=2001:db8:9::5 ANCHOR=2001:db8:1::1 COA=2001:db8:1::100 CN=2001:db8:ff::2
for n in $mn $dar $cn; do ns_new $n; done
must nlt -n $mn link veth a0 a1 $dar
must nlt -n $dar link veth c0 c1 $cn
must nlt -n $mn link up a0
must nlt -n $dar link up a1
must nlt -n $dar link up c0
must nlt -n $cn link up c1
must nlt sysctl set-ns $dar net.ipv6.conf.all.forwarding 1
must nlt -n $dar addr add a1 $ANCHOR/64 nodad proto 4
must nlt -n $dar addr add c0 2001:db8:ff::1/64 nodad proto 4
must nlt -n $cn addr add c1 $CN/64 nodad proto 4
must nlt -n $cn route add default via 2001:db8:ff::1 dev c1 proto 4
must nlt -n $mn addr add a0 $COA/64 nodad proto 4
must nlt -n $mn addr add lo $HOA/128 nodad proto 4
# Native: the CoA's traffic takes mn's default route; the HoA's the tunnel.
must nlt -n $mn route add default via $ANCHOR dev a0 proto 4
must nlt -n $dar tunnel anchor-decap up $ANCHOR
must nlt -n $dar tunnel anchor up $HOA $COA
must nlt -n $mn tunnel mn-decap up $COA
must nlt -n $mn tunnel mn up $HOA $ANCHOR

# iperf FROM [-R]: sets $rate, the receiver's Gbit/s of one TCP flow,
# against a one-test server of its own (not a daemon: its pid is ours).
iperf() {
	serve ip netns exec $cn iperf3 -s -1 -B $CN --forceflush
	ip netns exec $mn iperf3 -c $CN -B "$1" -t "$SECS" -f g $2 \
	    >"$TMP/iperf.txt" 2>&1 || fail "iperf3 client from $1"
	wait $SERVED_PID
	# "[  5]   0.00-5.00   sec  9.8 GBytes  16.8 Gbits/sec   receiver"
	rate=$(awk '/ receiver$/ { print $(NF - 2) }' "$TMP/iperf.txt")
	[ -n "$rate" ] || fail "no rate in iperf3's output"
}

echo "TCP throughput mn <-> cn, one flow, $SECS s each (Gbit/s):"
r=1
while [ $r -le $ROUNDS ]; do
	iperf $COA ""
	nat_up=$rate
	iperf $HOA ""
	tun_up=$rate
	iperf $COA -R
	nat_down=$rate
	iperf $HOA -R
	tun_down=$rate
	echo "  round $r native mn->cn $nat_up tunnel mn->cn $tun_up" \
	    "native cn->mn $nat_down tunnel cn->mn $tun_down"
	kv tput_native_up_gbps "$nat_up"
	kv tput_tunnel_up_gbps "$tun_up"
	kv tput_native_down_gbps "$nat_down"
	kv tput_tunnel_down_gbps "$tun_down"
	r=$((r + 1))
done
;; esac
