#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The demo with return routability (care-of tests before every binding)
# and 10% loss on the access links (nftables, both directions): every
# flow must still survive every move and take its path.  A lost RS, RA,
# CoTI, CoT, BU or BA costs a retransmission timeout, and TCP backs off
# after losses, so the thresholds are those of a lossy link: 8 s without
# UDP replies (four losses in a row of one exchange, 0.2^4), 20 s without
# TCP progress.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/labtest.sh"

"$FAMA" lab -n "$LAB" --rr --loss 10 --dwell 3000 --max-gap 8000 \
    --max-stall 20000 --json "$TMP/lab.json" \
    >"$TMP/out" 2>&1 || { cat "$TMP/out" >&2; fail "fama lab --rr --loss 10 failed"; }
cat "$TMP/out"
has "options in the report" 'return routability on; distributed anchors; loss 10%'
lab_json_ok "$TMP/lab.json" 4
[ "$(jget "$TMP/lab.json" "d['options']['loss_percent']")" = 10 ] || fail "loss"
# the loss was real: some requests went missing
[ "$(jget "$TMP/lab.json" "sum(f['udp_lost'] for m in d['moves'] for f in m['flows']) > 0")" = True ] ||
    fail "no packet lost with 10% loss"
lab_gone
