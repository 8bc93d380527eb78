#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The tunnel API end to end on a topology built with netns/ itself:
#   mn a0 --- a1 dar c0 --- c1 cn      (and mn b0 --- b1 dar, a second link)
# HoA 2001:db8:9::5 on mn's lo, anchor 2001:db8:1::1 on dar.  The tunnel
# carries UDP and TCP both ways (mn has no default route: only the tunnel
# reaches cn), the kernel state is checked with ip(8), the CoA is replaced
# and traffic follows, and after down nothing of fama's is left.
. "$(dirname "$0")/lib.sh"

mn=$P-mn dar=$P-dar cn=$P-cn
HOA=2001:db8:9::5 ANCHOR=2001:db8:1::1 COA1=2001:db8:1::100
COA2=2001:db8:2::100 CN=2001:db8:ff::2

for n in $mn $dar $cn; do ns_new $n; done
# Links: veth with the peer made in another namespace, and a move.
must nlt -n $mn link veth a0 a1 $dar
must nlt -n $mn link veth b0 b1 $dar
must nlt -n $dar link veth c0 c1
must nlt -n $dar link netns c1 $cn
for l in a0 b0; do must nlt -n $mn link up $l; done
for l in a1 b1 c0; do must nlt -n $dar link up $l; done
must nlt -n $cn link up c1
must nlt sysctl set-ns $dar net.ipv6.conf.all.forwarding 1
must ip netns exec $dar sysctl -n net.ipv6.conf.all.forwarding
has "forwarding in dar" '^1$'
must ip netns exec $mn sysctl -n net.ipv6.conf.all.forwarding
has "forwarding in mn untouched" '^0$'
# Topology addresses and routes as "static" (4), not fama's own.
must nlt -n $dar addr add a1 $ANCHOR/64 nodad proto 4
must nlt -n $dar addr add b1 2001:db8:2::1/64 nodad proto 4
must nlt -n $dar addr add c0 2001:db8:ff::1/64 nodad proto 4
must nlt -n $cn addr add c1 $CN/64 nodad proto 4
must nlt -n $cn route add default via 2001:db8:ff::1 dev c1 proto 4
must nlt -n $mn addr add a0 $COA1/64 nodad proto 4
must nlt -n $mn addr add b0 $COA2/64 nodad proto 4
must nlt -n $mn addr add lo $HOA/128 nodad proto 4
ok "topology"

# Up, twice: every operation is idempotent.
for i in 1 2; do
	must nlt -n $dar tunnel anchor-decap up $ANCHOR
	must nlt -n $dar tunnel anchor up $HOA $COA1
	must nlt -n $mn tunnel mn-decap up $COA1
	must nlt -n $mn tunnel mn up $HOA $ANCHOR
done

must ip -n $dar -6 route show proto $FAMA_PROTO
has "dar encap route" "^$HOA +encap seg6 mode encap.red segs 1 \[ $COA1 \] dev a1 .*mtu 1460"
[ "$(count "^$HOA ")" = 1 ] || fail "dar: HoA route not unique"
must ip -n $dar -6 route show table 7000
has "dar decap route" "^$ANCHOR +encap seg6local action End.DT6 table main dev a1"
must ip -n $dar -6 rule show
has "dar decap rule" "^100:.*to $ANCHOR ipproto ipv6 lookup 7000 proto $FAMA_PROTO"
has "dar local moved" "^200:.*lookup local proto $FAMA_PROTO"
hasnt "dar local at 0" "^0:"
[ "$(count "ipproto ipv6")" = 1 ] || fail "dar: decap rule not unique"
must ip -n $mn -6 route show table 7000
has "mn decap route" "^$COA1 +encap seg6local action End.DT6 table local dev a0"
must ip -n $mn -6 route show table 7001
has "mn anchor route" "^default +encap seg6 mode encap.red segs 1 \[ $ANCHOR \] dev a0 .*mtu 1460"
must ip -n $mn -6 rule show
has "mn hoa rule" "^300:.*from $HOA lookup 7001 proto $FAMA_PROTO"
has "mn decap rule" "^100:.*to $COA1 ipproto ipv6 lookup 7000"
hasnt "mn local at 0" "^0:"
must ip -n $mn -6 route show default
hasnt "mn has no default route of its own" "default"
ok "tunnel state"

