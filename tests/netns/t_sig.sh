#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The signalling sockets (netns/sig) and the Parameter Problem suppression
# (netns/nft) between namespaces on a kernel without Mobile IPv6:
#
#        2001:db8:1::a   link ab   2001:db8:1::b
#   A (MN) ------------------------------------- B (DAR)
#      \ 2001:db8:2::a                2001:db8:3::b /
#       \------------ R (router) ------------------/
#         2001:db8:2::1          2001:db8:3::1
#
# A BU with a Home Address option, a BA with a type 2 routing header and a
# CoTI cross link ab and arrive byte for byte through sig_recv, while
# captures and /proc/net/snmp6 show that no ICMPv6 error left; without the
# nft tables the same packets draw Parameter Problems.  Also: the filter
# keeps other traffic out, a sender does not read its own packets, a
# truncated packet is reported, RS/RA with hop limit 255, what a router
# sees of a BU it forwards, and that removing the tables leaves nothing.
set -u

BUILD=${BUILD:-build}
ST=$(realpath "$BUILD/tests/netns/sigtest") && [ -x "$ST" ] ||
    { echo "t_sig: no $BUILD/tests/netns/sigtest (make it first)" >&2; exit 1; }
P=fs$$				# prefix of everything made here
A=${P}a B=${P}b R=${P}r
AB=${P}ab BA=${P}ba AR=${P}ar RA=${P}ra RB=${P}rb BR=${P}br
TMP=$(mktemp -d "/tmp/fama-sig.$$.XXXXXX") || exit 1
PIDS=""
n=0
fails=0

cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	for ns in $A $B $R; do
		ip netns del "$ns" 2>/dev/null
	done
	[ -n "${KEEP:-}" ] && echo "t_sig: kept $TMP" >&2 || rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ok() { n=$((n + 1)); echo "ok $n - $*"; }
fail() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
check() {
	d=$1
	shift
	if "$@"; then ok "$d"; else fail "$d"; fi
}
die() { echo "t_sig: $*" >&2; exit 1; }
nsx() { _ns=$1; shift; ip netns exec "$_ns" "$@"; }
snmp() { nsx "$1" awk -v k="$2" '$1 == k { print $2 }' /proc/net/snmp6; }
ruleset() { nsx "$1" nft list ruleset; }

# start NAME NS CMD...: run CMD in NS in the background, output in
# $TMP/NAME, its pid in $TMP/NAME.pid.
start() {
	_name=$1 _ns=$2
	shift 2
	# Not through a function: $! must be the process itself (ip netns
	# exec execs the command), so that kill reaches it.
	ip netns exec "$_ns" "$@" >"$TMP/$_name" 2>"$TMP/$_name.err" &
	echo $! >"$TMP/$_name.pid"
	PIDS="$PIDS $!"
}
# until_in FILE TEXT: wait up to 5 s for TEXT to appear in FILE.
until_in() {
	_i=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -gt 100 ] && die "timed out waiting for '$2' in $1"
		sleep 0.05
	done
}
# finish NAME: wait for the background command to end by itself.
finish() { wait "$(cat "$TMP/$1.pid")"; }
rx() { _name=$1 _ns=$2; shift 2; start "$_name" "$_ns" "$ST" recv "$@"; \
	until_in "$TMP/$_name" '^ready'; }
