#!/usr/bin/env python3
"""Encode the XRP X-address (XLS-5d) of a classic address and destination tag, with its
own base58check in the Ripple alphabet (independent of chainscreen's decoder).

Run:  python3 screen/testdata/xaddress.py rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh 102334770
The value and tag are the NBCTF table's XRP entry (lists/nbctf/wallets.csv line 874,
"rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh (Address tag 102334770)"). TestListedWithTag's
X-address constants are this script's output (with the tag, with tag 1, and without).
"""
import hashlib
import sys

R = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz"


def dsha(b):
    return hashlib.sha256(hashlib.sha256(b).digest()).digest()


def dec(s):
    n = 0
    for c in s:
        n = n * 58 + R.index(c)
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return b"\x00" * (len(s) - len(s.lstrip(R[0]))) + b


def enc(b):
    n = int.from_bytes(b, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = R[r] + out
    return R[0] * (len(b) - len(b.lstrip(b"\x00"))) + out


def xaddress(classic, tag):
    raw = dec(classic)
    body, check = raw[:-4], raw[-4:]
    assert dsha(body)[:4] == check and body[0] == 0 and len(body) == 21
    account = body[1:]
    if tag is None:
        flag, tagb = b"\x00", b"\x00" * 8
    else:
        flag, tagb = b"\x01", int(tag).to_bytes(4, "little") + b"\x00" * 4
    x = b"\x05\x44" + account + flag + tagb
    return enc(x + dsha(x)[:4])


if __name__ == "__main__":
    classic, tag = sys.argv[1], sys.argv[2]
    print(tag, xaddress(classic, tag))
    print("1", xaddress(classic, "1"))
    print("none", xaddress(classic, None))