# Traffic both ways, UDP and TCP; from mn's HoA only the tunnel leads out.
serve nlt -n $cn udp-echo $CN 9000 2
must nlt -n $mn udp-ping $HOA $CN 9000 1200
serve nlt -n $mn udp-echo $HOA 9001 2
must nlt -n $cn udp-ping $CN $HOA 9001 1200
serve nlt -n $cn tcp-echo $CN 9002 1
must nlt -n $mn tcp-ping $HOA $CN 9002 2000000
has "tcp from HoA" "tcp ok 2000000 from $HOA"
serve nlt -n $mn tcp-echo $HOA 9003 1
must nlt -n $cn tcp-ping $CN $HOA 9003 2000000
ok "UDP and TCP through the tunnel, both ways"

# The MN moves to b0: decap for CoA2, the anchor re-points the HoA at it in
# one replace, CoA1 goes away, the MN's tunnel follows to b0.
must nlt -n $mn tunnel mn-decap up $COA2
must nlt -n $dar tunnel anchor up $HOA $COA2
must nlt -n $mn tunnel mn-decap down $COA1
must nlt -n $mn addr del a0 $COA1/64
must nlt -n $mn route add $ANCHOR/128 via 2001:db8:2::1 dev b0 proto 4
must nlt -n $mn tunnel mn up $HOA $ANCHOR
must ip -n $dar -6 route show proto $FAMA_PROTO
has "dar route to CoA2" "^$HOA +encap seg6 mode encap.red segs 1 \[ $COA2 \] dev b1 .*mtu 1460"
hasnt "no stale route to CoA1" "$COA1"
[ "$(count "^$HOA ")" = 1 ] || fail "dar: HoA route not unique after replace"
must ip -n $mn -6 route show table 7001
has "mn anchor route on b0" "^default .*segs 1 \[ $ANCHOR \] dev b0"
[ "$(count default)" = 1 ] || fail "mn: anchor route not unique"
must ip -n $mn -6 route show table all proto $FAMA_PROTO
hasnt "no stale decap of CoA1" "$COA1"
serve nlt -n $cn udp-echo $CN 9010 1
must nlt -n $mn udp-ping $HOA $CN 9010 1200
serve nlt -n $mn tcp-echo $HOA 9011 1
must nlt -n $cn tcp-ping $CN $HOA 9011 1000000
ok "CoA replaced, traffic follows"

# Down: nothing of fama's is left, table local is back at 0.
must nlt -n $dar tunnel anchor down $HOA
must nlt -n $dar tunnel anchor-decap down $ANCHOR
must nlt -n $mn tunnel mn down $HOA
must nlt -n $mn tunnel mn-decap down $COA2
# Down again: still fine.
must nlt -n $mn tunnel mn down $HOA
must nlt -n $dar tunnel anchor down $HOA
for n in $dar $mn; do
	must ip -n $n -6 route show table all proto $FAMA_PROTO
	[ -s "$TMP/out" ] && { cat "$TMP/out" >&2; fail "$n: fama routes left"; }
	must ip -n $n -6 rule show
	hasnt "$n: fama rules left" "proto $FAMA_PROTO|lookup 70[0-9][0-9]"
	has "$n: local back at 0" "^0:.*lookup local"
	[ "$(count "lookup local")" = 1 ] || fail "$n: local rule twice"
done
serve nlt -n $cn udp-echo $CN 9020 1
! nlt -n $mn udp-ping $HOA $CN 9020 64 2>/dev/null || fail "HoA still tunnelled"
ok "down leaves nothing"

# Flush clears everything at once after a restart of the process.
must nlt -n $dar tunnel anchor-decap up $ANCHOR
must nlt -n $dar tunnel anchor up $HOA $COA2
must nlt -n $mn tunnel mn-decap up $COA2
must nlt -n $mn tunnel mn up $HOA $ANCHOR
for n in $dar $mn; do
	must nlt -n $n tunnel flush
	must ip -n $n -6 route show table all proto $FAMA_PROTO
	[ -s "$TMP/out" ] && { cat "$TMP/out" >&2; fail "$n: left after flush"; }
	must ip -n $n -6 rule show
	hasnt "$n: rules after flush" "proto $FAMA_PROTO"
	has "$n: local back at 0 after flush" "^0:.*lookup local"
done
ok "flush"
