# SPDX-License-Identifier: GPL-2.0-only
# Driver of t_hostile.sh: sends each malformed case of one class (mhtool
# mutate) from each vantage point to a live DAR and checks, case by case,
# that the DAR counted exactly the outcome expected here (a drop reason, a
# refusal reason and its BA status, or a receive error), that no binding
# changed, and that the DAR is still running.  Prints one line per case
# and a summary line "class C tried N rejected N lost N created N
# crashes N"; exits 1 on any mismatch.
#
#   hostile.py CLASS FAMA SOCKET PID MHTOOL VANTAGE...
#   VANTAGE: NETNS,KEY,COA,PREFIX,ANCHOR,IFNAME,MAC[,OTHERKEY...]
import json
import os
import subprocess
import sys
import time

PARSE = "dropped/unparsable IPv6 packet"
CKSUM = "dropped/bad MH checksum"
MALF = "dropped/malformed Mobility Header"
HOA = "dropped/home address not unicast routable"
RXERR = "receive_errors"
CGA = "refused/CGA parameters do not verify"
POLICY = "refused/key or Sec outside the policy"

# What the DAR must count for each case, and for a refusal the status of
# its BA and the CGA verdict counted (RFC 6275 §9.2 and §9.5.1, RFC 3972
# §5, PROFILE.md).  Written here, not taken from the tool that makes the
# packets.
EXPECT = {
    "none": ("status/0", None, "verified"),
    "trunc-ip6hdr": (RXERR, None, None),
    "trunc-plen": (PARSE, None, None),
    "trunc-dstopts": (PARSE, None, None),
    # an MH too short to hold its checksum fails the checksum
    "trunc-mh-hdr": (CKSUM, None, None),
    "trunc-mh-fixed": (MALF, None, None),
    "trunc-mh-opts": (MALF, None, None),
    "hdrlen-mh-long": (MALF, None, None),
    "hdrlen-mh-short": (MALF, None, None),
    "hdrlen-mh-zero": (MALF, None, None),
    "hdrlen-payload-proto": (MALF, None, None),
    "hdrlen-dstopts-long": (PARSE, None, None),
    "hdrlen-dstopts-short": (PARSE, None, None),
    "hdrlen-hao": (PARSE, None, None),
    "over-sig": (MALF, None, None),
    "over-padn": (MALF, None, None),
    "over-cga": (MALF, None, None),
    "over-dstopts": (PARSE, None, None),
    "zero-nonce": (MALF, None, None),
    "zero-sig": (MALF, None, None),
    "zero-cga": (MALF, None, None),
    "zero-bad": (MALF, None, None),
    "zero-altcoa": (MALF, None, None),
    "dup-nonce": (MALF, None, None),
    "dup-sig": (MALF, None, None),
    "dup-altcoa": (MALF, None, None),
    "dup-bad": (MALF, None, None),
    "dup-cga": (MALF, None, None),
    "dup-hao": (PARSE, None, None),
    "dup-dstopts": (PARSE, None, None),
    "cksum-flip": (CKSUM, None, None),
    "cksum-zero": (CKSUM, None, None),
    "cksum-coa": (CKSUM, None, None),
    "cksum-dst": (CKSUM, None, None),
    # ip6_parse() refuses a HAO that is not unicast at all
    "hao-multicast": (PARSE, None, None),
    "hao-loopback": (PARSE, None, None),
    "hao-unspec": (PARSE, None, None),
    "hao-linklocal": (HOA, None, None),
    "hao-v4mapped": (HOA, None, None),
    "hao-sitelocal": (HOA, None, None),
    "hao-foreign": ("refused/home address outside the prefixes", 133, None),
    "hao-anchor": ("refused/home address is the anchor", 133, None),
    "nohao-away": ("refused/no Home Address option", 133, None),
    # the source, an address of the prefix, is the home address: not
    # the CGA of the parameters
    "nohao-onlink": (CGA, 148, "Hash1 differs from the interface identifier"),
    "nohao-home-reg": ("refused/registration from the home address", 174,
                       None),
    "cga-oversize": (MALF, None, None),
    "cga-split": (MALF, None, None),
    "cga-prefix": (CGA, 148, "subnet prefix differs from the address"),
    "cga-modifier": (CGA, 148, "Hash1 differs from the interface identifier"),
    "cga-cc": (CGA, 148, "collision count above 2"),
    "cga-der": (CGA, 148, "parameters do not decode"),
    "cga-ext": (CGA, 148, "parameters do not decode"),
    "cga-key": (CGA, 148, "public key does not parse"),
    "cga-none": ("refused/Signature without CGA Parameters", 148, None),
    "policy-small-key": (POLICY, 129, "key size outside the policy's range"),
    "policy-big-key": (POLICY, 129, "key size outside the policy's range"),
    "policy-not-rsa": (POLICY, 129, "public key is not RSA"),
    "policy-sec0": (POLICY, 129, "Sec below the policy's minimum"),
    "policy-sec3": (CGA, 148, "unsupported Sec value"),
    "policy-sec7": (CGA, 148, "unsupported Sec value"),
}

