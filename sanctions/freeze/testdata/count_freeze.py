#!/usr/bin/env python3
"""Independent count of the USDT freeze replay, for the tests of sanctions/freeze.

Run from the module root:
    python3 sanctions/freeze/testdata/count_freeze.py ../shared/data/lists/usdt_freeze_ethereum

It replays AddedBlackList / RemovedBlackList twice, from the REAL decoded events in
usdt_configs.csv (sorted by block, log index) and from the eth_getLogs objects in
usdt_blacklist_logs.json (decoding the address from the data word by hand), checks that
both agree, and prints the numbers that freeze_test.go uses as constants.
"""
import csv, json, os, sys

d = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/lists/usdt_freeze_ethereum"
ADD = "0x42e160154868087d6bfdc0ca23d96a1c1cfa32f1b72ba9ba27b69b98a0d819dc"
REM = "0xd7e9ec6e6ecd65492dce6bf513cd6867560d49544421d0783ddf06e76c24470c"
DES = "0x61e6e66b0d6339b2980aecc6ccc0039736791f0ccde9ed512e789a7fbdd698c6"


def replay(events):
    """events: (block, logindex, kind, address lower, tx). Returns the counts and sets."""
    frozen, ever, released, readds, destroys = {}, set(), {}, 0, 0
    for b, i, k, a, tx in sorted(events):
        if k == "add":
            ever.add(a)
            if a in frozen:
                readds += 1
                continue
            frozen[a] = (tx, b)
            released.pop(a, None)
        elif k == "rem":
            if a in frozen:
                del frozen[a]
                released[a] = (tx, b)
        else:
            destroys += 1
    return frozen, ever, released, readds, destroys


csv_events = []
with open(os.path.join(d, "usdt_configs.csv"), newline="") as f:
    for row in csv.DictReader(f):
        n = row["event_name"]
        k = {"AddedBlackList": "add", "RemovedBlackList": "rem", "DestroyedBlackFunds": "des"}.get(n)
        if not k:
            continue
        a = (row["_user"] or row["_blackListedUser"]).lower()
        csv_events.append((int(row["block_number"]), int(row["log_index"]), k, a, row["txhash"].lower()))

logs = json.load(open(os.path.join(d, "usdt_blacklist_logs.json")))
log_events, removed_true, topics = [], 0, {}
for lg in logs:
    t0 = lg["topics"][0]
    topics[t0] = topics.get(t0, 0) + 1
    if lg.get("removed"):
        removed_true += 1
        continue
    k = {ADD: "add", REM: "rem", DES: "des"}[t0]
    data = lg["data"][2:]
    assert data[:24] == "0" * 24, lg
    log_events.append((int(lg["blockNumber"], 16), int(lg["logIndex"], 16), k, "0x" + data[24:64], lg["transactionHash"]))

a = replay(csv_events)
b = replay(log_events)
assert a[0] == b[0] and a[1] == b[1] and a[2] == b[2], "CSV and logs disagree"
frozen, ever, released, readds, destroys = b
print("logs", len(logs))
print("logs_removed_true", removed_true)
print("add_logs", topics.get(ADD, 0), "remove_logs", topics.get(REM, 0), "destroy_logs", topics.get(DES, 0))
print("ever_added", len(ever))
print("frozen_at_last_block", len(frozen))
print("released", len(released))
print("readds_while_frozen", readds)
print("last_block", max(e[0] for e in log_events))
# Samples for the tests: the first released address (block order), its unfreeze tx, and
# the freezing tx of the first frozen address.
r = min(released.items(), key=lambda kv: kv[1][1])
print("sample_released", r[0], r[1][0], r[1][1])
f = min(frozen.items(), key=lambda kv: kv[1][1])
print("sample_frozen", f[0], f[1][0], f[1][1])
zero = "0x" + "0" * 40
print("destroys_of_zero_address", sum(1 for e in log_events if e[2] == "des" and e[3] == zero),
      "zero_address_frozen", zero in frozen)
expected = set(open(os.path.join(d, "expected_frozen_at_last_block.txt")).read().split())
print("matches_expected_frozen_file", expected == set(frozen))
