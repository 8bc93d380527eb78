#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Privileges and secrets: the key, its CGA sidecar and both daemons' state
# files are 0600; a key or a state file that group or others can read is
# refused with a message that says why and what to do (a key stops the
# MN; a state file is not trusted: the daemon starts afresh and replaces
# it); no token, no Kbm and no line of the private key appears in the
# daemons' logs at -v -v or in `show` output; a DAR run as an unprivileged
# user (-u nobody) keeps writing its state file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fama.sh"

# mode FILE: its permission bits in octal.
mode() { stat -c %a "$1"; }

# phkts FILE dar|mn: the tokens in a state file, in hex, one a line.
phkts() {
	python3 - "$1" "$2" <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
hdr, n = (24, 128) if sys.argv[2] == "dar" else (56, 104)
off = 88 if sys.argv[2] == "dar" else 64
count = int.from_bytes(b[12:16], "big")
for i in range(count):
    r = b[hdr + i * n: hdr + (i + 1) * n]
    t = r[off:off + 8]
    if any(t):
        print(t.hex())
PY
}

topo 2
ip netns exec "${P}cn" "$FLOW" server $CN 7000 >"$TMP/server" 2>&1 &
echo $! >>"$TMP/pids"
attach 1
# DAR2 as nobody, its state file in a directory nobody owns
chmod 711 "$TMP"
mkdir "$TMP/nobody"
chown nobody "$TMP/nobody" || fail "no user nobody"
start_dar 1 -v
start_dar 2 -v -u nobody --state-file "$TMP/nobody/d2.state"
start_mn --keep all -v
wait_for "attached at DAR1" mn_at 1
HOA1=$(mn_addr 1)
flow_start udp1 udp "$HOA1"
attach 2
wait_for "attached at DAR2" mn_at 2
wait_for "HoA1 bound" mn_settled
COA2=$(mn_addr 2)
attach 1
wait_for "back at DAR1" mn_at 1
wait_for "CoA2 bound at DAR2" mn_settled
attach 2
wait_for "at DAR2 again" mn_at 2
wait_for "settled at DAR2 again" mn_settled
flow_alive udp1

# --- modes ---
wait_for "DAR2's state file" test -s "$TMP/nobody/d2.state"
sleep 0.3
for f in "$TMP/mn.key" "$TMP/mn.key.cga" "$TMP/mn.key.state" \
    "$TMP/d1.state" "$TMP/nobody/d2.state"; do
	[ "$(mode "$f")" = 600 ] || fail "$f: mode $(mode "$f"), not 600"
done
[ "$(stat -c %U "$TMP/nobody/d2.state")" = nobody ] ||
    fail "DAR2 (user nobody) did not write its own state file"
must grep -E '^(Uid|Gid):' "/proc/$DARPID2/status"
has "DAR2 runs as nobody" "^Uid:[[:space:]]+$(id -u nobody)[[:space:]]"
ok "key, sidecar and state files 0600; DAR2 writes its own as nobody"

# --- no secret in the logs or the control socket ---
phkts "$TMP/d1.state" dar >"$TMP/tokens"
phkts "$TMP/nobody/d2.state" dar >>"$TMP/tokens"
phkts "$TMP/mn.key.state" mn >>"$TMP/tokens"
[ "$(sort -u "$TMP/tokens" | wc -l)" -ge 2 ] ||
    { cat "$TMP/tokens" >&2; fail "fewer than two tokens to look for"; }
# the forms a token could take in text: hex, upper case, with colons or
# spaces between the octets, and the Kbm made from it
python3 - "$TMP/tokens" >"$TMP/needles" <<'PY'
import hashlib, sys
for t in open(sys.argv[1]).read().split():
    b = bytes.fromhex(t)
    for s in (t, t.upper(), ":".join(t[i:i + 2] for i in range(0, 16, 2)),
              " ".join(t[i:i + 2] for i in range(0, 16, 2))):
        print(s)
    print(hashlib.sha1(b).hexdigest())
PY
# every line of the private key's PEM body, and of its DER in hex
grep -v -- '-----' "$TMP/mn.key" >>"$TMP/needles"
"$FAMA" mn -s "$TMP/mn.sock" show --json >"$TMP/show"
"$FAMA" mn -s "$TMP/mn.sock" show >>"$TMP/show"
for i in 1 2; do
	for w in bindings stats; do
		"$FAMA" dar -s "$TMP/d$i.sock" show $w >>"$TMP/show"
		"$FAMA" dar -s "$TMP/d$i.sock" show $w --json >>"$TMP/show"
	done
done
for f in "$TMP/d1.log" "$TMP/d2.log" "$TMP/mn.log" "$TMP/show"; do
	[ -s "$f" ] || fail "$f is empty"
	if grep -F -i -f "$TMP/needles" "$f" >"$TMP/out"; then
		cat "$TMP/out" >&2
		fail "a secret in $(basename "$f")"
	fi
done
must grep -c "BU for" "$TMP/mn.log"
ok "$(wc -l <"$TMP/needles") forms of $(sort -u "$TMP/tokens" | wc -l) tokens and the key: in no log (-v -v) and no show output"

# --- a state file others can read: not trusted, replaced ---
stop "$DARPID1"
chmod 644 "$TMP/d1.state"
start_dar 1 -v
wait_for "DAR1 back" darshow 1 prefixes
must grep -E "d1.state: state file accessible by group or others \(mode 0644\); run chmod 600 on it: not trusted, starting afresh" "$TMP/d1.log"
must darshow 1 bindings
has "DAR1 started empty" '^\[\]$'
wait_for "DAR1's state file replaced" sh -c "[ \"\$(stat -c %a \"$TMP/d1.state\")\" = 600 ]"
ok "a 0644 DAR state file: refused with a message, replaced by a 0600 one"

stop "$MNPID"
chmod 640 "$TMP/mn.key.state"
start_mn --keep all -v
wait_for "MN back" mnshow
must grep -E "mn.key.state: state file accessible by group or others \(mode 0640\); run chmod 600 on it: not trusted" "$TMP/mn.log"
wait_for "MN's state file replaced" sh -c "[ \"\$(stat -c %a \"$TMP/mn.key.state\")\" = 600 ]"
ok "a 0640 MN state file: refused with a message, replaced"

# --- a key others can read: the MN does not start ---
stop "$MNPID"
chmod 644 "$TMP/mn.key"
ip netns exec "${P}mn" "$FAMA" mn -d -i m0 -k "$TMP/mn.key" \
    -s "$TMP/mn2.sock" --pidfile "$TMP/mn2.pid" >"$TMP/out" 2>&1 &&
    fail "the MN started with a 0644 key"
has "the key refused, with the reason" "mn.key: private key accessible by group or others \(mode 0644\); run chmod 600 on it"
chmod 600 "$TMP/mn.key"
ok "a 0644 key: the MN refuses to start, and says why"

for i in 1 2; do eval stop "\$DARPID$i"; done
for ns in "${P}mn" "${P}d1" "${P}d2"; do
	fama_state "$ns" >"$TMP/out" 2>&1
	[ -s "$TMP/out" ] && { cat "$TMP/out" >&2; fail "$ns: fama state left"; }
done
ok "nothing of fama left"
