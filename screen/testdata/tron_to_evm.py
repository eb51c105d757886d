#!/usr/bin/env python3
"""Convert the Tron addresses of OFAC's list (brave-intl's independent extraction) to
their EVM form: base58check decode, check the 4-byte double-sha256 checksum and the 0x41
version byte, print 0x + the 20-byte hash (lower case). Independent of chainscreen's code.

Run from the module root:  python3 screen/testdata/tron_to_evm.py ../shared/data
It prints "TRON EVM" per line, the count, and the Tron form of Lazarus Group's ETH value;
its output is committed as screen/testdata/tron_evm.txt, which TestTronEVMOneKey reads.
"""
import hashlib
import sys

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58decode(s):
    n = 0
    for c in s:
        n = n * 58 + ALPHABET.index(c)
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    pad = len(s) - len(s.lstrip("1"))
    return b"\x00" * pad + b


def b58encode(b):
    n = int.from_bytes(b, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = ALPHABET[r] + out
    return "1" * (len(b) - len(b.lstrip(b"\x00"))) + out


def evm_to_tron(hexaddr):
    body = b"\x41" + bytes.fromhex(hexaddr[2:])
    return b58encode(body + hashlib.sha256(hashlib.sha256(body).digest()).digest()[:4])


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
    count = 0
    with open(data + "/lists/brave-intl/sanctioned_addresses_TRX.txt") as f:
        for line in f:
            t = line.strip()
            if not t:
                continue
            raw = b58decode(t)
            body, check = raw[:-4], raw[-4:]
            assert hashlib.sha256(hashlib.sha256(body).digest()).digest()[:4] == check, t
            assert body[0] == 0x41 and len(body) == 21, t
            print(t, "0x" + body[1:].hex())
            count += 1
    print("count", count)
    # The reverse direction: Lazarus Group's listed ETH value in Tron form.
    print("lazarus", evm_to_tron("0x098B716B8Aaf21512996dC57EB0615e2383E2f96"))


if __name__ == "__main__":
    main()