cap() {
	start "$1" "$2" tcpdump -Z root -U --immediate-mode -n -i "$3" \
	    -w "$TMP/$1.pcap"
	until_in "$TMP/$1.err" 'listening on'
}
cap_stop() { kill -INT "$(cat "$TMP/$1.pid")"; finish "$1"; }
# Echo requests both ways on link ab, after the signalling: a capture that
# holds both replies covers the time when any ICMPv6 error about the
# packets before would have been sent.
sentinel() {
	nsx $A "$ST" icmp6-send $AB 2001:db8:1::b echo >/dev/null &&
	nsx $B "$ST" icmp6-send $BA 2001:db8:1::a echo >/dev/null ||
	    die "sentinel echo"
	sleep 0.1
}
echo_replies() {
	test "$(tshark -r "$TMP/$1.pcap" -Y 'icmpv6.type == 129' 2>/dev/null |
	    wc -l)" = 2
}
# ICMPv6 errors (types 1-4) in a capture: "type code pointer source"
# lines (the outer header's source: the first occurrence).
icmp6_errors() {
	tshark -r "$TMP/$1.pcap" -Y 'icmpv6.type >= 1 && icmpv6.type <= 4' \
	    -T fields -E occurrence=f -e icmpv6.type -e icmpv6.code \
	    -e icmpv6.pointer -e ipv6.src 2>/dev/null | sort
}
# got NAME HEX: the receiver NAME printed a packet of exactly these octets.
got() { grep -q "hex=$2\$" "$TMP/$1"; }
count() { grep -c "$2" "$TMP/$1"; }
pktlen() { echo $((${#1} / 2)); }
# The octets a router forwards: the Hop Limit (octet 7) one less.
hlim_minus1() { printf '%s' "$1" | sed 's/^\(..............\)40/\13f/'; }

command -v tcpdump >/dev/null && command -v tshark >/dev/null &&
    command -v nft >/dev/null || die "needs tcpdump, tshark and nft"

# --- topology ---------------------------------------------------------
for ns in $A $B $R; do
	ip netns add "$ns" || die "ip netns add $ns"
	nsx "$ns" ip link set lo up
done
ip link add $AB netns $A type veth peer name $BA netns $B &&
ip link add $AR netns $A type veth peer name $RA netns $R &&
ip link add $RB netns $R type veth peer name $BR netns $B ||
    die "veth"
for x in "$A $AB 2001:db8:1::a" "$A $AR 2001:db8:2::a" \
    "$B $BA 2001:db8:1::b" "$B $BR 2001:db8:3::b" \
    "$R $RA 2001:db8:2::1" "$R $RB 2001:db8:3::1"; do
	set -- $x
	# No DAD, so that link-local sources exist at once for RS/RA.
	nsx "$1" sysctl -qw net.ipv6.conf."$2".accept_dad=0 &&
	nsx "$1" ip addr add "$3"/64 dev "$2" nodad &&
	nsx "$1" ip link set "$2" up || die "address $3"
done
nsx $A ip route add 2001:db8:3::/64 via 2001:db8:2::1 &&
nsx $B ip route add 2001:db8:2::/64 via 2001:db8:3::1 &&
nsx $R sysctl -qw net.ipv6.conf.all.forwarding=1 || die "routes"
for ns in $A $B $R; do
	ruleset "$ns" >"$TMP/before.$ns" || die "nft list ruleset"
done

# --- the suppression tables -----------------------------------------
check "nft: fama_dar added in B" nsx $B "$ST" nft add fama_dar
ruleset $B >"$TMP/rs.b"
rs_intended() {
	grep -qx 'table ip6 fama_dar {' "$TMP/rs.b" &&
	grep -qx '	chain input {' "$TMP/rs.b" &&
	grep -qx '		type filter hook input priority filter; policy accept;' \
	    "$TMP/rs.b" &&
	grep -q '^		meta l4proto mobility-header counter packets 0 bytes 0 drop comment "fama: ' \
	    "$TMP/rs.b" &&
	test "$(wc -l <"$TMP/rs.b")" = 6
}
check "nft: B's ruleset holds table, chain and rule as intended" rs_intended
nsx $B "$ST" nft add fama_dar && ruleset $B >"$TMP/rs.b2"
check "nft: adding again replaces it (one table, one rule)" \
    test "$(grep -c '^table' "$TMP/rs.b2")" = 1 -a \
    "$(grep -c 'meta l4proto' "$TMP/rs.b2")" = 1
check "nft: fama_mn added in A" nsx $A "$ST" nft add fama_mn

# --- per-address counters, many in one call (netns/nft.h) ------------
# In a table of their own, verified with nft(8): 40 additions (more than
# one transaction holds), then removals, an absent address removed and
# an address already there added again (its transaction fails, and each
# of its addresses is tried alone).
elems() {
	nsx $B nft list set ip6 fama_cnt "$1" | grep -o '2001:db8:c::[0-9a-f]*' |
	    sort | tr '\n' ' '
}
seq_addrs() {
	for _i in $(seq "$2" "$3"); do printf ' %s2001:db8:c::%x' "$1" $_i; done
}
want() {
	for _i in $(seq "$1" "$2"); do printf '2001:db8:c::%x\n' $_i; done |
	    sort | tr '\n' ' '
}
# results FILE FAILED OK: what sigtest said of the call
results() {
	test "$(head -1 "$1")" = "failed $2" -a "$(grep -c ' ok$' "$1")" = "$3"
}
nsx $B "$ST" nft add fama_cnt && nsx $B "$ST" nft counters fama_cnt ||
    die "counter sets"
# shellcheck disable=SC2046
nsx $B "$ST" nft counters fama_cnt $(seq_addrs + 1 40) >"$TMP/cnt1"
check "nft counters: 40 added in one call, none failed" \
    results "$TMP/cnt1" 0 40
check "nft counters: nft(8) lists the 40 in both sets" \
    test "$(elems fama_down)" = "$(want 1 40)" -a \
    "$(elems fama_up)" = "$(want 1 40)"
# shellcheck disable=SC2046
nsx $B "$ST" nft counters fama_cnt $(seq_addrs - 1 30) -2001:db8:c::99 \
    +2001:db8:c::28 +2001:db8:c::29 >"$TMP/cnt2"
check "nft counters: removals, an absent one, a re-addition, none failed" \
    results "$TMP/cnt2" 0 33
check "nft counters: nft(8) lists what is left in both sets" \
    test "$(elems fama_down)" = "$(want 31 41)" -a \
    "$(elems fama_up)" = "$(want 31 41)"
nsx $B "$ST" nft counters no_such_table +2001:db8:c::1 \
    -2001:db8:c::2 >"$TMP/cnt3"
check "nft counters: in a missing table, each op fails on its own" \
    results "$TMP/cnt3" 2 0
nsx $B "$ST" nft del fama_cnt || die "nft del fama_cnt"

# --- BU (HAO), CoTI, BA (RH2) across link ab, suppressed -------------
for ns in $A $B; do
	for k in Icmp6OutParmProblems Icmp6OutErrors; do
		eval "${k}_$ns=\$(snmp $ns $k)"
	done
done
cap capa $A $AB
cap capb $B $BA
rx rxb $B $BA 2 5000
rx rxa $A all 0 1500		# on all interfaces: only the BA may come
BU=$(nsx $A "$ST" send bu 2001:db8:1::a 2001:db8:1::b 2001:db8:1:2::1234) ||
    die "send bu"
COTI=$(nsx $A "$ST" send coti 2001:db8:1::a 2001:db8:1::b) || die "send coti"
BAK=$(nsx $B "$ST" send ba 2001:db8:1::b 2001:db8:1::a 2001:db8:1:2::1234) ||
    die "send ba"
finish rxb
finish rxa
sentinel
cap_stop capa
cap_stop capb
check "BU with HAO arrives in B byte for byte, PACKET_HOST on $BA" \
    grep -q "^pkt if=$BA type=host len=$(pktlen "$BU") parse=ok hao=2001:db8:1:2::1234 cksum=ok mh=BU hex=$BU\$" "$TMP/rxb"
check "CoTI (bare MH) arrives in B byte for byte" \
    grep -q "^pkt if=$BA type=host .* cksum=ok mh=CoTI hex=$COTI\$" "$TMP/rxb"
check "BA with RH2 arrives in A byte for byte" \
    grep -q "^pkt if=$AB type=host .*rh2=2001:db8:1:2::1234 cksum=ok mh=BA hex=$BAK\$" "$TMP/rxa"
check "A's socket did not read A's own BU and CoTI (only the BA)" \
    test "$(count rxa '^pkt')" = 1 -a "$(count rxa '^end n=1$')" = 1
on_wire() { "$ST" pcap-find "$TMP/$1.pcap" "$2" >/dev/null; }
check "wire: A's capture holds exactly the BU octets sent" on_wire capa "$BU"
check "wire: A's capture holds exactly the CoTI octets sent" \
    on_wire capa "$COTI"
check "wire: B's capture holds exactly the BA octets sent" on_wire capb "$BAK"
check "capture: no ICMPv6 error on link ab (A's side), echo replies seen" \
    test -z "$(icmp6_errors capa)" -a "$(echo_replies capa; echo $?)" = 0
check "capture: no ICMPv6 error on link ab (B's side), echo replies seen" \
    test -z "$(icmp6_errors capb)" -a "$(echo_replies capb; echo $?)" = 0
same=1
for ns in $A $B; do
	for k in Icmp6OutParmProblems Icmp6OutErrors; do
		eval "was=\$${k}_$ns"
		now=$(snmp $ns $k)
		[ "$was" = "$now" ] || { same=0; echo "# $ns $k $was -> $now"; }
	done
done
check "snmp6: Icmp6OutParmProblems and Icmp6OutErrors unchanged in A and B" \
    test $same = 1
check "nft counter in B: the BU and the CoTI" \
    test "$(nsx $B "$ST" nft stats fama_dar)" = \
    "packets 2 bytes $(($(pktlen "$BU") + $(pktlen "$COTI")))"
counter_a() {
	test "$(nsx $A "$ST" nft stats fama_mn)" = \
	    "packets 1 bytes $(pktlen "$BAK")" &&
	ruleset $A | grep -q "counter packets 1 bytes $(pktlen "$BAK") drop"
}
check "nft counter in A: the BA, and nft(8) agrees" counter_a

# --- the filter: no UDP, no echo, own packets not seen; truncation ---
udp_was=$(snmp $B Udp6NoPorts)
echo_was=$(snmp $B Icmp6InEchos)
rx rxf $B $BA 2 5000 cap=64
nsx $A "$ST" udp-send 2001:db8:1::b 9 || die "udp-send"
nsx $A "$ST" icmp6-send $AB 2001:db8:1::b echo >/dev/null || die "echo"
BIG=$(nsx $A "$ST" send big 2001:db8:1::a 2001:db8:1::b 2001:db8:1:2::1234) ||
    die "send big"
COTI2=$(nsx $A "$ST" send coti 2001:db8:1::a 2001:db8:1::b) || die "coti"
finish rxf
check "UDP and echo reached B's stack ($udp_was/$echo_was before)" \
    test "$(snmp $B Udp6NoPorts)" = $((udp_was + 1)) -a \
    "$(snmp $B Icmp6InEchos)" = $((echo_was + 1))
check "filter: B's socket got neither, then the truncated BU, then the CoTI" \
    test "$(sed -n 2p "$TMP/rxf")" = trunc -a \
    "$(sed -n 3p "$TMP/rxf" | sed 's/.*hex=//')" = "$COTI2" -a \
    "$(sed -n 4p "$TMP/rxf")" = "end n=2"
check "truncation: the big BU was larger than the 64-octet buffer" \
    test "$(pktlen "$BIG")" -gt 64

# --- RS and RA through the ICMPv6 helpers -----------------------------
start rsb $B "$ST" icmp6-recv $BA rs 3000 allrouters
until_in "$TMP/rsb" '^ready'
nsx $A "$ST" icmp6-send $AB 2001:db8:1::b echo >/dev/null	# filtered out
nsx $A "$ST" icmp6-send $AB ff02::2 rs >/dev/null || die "rs"
finish rsb
check "RS to ff02::2 reaches B's RS socket, hop limit 255, echo filtered" \
    grep -q "^icmp6 type=133 src=fe80::[0-9a-f:]* dst=ff02::2 if=$BA hlim=255 len=8 decode=ok\$" "$TMP/rsb"
start rsb2 $B "$ST" icmp6-recv $BA rs 1000
until_in "$TMP/rsb2" '^ready'
nsx $A "$ST" icmp6-send $AB ff02::2 rs >/dev/null || die "rs"
no_rs() { ! finish rsb2 && grep -qx timeout "$TMP/rsb2"; }
check "control: without joining ff02::2 B (a host) gets no RS" no_rs
start raa $A "$ST" icmp6-recv $AB ra 3000
until_in "$TMP/raa" '^ready'
nsx $B "$ST" icmp6-send $BA ff02::1 ra >/dev/null || die "ra"
finish raa
check "RA to ff02::1 reaches A's RA socket, hop limit 255, content intact" \
    grep -q "^icmp6 type=134 src=fe80::[0-9a-f:]* dst=ff02::1 if=$AB hlim=255 .* decode=ok\$" "$TMP/raa"
ll_a=$(nsx $A ip -6 -o addr show dev $AB scope link |
    sed -n 's/.* inet6 \(fe80::[0-9a-f:]*\)\/64.*/\1/p')
start raa2 $A "$ST" icmp6-recv $AB ra 3000
until_in "$TMP/raa2" '^ready'
nsx $B "$ST" icmp6-send $BA "$ll_a" ra >/dev/null || die "unicast ra"
finish raa2
check "RA to A's link-local ($ll_a) arrives with hop limit 255" \
    grep -q "^icmp6 type=134 src=fe80::[0-9a-f:]* dst=$ll_a if=$AB hlim=255 .* decode=ok\$" "$TMP/raa2"

# --- link-local, out of a named interface (IPV6_PKTINFO) --------------
ll_b=$(nsx $B ip -6 -o addr show dev $BA scope link |
    sed -n 's/.* inet6 \(fe80::[0-9a-f:]*\)\/64.*/\1/p')
rx rxll $B $BA 1 5000
LL=$(nsx $A "$ST" send coti "$ll_a" "$ll_b" via=$AB) || die "send coti via"
finish rxll
check "CoTI between link-locals, sent with sig_send_via, arrives byte for byte" \
    grep -q "^pkt if=$BA type=host .* mh=CoTI hex=$LL\$" "$TMP/rxll"
no_via() { ! nsx $A "$ST" send coti "$ll_a" "$ll_b" 2>/dev/null; }
check "a link-local destination without an interface is refused" no_via

# --- a router in the middle -------------------------------------------
check "nft: fama_dar added in R" nsx $R "$ST" nft add fama_dar
pp_r=$(snmp $R Icmp6OutParmProblems)
pp_b=$(snmp $B Icmp6OutParmProblems)
rx rxr $R all 0 1500
rx rxro $R all 0 1500 outgoing	# PACKET_IGNORE_OUTGOING off
rx rxbr $B $BR 1 5000
FWD=$(nsx $A "$ST" send bu 2001:db8:2::a 2001:db8:3::b 2001:db8:1:2::1234) ||
    die "send bu via R"
finish rxbr
finish rxr
finish rxro
check "forwarded BU arrives in B, Hop Limit one less, all else the same" \
    got rxbr "$(hlim_minus1 "$FWD")"
check "R's socket on all interfaces sees it once: PACKET_HOST on $RA, as sent" \
    test "$(count rxr '^pkt')" = 1 -a \
    "$(grep -c "^pkt if=$RA type=host .*hex=$FWD\$" "$TMP/rxr")" = 1
# Egress is tapped only for ETH_P_ALL sockets (dev_queue_xmit_nit): an
# ETH_P_IPV6 socket never sees packets leave, whatever that option says.
check "even with PACKET_IGNORE_OUTGOING off, R does not see it leave $RB" \
    test "$(count rxro '^pkt')" = 1 -a \
    "$(grep -c "^pkt if=$RA type=host .*hex=$FWD\$" "$TMP/rxro")" = 1
check "R's input table did not touch it (counter 0, no Parameter Problem)" \
    test "$(nsx $R "$ST" nft stats fama_dar)" = "packets 0 bytes 0" -a \
    "$(snmp $R Icmp6OutParmProblems)" = "$pp_r" -a \
    "$(snmp $B Icmp6OutParmProblems)" = "$pp_b"

# --- negative control: the same packets without the tables -----------
nsx $B "$ST" nft del fama_dar && nsx $A "$ST" nft del fama_mn ||
    die "nft del"
as_before() { ruleset "$1" | cmp -s - "$TMP/before.$1"; }
check "nft: removal leaves B's ruleset as before" as_before $B
check "nft: removal leaves A's ruleset as before" as_before $A
no_stats() { ! nsx $B "$ST" nft stats fama_dar 2>/dev/null; }
check "nft: the counter of a removed table is not found" no_stats
pp_a=$(snmp $A Icmp6OutParmProblems)
pp_b=$(snmp $B Icmp6OutParmProblems)
cap capa2 $A $AB
cap capb2 $B $BA
rx rxb2 $B $BA 2 5000
rx rxa2 $A $AB 1 5000
nsx $A "$ST" send bu 2001:db8:1::a 2001:db8:1::b 2001:db8:1:2::1234 >/dev/null
nsx $A "$ST" send coti 2001:db8:1::a 2001:db8:1::b >/dev/null
nsx $B "$ST" send ba 2001:db8:1::b 2001:db8:1::a 2001:db8:1:2::1234 >/dev/null
finish rxb2
finish rxa2
sentinel
cap_stop capa2
cap_stop capb2
check "control: B counts two Parameter Problems, A one" \
    test "$(snmp $B Icmp6OutParmProblems)" = $((pp_b + 2)) -a \
    "$(snmp $A Icmp6OutParmProblems)" = $((pp_a + 1))
icmp6_errors capb2 >"$TMP/err.b"
icmp6_errors capa2 >"$TMP/err.a"
# From B: code 2 (unrecognized option) at the HAO's type octet, code 1
# (unrecognized Next Header) at the IPv6 Next Header; from A: code 0
# (erroneous field) at the Routing Type.
printf '4\t0\t42\t2001:db8:1::a\n4\t1\t6\t2001:db8:1::b\n4\t2\t46\t2001:db8:1::b\n' \
    >"$TMP/want"
check "control: link ab captured at B: exactly the three Parameter Problems" \
    cmp -s "$TMP/err.b" "$TMP/want"
check "control: link ab captured at A: the same three" \
    cmp -s "$TMP/err.a" "$TMP/want"
check "control: the signalling sockets still read all three" \
    test "$(count rxb2 '^pkt')" = 2 -a "$(count rxa2 '^pkt')" = 1

# --- cleanup of the tables --------------------------------------------
del_r() { nsx $R "$ST" nft del fama_dar && as_before $R; }
check "nft: removing R's table leaves its ruleset as before" del_r
check "nft: removing an absent table succeeds and changes nothing" del_r

for f in err.b err.a; do
	sed "s/^/# $f: /" "$TMP/$f"
done
echo "1..$n"
[ $fails -eq 0 ] || { echo "t_sig: $fails of $n failed" >&2; exit 1; }
exit 0
