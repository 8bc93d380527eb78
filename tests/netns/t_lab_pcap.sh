#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A lab run with --pcap: a capture per link, every one decoded by tshark
# without malformed packets or expert errors, with the Mobile IPv6
# signalling decoded as Binding Updates and Acknowledgements.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/labtest.sh"
command -v tshark >/dev/null || fail "no tshark (tools/install-deps)"

"$FAMA" lab -n "$LAB" --moves 1,2,1 --dwell 2000 --pcap "$TMP/pcap" \
    >"$TMP/out" 2>&1 || { cat "$TMP/out" >&2; fail "fama lab --pcap failed"; }
lab_gone
n=0
for f in "$TMP"/pcap/*.pcap; do
	n=$((n + 1))
	tshark -r "$f" -Y '_ws.malformed || _ws.expert.severity == error' \
	    >"$TMP/bad" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "tshark $f"; }
	[ -s "$TMP/bad" ] && { head "$TMP/bad" >&2; fail "$f: malformed or errors"; }
	tshark -r "$f" -q -z expert,error >"$TMP/exp" 2>/dev/null
	grep -q '^Errors' "$TMP/exp" && { cat "$TMP/exp" >&2; fail "$f: expert errors"; }
done
[ $n -eq 7 ] || fail "$n captures, not 7 (cn, 3 DARs x access and backbone)"
ok "$n captures decode without malformed packets or expert errors"
bu=$(tshark -r "$TMP/pcap/dar1-acc0.pcap" -Y 'mip6.mhtype == 5' 2>/dev/null | wc -l)
ba=$(tshark -r "$TMP/pcap/dar1-acc0.pcap" -Y 'mip6.mhtype == 6' 2>/dev/null | wc -l)
ra=$(tshark -r "$TMP/pcap/dar1-acc0.pcap" -Y 'icmpv6.type == 134 && icmpv6.nd.ra.flag.h == 1' 2>/dev/null | wc -l)
[ "$bu" -ge 1 ] && [ "$ba" -ge 1 ] && [ "$ra" -ge 1 ] ||
    fail "DAR1's access link: $bu BU, $ba BA, $ra RA with the H flag"
ok "Binding Updates ($bu), Acknowledgements ($ba), RAs ($ra) decoded"
