#!/usr/bin/env python3
"""Independent counts for the tests of sanctions/opensanctions (stdlib only).

Run from the module root (the OFAC part unpacks 121 MB of XML: about a minute):
    python3 sanctions/opensanctions/testdata/count_ftm.py ../shared/data

It reads three files on its own, without the Go code:
  * lists/opensanctions/entities.ftm.json: per dataset, the CryptoWallet values and the
    category their topics (and their holders' topics) give;
  * lists/nbctf/wallets.csv: the NBCTF table's wallet column, the way the issue describes it;
  * ofac/sdn_advanced/2025-11-19b.xml.bz2: every "Digital Currency Address - XXX" feature;
and prints the numbers that ftm_test.go uses as constants, and whether the FtM datasets
hold exactly the native values (same value set, same category).

Normalisation, applied the same way to every side: a value "X (Address tag N)*" is the pair
(X, N); Cyrillic look-alike letters are mapped to Latin; 0x values compare lowercased; an
all-digit value is an exchange account.
"""
import bz2, csv, json, os, re, sys
import xml.etree.ElementTree as ET

root = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
CONF = dict(zip("АВЕКМНОРСТХУаеорсухіјѕ", "ABEKMHOPCTXYaeopcyxijs"))
TAG = re.compile(r"^\s*(\S+)\s*\(\s*address\s+tag\s*:?\s*(\d+)\s*\)\s*\*?\s*$", re.I)


def norm(v):
    v = v.strip()
    tag = ""
    m = TAG.match(v)
    if m:
        v, tag = m.group(1), m.group(2)
    v = "".join(CONF.get(ch, ch) for ch in v)
    if v.lower().startswith("0x"):
        v = v.lower()
    return (v, tag)


# --- FtM ---------------------------------------------------------------------------
ents = {}
with open(os.path.join(root, "lists/opensanctions/entities.ftm.json"), encoding="utf-8") as f:
    for line in f:
        e = json.loads(line)
        ents[e["id"]] = e


def category(topics):
    if "crime.terror" in topics:
        return "terrorism_financing"
    if any(t == "sanction" or t.startswith("sanction.") for t in topics):
        return "sanctions"
    return "none"


ftm = {}  # dataset -> {(value, tag): set(categories)}
wallets = {}
listed = {}  # dataset -> number of (wallet, value, holder) rows
for e in ents.values():
    if e["schema"] != "CryptoWallet":
        continue
    p = e["properties"]
    topics = set(p.get("topics", []))
    holders = [ents[h] for h in p.get("holder", []) if h in ents]
    for h in holders:
        topics |= set(h["properties"].get("topics", []))
    cat = category(topics)
    for ds in e["datasets"]:
        wallets[ds] = wallets.get(ds, 0) + 1
        for v in p.get("publicKey", []) + p.get("accountId", []):
            ftm.setdefault(ds, {}).setdefault(norm(v), set()).add(cat)
            listed[ds] = listed.get(ds, 0) + max(1, len(holders))

# --- NBCTF table -----------------------------------------------------------------------
nb = set()
order = None
with open(os.path.join(root, "lists/nbctf/wallets.csv"), encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
for r in rows[1:]:
    if r and re.match(r"^צ\.ת", r[0].strip()):
        order = r[0]
        continue
    if len(r) < 5 or order is None:
        continue
    for v in r[4].split(","):
        v = v.strip()
        if v in ("", "-"):
            continue
        nb.add(norm(v))

# --- OFAC XML --------------------------------------------------------------------------
ofac = set()
feat = {}
with bz2.open(os.path.join(root, "ofac/sdn_advanced/2025-11-19b.xml.bz2")) as f:
    pending = []
    for ev, el in ET.iterparse(f, events=("end",)):
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "FeatureType":
            t = el.text or ""
            if t.startswith("Digital Currency Address - "):
                feat[el.get("ID")] = t[len("Digital Currency Address - "):]
        elif tag == "Feature":
            if el.get("FeatureTypeID") in feat:
                for vd in el.iter():
                    if vd.tag.rsplit("}", 1)[-1] == "VersionDetail" and vd.text:
                        ofac.add(norm(vd.text))
            el.clear()
        elif tag == "DistinctParty":
            el.clear()

il, us = ftm["il_mod_crypto"], ftm["us_ofac_sdn"]
print("wallets il_mod_crypto", wallets["il_mod_crypto"], "us_ofac_sdn", wallets["us_ofac_sdn"])
print("listed_rows il_mod_crypto", listed["il_mod_crypto"], "us_ofac_sdn", listed["us_ofac_sdn"])
for name, d in (("il_mod_crypto", il), ("us_ofac_sdn", us)):
    cats = {}
    for cs in d.values():
        for c in cs:
            cats[c] = cats.get(c, 0) + 1
    digits = sum(1 for v, _ in d if v.isdigit())
    tagged = sum(1 for _, t in d if t)
    print("distinct", name, len(d), "accounts", digits, "tagged", tagged, "categories", sorted(cats.items()))
print("nbctf_table_distinct", len(nb), "equal_to_ftm_il", nb == set(il))
print("ofac_xml_distinct", len(ofac), "equal_to_ftm_us", ofac == set(us))
print("in_both_datasets", len(set(il) & set(us)), sorted(v for v, _ in set(il) & set(us)))
print("in_both_datasets_ignoring_tag", len({v for v, _ in il} & {v for v, _ in us}))
print("il_values_with_two_categories", sum(1 for cs in il.values() if len(cs) > 1),
      "us", sum(1 for cs in us.values() if len(cs) > 1))
