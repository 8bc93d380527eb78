#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# fama lab up|show|exec|move|down, each a separate invocation sharing the
# state under /run/fama/lab/NAME: the DARs advertise (an RA with the H
# flag and a prefix with the R flag, captured in the MN's namespace), the
# MN attaches and moves, `down` removes everything; a second lab of the
# same name is refused while the first is up.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/labtest.sh"
L() { "$FAMA" lab -n "$LAB" "$@"; }

must L up --dars 2
has "up" "lab $LAB is up"
[ -S "$LABDIR/dar1.sock" ] && [ -S "$LABDIR/mn1.sock" ] || fail "no sockets"
[ "$(ip netns list | grep -c "^$LAB-")" -eq 6 ] || fail "not 6 namespaces"
ok "up: 6 namespaces, control sockets"

if L up >"$TMP/out" 2>&1; then fail "a second lab $LAB came up"; fi
has "refused" "exist"
ok "a second lab of the same name is refused"

must L show
has "daemons" 'dar +1 +pid [0-9]+ +running'
has "mn" 'mn +1 +pid [0-9]+ +running'
has "position" '^mn1 \(namespace '"$LAB"'-mn1\) at DAR1:'
has "care-of address" 'care-of address 2001:db8:1:'

must L exec dar1 ip -6 addr show dev acc0
has "anchor" 'inet6 2001:db8:1::1/64'
must L exec mn1 timeout 10 tshark -n -i eth0 -c 1 -V -f 'icmp6 and ip6[40] == 134'
has "RA" 'Router Advertisement'
has "H flag" 'Home Agent: Set'
has "R flag" 'Router address flag\(R\): Set'
has "anchor in the prefix option" 'Prefix: 2001:db8:1::1$'
ok "an RA with H and R flags reaches the MN"

must L move mn1 dar2
has "moved" 'mn1: DAR1 > DAR2, attached after'
must L show
has "moved in the state" '^mn1 \(namespace '"$LAB"'-mn1\) at DAR2:'
has "new care-of address" 'care-of address 2001:db8:2:'
must L exec sw ip -o link show m1
has "port on DAR2's bridge" 'master acc2'
ok "move"

if L move mn1 dar3 >"$TMP/out" 2>&1; then fail "moved to a DAR that is not there"; fi
if L exec nosuch true >"$TMP/out" 2>&1; then fail "exec on no node"; fi
if L exec dar1 false; then fail "exec lost the exit status"; fi
ok "bad nodes refused, exit status passed on"

must L down
lab_gone
if L down >"$TMP/out" 2>&1; then fail "down without a lab"; fi
has "no lab" "no lab named $LAB"
ok "down"

# Ctrl-C in the middle of the demo: everything goes, exit status 1.
"$FAMA" lab -n "$LAB" --dwell 3000 >"$TMP/out" 2>&1 &
demo=$!
echo $demo >>"$TMP/pids"
i=0
until [ -S "$LABDIR/mn1.sock" ] && [ -e "$LABDIR/f1.timeline" -o -e "$LABDIR/f1.log" ]; do
	i=$((i + 1))
	[ $i -gt 200 ] && { cat "$TMP/out" >&2; fail "the demo did not start a flow"; }
	sleep 0.05
done
sleep 1
kill -INT $demo
if wait $demo; then fail "an interrupted demo exited 0"; fi
has "said so" 'interrupted: cleaning up'
lab_gone
ok "Ctrl-C cleans up"