# Counters that name an outcome: exactly one of them moves per case.
OUTCOMES = ("dropped", "refused", "status")


def show(fama, sock, what):
    return json.loads(subprocess.run([fama, "dar", "-s", sock, "show", what,
                                      "--json"], capture_output=True,
                                     text=True, check=True).stdout)


def stats(fama, sock):
    j = show(fama, sock, "stats")
    flat = {RXERR: j[RXERR], "packets": j["packets"]}
    for k in OUTCOMES + ("cga",):
        for name, v in j[k].items():
            flat[k + "/" + name] = v
    return flat


def bindings(fama, sock):
    return sorted((b["hoa"], b["coa"], b["state"], b["seq"], b["auth"],
                   b["token"]) for b in show(fama, sock, "bindings"))


def outcome(before, after):
    """The outcome counters that moved, with how much."""
    moved = {}
    for k, v in after.items():
        if k == "packets" or k.startswith("cga/"):
            continue
        d = v - before.get(k, 0)
        if d != 0:
            moved[k] = d
    return moved


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def main():
    cls, fama, sock, pid, mhtool = sys.argv[1:6]
    pid = int(pid)
    cases = [line.split()[1] for line in subprocess.run(
        [mhtool, "mutate", "--list"], capture_output=True, text=True,
        check=True).stdout.splitlines() if line.split()[0] == cls]
    if not cases:
        print("no cases of class %s" % cls)
        return 1
    tried = rejected = lost = created = crashes = failed = 0
    for vantage in sys.argv[6:]:
        v = vantage.split(",")
        ns, key, coa, prefix, anchor, ifname, mac = v[:7]
        others = v[7:]
        for case in cases:
            want, status, verdict = EXPECT[case]
            before = stats(fama, sock)
            bb = bindings(fama, sock)
            cmd = ["ip", "netns", "exec", ns, mhtool, "mutate", case,
                   "--key", key, "--coa", coa, "--prefix", prefix,
                   "--anchor", anchor]
            other = ("small-key", "big-key", "not-rsa")
            if case.startswith("policy-") and case[7:] in other:
                cmd += ["--other-key", others[other.index(case[7:])]]
            # AF_PACKET only where the packet must stay as it is
            if case in ("trunc-ip6hdr", "trunc-plen"):
                cmd += ["--via", ifname, "--mac", mac]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0:
                print("FAIL %s %s: mhtool: %s" % (ns, case,
                                                   r.stderr.strip()))
                failed += 1
                continue
            tried += 1
            # until the DAR has counted an outcome (or 3 s)
            deadline = time.monotonic() + 3
            while True:
                after = stats(fama, sock)
                moved = outcome(before, after)
                if moved or time.monotonic() > deadline:
                    break
                time.sleep(0.01)
            ab = bindings(fama, sock)
            ok = moved.get(want) == 1
            # one outcome: the reason, and a refusal's BA status with it
            extra = {k: d for k, d in moved.items() if k != want}
            if status is not None:
                ok = ok and extra.pop("status/%d" % status, 0) == 1
            ok = ok and not extra
            if verdict is not None:
                k = "cga/" + verdict
                ok = ok and after.get(k, 0) - before.get(k, 0) == 1
            nb = set(ab) - set(bb)
            gone = set(bb) - set(ab)
            if case != "none":
                if ok:
                    rejected += 1
                created += len(nb)
                lost += len(gone)
                ok = ok and not nb and not gone
            if not alive(pid):
                crashes += 1
                ok = False
            print("%s %-8s %-22s %s%s" % ("ok  " if ok else "FAIL", ns[-6:],
                                          case, want, "" if ok else
                                          "  got %s" % moved))
            if not ok:
                failed += 1
                if not alive(pid):
                    break
    if cls == "control":
        print("control sent %d accepted %d crashes %d" %
              (tried, tried - failed, crashes))
    else:
        print("class %s tried %d rejected %d lost %d created %d crashes %d"
              % (cls, tried, rejected, lost, created, crashes))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
