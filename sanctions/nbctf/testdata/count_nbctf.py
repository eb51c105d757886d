#!/usr/bin/env python3
"""Independent counts of the NBCTF seizure-order tables (wallets.csv, releases.csv).

Uses only the csv and re modules; no chainscreen code. The constants of
sanctions/nbctf/realdata_test.go come from its output. Run from the module root:

    python3 sanctions/nbctf/testdata/count_nbctf.py [DIR]

DIR defaults to ../shared/data/lists/nbctf.
"""
import collections
import csv
import datetime
import hashlib
import os
import re
import sys

d = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "data", "lists", "nbctf")
rows = list(csv.reader(open(os.path.join(d, "wallets.csv"), encoding="utf-8", newline="")))
rels = list(csv.reader(open(os.path.join(d, "releases.csv"), encoding="utf-8", newline="")))

B58 = "1-9A-HJ-NP-Za-km-z"
CYR_GREEK = re.compile("[\u0370-\u03ff\u0400-\u04ff]")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00a0]")
TAG = re.compile(r"^(\S+)\s*\(Address tag (\d+)\)\s*\*?$")
ORDER = re.compile(r"^צ\.ת\s*(-\s*)?(\d+)\s*/\s*(\d+)\s*$")
# Cyrillic and Greek letters that look like Latin ones (the same small table as the Go
# reader's, written out independently).
CONF = dict(zip("АВЕКМНОРСТХаеорсхуіјѕԁΑΒΕΖΗΙΚΜΝΟΡΤΥΧον",
                "ABEKMHOPCTXaeopcxyijsdABEZHIKMNOPTYXov"))


def shape(v):
    if re.fullmatch("T[%s]{33}" % B58, v):
        return "tron"
    if re.fullmatch("[13][%s]{24,33}" % B58, v) or re.fullmatch("bc1[02-9ac-hj-np-z]{11,71}", v):
        return "bitcoin"
    if re.fullmatch("0x[0-9a-fA-F]{40}", v):
        return "evm"
    if re.fullmatch(r"\+?\d+", v):
        return "exchange_account"
    return "other"


issues = collections.Counter()
values = []          # (order, value, currency, line, entity)
entities = set()     # every holder or order entity, with or without values
holders = {}         # order -> {key: entity}
prev = None          # the holder of the last row that named one
raw_values = set()   # the values as typed (before mapping look-alike letters)
orders = []          # order references in table order
order_values = collections.Counter()
cur = None
header = rows[0]
for line, r in enumerate(rows[1:], 2):
    first = r[0].strip() if r else ""
    if first.startswith("צ.ת") and all(not c.strip() for c in r[1:]):
        m = ORDER.match(first)
        if m is None:
            issues["malformed_row"] += 1
            continue
        if m.group(1):
            issues["order_reference_normalised"] += 1
        cur = "צ.ת %s/%s" % (m.group(2), m.group(3))
        orders.append(cur)
        holders[cur] = {}
        prev = None
        continue
    if len(r) != 6:
        issues["malformed_row"] += 1
    if all(not c.strip() for c in r):
        issues["empty_row"] += 1
        continue
    for c in r:
        if "E+" in c:
            issues["scientific_notation"] += 1
    cell = r[4] if len(r) > 4 else ""
    cur_cell = (r[5] if len(r) > 5 else "").strip()
    if cur_cell == "-":
        cur_cell = ""
    if INVISIBLE.search(cell):
        issues["invisible_character"] += 1
    if cell != cell.strip():
        issues["whitespace"] += 1
    cell = INVISIBLE.sub("", cell).strip()
    # The entity: the holder the row names (by ID number, else by name), the holder
    # above for rows of identifiers only, or the order.
    name = r[0].strip()
    if name in ("-", "אנונימי"):
        name = ""
    ids = [c.strip().split(":")[-1].strip() for c in r[1:3] if c.strip() not in ("", "-")]
    ent = None
    if name or ids:
        if not name and cell == "" and prev is not None:
            ent = prev
        else:
            key = ids[0] if ids else name
            ent = holders[cur].get(key) or (holders[cur].get(name) if name else None)
            if ent is None:
                ent = (cur, key)
                entities.add(ent)
                holders[cur][key] = ent
                if name:
                    holders[cur][name] = ent
        prev = ent
    if cell == "":
        issues["empty_cell"] += 1
        continue
    if cell == "-":
        issues["placeholder"] += 1
        continue
    if ent is None:
        ent = (cur, "")
        entities.add(ent)
        prev = None
    parts = [cell]
    if "," in cell:
        issues["two_values_in_cell"] += 1
        parts = [p.strip() for p in cell.split(",") if p.strip()]
    for p in parts:
        m = TAG.match(p)
        if m:
            issues["tagged_value"] += 1
            p = m.group(1)
        raw_values.add(p)
        if CYR_GREEK.search(p):
            issues["homoglyph"] += 1
            p = "".join(CONF.get(ch, ch) for ch in p)
        values.append((cur, p, cur_cell, line, ent))
        order_values[cur] += 1


def b58check(v):
    alpha = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    n = 0
    for ch in v:
        n = n * 58 + alpha.index(ch)
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    raw = b"\0" * (len(v) - len(v.lstrip("1"))) + raw
    return hashlib.sha256(hashlib.sha256(raw[:-4]).digest()).digest()[:4] == raw[-4:]


