#!/usr/bin/env python3
"""Counts the labels of the shared CoinJoin data, independently of the Go code.

Run from the module root:
    python3 screen/bitcoin/coinjoin/testdata/count_labels.py ../shared/data/bitcoin/coinjoin

It reads only the JSON fields the publisher wrote (kind, label_conflict, rules_satisfied,
blocks_rules.json) and prints the constants that realdata_test.go asserts.
"""
import json
import os
import sys
from collections import Counter

FILES = ["coinjoins.jsonl", "coinjoins_witness_stripped.jsonl", "controls.jsonl", "candidates_unlabeled.jsonl"]


def expected_rule(r):
    """The Detect rule each record should fire, from the record's own fields only."""
    k, conflict, vals = r["kind"], bool(r.get("label_conflict")), r["output_values"]
    top = Counter(vals).most_common(1)[0]
    if k == "wasabi1":
        if "a_dumplings_wasabi1" in r["rules_satisfied"]:
            return "wasabi1"
        # fewer than 10 equal outputs: only the coordinator's fee output identifies it
        if top[1] < 10:
            assert r["pays_wasabi1_coordinator_script"]
            return "wasabi1-coordinator"
        assert 4_000_000 <= top[0] <= 6_000_000
        return "wasabi1-0.05"
    if k == "wasabi2":
        return "wasabi2" if r["n_in"] >= 50 else "wasabi2-small"
    if k == "whirlpool_mix" or (k == "whirlpool_tx0" and conflict):
        return "whirlpool-ashigaru" if vals[0] == 2_500_000 else "whirlpool"
    if k == "whirlpool_tx0":
        return "whirlpool-tx0"
    if k in ("joinmarket", "other", "unknown") and not conflict:
        return "joinmarket"
    return "none"


def main(d):
    kinds, conflicts, rules, detect_rules = Counter(), Counter(), Counter(), Counter()
    total = 0
    for name in FILES:
        with open(os.path.join(d, name)) as f:
            lines = f.readlines()
        print("file", name, len(lines))
        for line in lines:
            r = json.loads(line)
            total += 1
            kinds[r["kind"]] += 1
            if r.get("label_conflict"):
                conflicts[r["kind"]] += 1
            for rule in r.get("rules_satisfied", []):
                rules[rule] += 1
            detect_rules[expected_rule(r)] += 1
    print("records", total)
    for k in sorted(kinds):
        print("label", k, kinds[k], "label_conflict", conflicts[k])
    for k in sorted(rules):
        print("rules_satisfied", k, rules[k])
    for k in sorted(detect_rules):
        print("detect_rule", k, detect_rules[k])
    with open(os.path.join(d, "blocks_rules.json")) as f:
        blocks = json.load(f)["blocks"]
    for name in sorted(blocks):
        b = blocks[name]
        print("block", b["height"], "txs", b["tx_count"],
              " ".join("%s=%d" % (k, len(v)) for k, v in sorted(b["rules"].items())))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/bitcoin/coinjoin")
