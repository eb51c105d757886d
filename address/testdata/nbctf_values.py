#!/usr/bin/env python3
"""Counts the NBCTF wallet values that are neither Tron, Bitcoin nor EVM addresses.

Independent check for TestNBCTFNewChainValues (address/nbctf_test.go): run
    python3 address/testdata/nbctf_values.py ../shared/data/lists/nbctf/wallets.csv
from the module root; the test's expected counts are this script's output.

A value is the wallet/user-id column (5th), trimmed, with a trailing
"(Address tag N)" memo and "*" removed; a cell with two values separated by ", " is
split. Skipped: empty cells and "-" placeholders, numeric exchange user ids, Tron
("T" + 33 base58), EVM ("0x" + 40 hex) and Bitcoin ("1"/"3" base58, "bc1") values.
The rest are classified by the currency column (6th) alone.
"""
import collections
import csv
import re
import sys

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
TICKER_CHAIN = {
    "XLM": "stellar", "ALGO": "algorand", "ADA": "cardano", "DGB": "digibyte",
    "KMD": "komodo", "LSK": "lisk", "SC": "siacoin", "STRAT": "stratis", "STRAX": "stratis",
    "IOST": "iost", "DOGE": "dogecoin", "LTC": "litecoin", "XVG": "verge", "ZEC": "zcash",
    "XRP": "ripple", "BNB": "bnb-beacon",
}


def skipped(v):
    if v in ("", "-") or re.fullmatch(r"[0-9]+", v):
        return True
    if re.fullmatch(r"T[%s]{33}" % B58, v) or re.fullmatch(r"0x[0-9a-fA-F]{40}", v):
        return True
    return bool(re.fullmatch(r"[13][%s]{25,34}" % B58, v) or re.fullmatch(r"bc1[02-9ac-hj-np-z]{8,87}", v))


def main(path):
    counts = collections.Counter()
    unclassified = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            if len(row) < 5:
                continue
            cell, ticker = row[4].strip(), (row[5].strip() if len(row) > 5 else "")
            for v in cell.split(", "):
                v = re.sub(r"\s*\(Address tag [0-9]+\)\s*\*?\s*$", "", v.strip()).strip()
                if skipped(v):
                    continue
                chain = TICKER_CHAIN.get(ticker)
                if chain is None:
                    unclassified.append(v)
                else:
                    counts[chain] += 1
    for chain in sorted(counts):
        print(f"{chain} {counts[chain]}")
    print(f"total {sum(counts.values())}")
    print(f"unclassified {len(unclassified)}: {' '.join(unclassified)}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/lists/nbctf/wallets.csv")
