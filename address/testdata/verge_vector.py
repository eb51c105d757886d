#!/usr/bin/env python3
"""Builds the Verge bech32 test vector of TestVergeBech32 (address/newchains_test.go).

Run: python3 address/testdata/verge_vector.py

The key is secp256k1's generator G (private key 1), compressed; its HASH160 is the
program of BIP-173's example P2WPKH address (bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4).
The human-readable part "vg" is Verge Core's mainnet bech32_hrp
(vergecurrency/verge src/chainparams.cpp, CMainParams; testnet "vt", regtest "vgrt").
The bech32 code below follows BIP-173's specification.
"""
import hashlib

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
GEN = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]


def polymod(values):
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= GEN[i] if (top >> i) & 1 else 0
    return chk


def hrp_expand(hrp):
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def encode(hrp, data):
    pm = polymod(hrp_expand(hrp) + data + [0] * 6) ^ 1
    return hrp + "1" + "".join(CHARSET[d] for d in data + [(pm >> 5 * (5 - i)) & 31 for i in range(6)])


def to5(b):
    acc, bits, out = 0, 0, []
    for x in b:
        acc, bits = acc << 8 | x, bits + 8
        while bits >= 5:
            bits -= 5
            out.append(acc >> bits & 31)
    if bits:
        out.append(acc << (5 - bits) & 31)
    return out


pub = bytes.fromhex("0279BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798")
try:
    h160 = hashlib.new("ripemd160", hashlib.sha256(pub).digest()).digest()
except ValueError:  # OpenSSL without RIPEMD-160: BIP-173's published program
    h160 = bytes.fromhex("751e76e8199196d454941c45d1b3a323f1433bd6")
assert encode("bc", [0] + to5(h160)) == "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
print(h160.hex(), encode("vg", [0] + to5(h160)))
