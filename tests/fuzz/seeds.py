#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# Seeds for the fuzz harnesses from captured traffic: the pcap files of
# `fama lab --pcap DIR` (with --rr for the care-of tests) become a few
# cap_* files each in tests/fuzz/corpus/{ip6,mh,nd,dar,mn}/.
#   python3 tests/fuzz/seeds.py DIR [PER_KIND]
import os
import struct
import sys

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
MH_NAMES = {2: "coti", 4: "cot", 5: "bu", 6: "ba", 7: "be"}
ND_NAMES = {133: "rs", 134: "ra"}


def packets(path):
    """The IPv6 packets of an Ethernet pcap file."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic == 0xA1B2C3D4 else ">"
    off = 24
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(endian + "IIII", data[off:off + 16])
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if len(frame) > 14 and frame[12:14] == b"\x86\xdd":
            yield frame[14:]


def walk(pkt):
    """(upper-layer protocol, its offset, HAO?, RH2?) of an IPv6 packet."""
    nxt, off, hao, rh2 = pkt[6], 40, False, False
    while nxt in (0, 43, 60) and off + 2 <= len(pkt):
        if nxt == 43 and pkt[off + 2] == 2:
            rh2 = True
        if nxt == 60 and b"\xc9\x10" in pkt[off:off + (pkt[off + 1] + 1) * 8]:
            hao = True
        nxt, off = pkt[off], off + (pkt[off + 1] + 1) * 8
    return nxt, off, hao, rh2


def write(kind, name, data):
    d = os.path.join(CORPUS, kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    src = sys.argv[1]
    per = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    seen, count = set(), {}
    for name in sorted(os.listdir(src)):
        if not name.endswith(".pcap"):
            continue
        for pkt in packets(os.path.join(src, name)):
            nxt, off, hao, rh2 = walk(pkt)
            body = pkt[off:40 + struct.unpack(">H", pkt[4:6])[0]]
            if nxt == 135 and len(body) >= 8 and body[2] in MH_NAMES:
                kind = MH_NAMES[body[2]]
            elif nxt == 58 and body and body[0] in ND_NAMES:
                kind = ND_NAMES[body[0]]
            else:
                continue
            # one of each length: a signed BU and a token BU, a BA with
            # a token and one without
            if (kind, len(body)) in seen or count.get(kind, 0) >= per:
                continue
            seen.add((kind, len(body)))
            i = count.get(kind, 0)
            count[kind] = i + 1
            base = "cap_%s_%d" % (kind, i)
            write("ip6", base, pkt)
            if nxt == 58:
                write("nd", base, body)
                continue
            write("mh", base, body)
            units = bytes([len(body) // 8 - 1])
            if kind in ("bu", "coti"):
                # dar: 0x01 with a HAO
                write("dar", base, bytes([0x01 if hao else 0]) + units + body)
            else:
                # mn: 0x01 with an RH2
                write("mn", base, bytes([0x01 if rh2 else 0]) + units + body)
    print(" ".join("%s %d" % kv for kv in sorted(count.items())))


if __name__ == "__main__":
    main()