values4 = [(o, v, c, ln) for o, v, c, ln, _ in values]
shapes = collections.Counter(shape(v) for _, v, _, _ in values4)
bad_checksum = sorted(v for _, v, _, _ in values4 if shape(v) in ("tron", "bitcoin") and not v.startswith("bc1") and not b58check(v))
# A value repeated for the same holder of the same order is listed once.
seen_oe = set()
listed_list = []
for o, v, c, ln, e in values:
    if (o, e, v) not in seen_oe:
        seen_oe.add((o, e, v))
        listed_list.append((o, v, c, ln))
listed = len(listed_list)

issues["exchange_account"] = shapes["exchange_account"]
distinct = {v for _, v, _, _ in values4}
seen = {}
dup_same_order = dup_other_order = 0
for o, v, _, _ in values4:
    if v in seen:
        if o in seen[v]:
            dup_same_order += 1
        else:
            dup_other_order += 1
        seen[v].add(o)
    else:
        seen[v] = {o}
issues["duplicate_value"] = dup_same_order + dup_other_order

cells = [r[4].strip() for r in rows[1:] if len(r) > 4 and not r[0].startswith("צ.ת")]
nonempty = [c for c in cells if c]

# releases.csv: an order's date and validity.
NUM = re.compile(r"(\d+)\s*/\s*(\d+)")
rel_orders = {}
annexes = amendments = forfeit = dated = 0
newest = None


def pdate(s):
    dd, mm, yy = s.strip().split(".")
    return datetime.date(int(yy), int(mm), int(dd))


for r in rels[1:]:
    kind, date, valid = r[0].strip(), r[1].strip(), r[2].strip()
    dt = pdate(date)
    newest = dt if newest is None or dt > newest else newest
    if kind.startswith("נספח"):
        annexes += 1
        continue
    if "תיקון" in kind:
        amendments += 1
        continue
    m = NUM.search(kind)
    ref = "צ.ת %s/%s" % (m.group(1), m.group(2))
    if valid.startswith("צו חילוט"):
        forfeit += 1
        until = None
    else:
        dated += 1
        until = pdate(valid)
    rel_orders[ref] = (dt, until)

fixed = datetime.date(2028, 3, 1)
expired = sorted(o for o in orders if rel_orders.get(o, (None, None))[1] and rel_orders[o][1] < fixed)

print("wallets_rows", len(rows))                      # including the header row
print("order_rows", len(orders))
print("orders_without_values", sum(1 for o in orders if order_values[o] == 0))
print("nonempty_value_cells", len(nonempty), "distinct", len(set(nonempty)))
print("values", len(values), "distinct", len(distinct))
print("listed_values", listed, "entities_with_values", len({e for *_, e in values}), "entities", len(entities))
print("bad_checksum", len(bad_checksum), " ".join(bad_checksum))
print("shapes", " ".join("%s=%d" % kv for kv in sorted(shapes.items())))
print("listed_shapes", " ".join("%s=%d" % kv for kv in sorted(collections.Counter(shape(v) for _, v, _, _ in listed_list).items())))
print("currency_column_set", sum(1 for _, _, c, _ in values4 if c))
for k in sorted(issues):
    print("issue", k, issues[k])
print("duplicates_same_order", dup_same_order, "duplicates_other_order", dup_other_order)
print("releases_rows", len(rels) - 1, "orders", len(rel_orders), "annexes", annexes,
      "amendments", amendments, "forfeiture", forfeit, "dated", dated)
print("newest_date", newest.isoformat())
print("table_orders_not_in_releases", sum(1 for o in orders if o not in rel_orders))
print("release_orders_not_in_table", " ".join(sorted(set(rel_orders) - set(orders))))
# The following counts are of listed values (after the repeats above).
print("listed_in_force_on_%s" % fixed.isoformat(),
      sum(1 for o, _, _, _ in listed_list if not (rel_orders[o][1] and rel_orders[o][1] < fixed)))
print("orders_expired_before_%s" % fixed.isoformat(), len(expired), " ".join(expired))
print("listed_of_expired_orders", sum(1 for o, _, _, _ in listed_list if o in expired))
print("listed_of_forfeiture_orders", sum(1 for o, _, _, _ in listed_list if rel_orders[o][1] is None))
print("listed_of_dated_orders", sum(1 for o, _, _, _ in listed_list if rel_orders[o][1] is not None))
for o in orders:
    print("order", o, order_values[o])

# The "other" values by the currency column (empty: no currency given).
other = collections.Counter(c or "-" for _, v, c, _ in values4 if shape(v) == "other")
print("other_by_currency", " ".join("%s=%d" % kv for kv in sorted(other.items())))

# Values also on OFAC's 2025-11-19 list, by the brave-intl extraction of that XML (an
# independent public tool): one address per line per ticker.
bdir = os.path.join(d, "..", "brave-intl")
ofac = set()
if os.path.isdir(bdir):
    for fn in os.listdir(bdir):
        if fn.endswith(".txt"):
            ofac |= {ln.strip() for ln in open(os.path.join(bdir, fn), encoding="utf-8") if ln.strip()}
shared = sorted(distinct & ofac)
print("shared_with_ofac_2025-11-19", len(shared), " ".join(shared))
print("shared_with_ofac_as_typed", len(raw_values & ofac))
