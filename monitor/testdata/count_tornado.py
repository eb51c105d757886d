#!/usr/bin/env python3
"""Counts, independently of chainscreen, how many of the 90 Tornado Cash addresses
(lists/tornado_cash/ofac_tornado_cash_eth_addresses_2024-12-19.txt) each OFAC excerpt
lists: the expected event counts of monitor's snapshot and webhook tests.

Run from the module root: python3 monitor/testdata/count_tornado.py [DATA_DIR]
(DATA_DIR defaults to ../shared/data)."""
import os
import re
import sys

data = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "data")
addrs = [l.strip() for l in open(os.path.join(data, "lists", "tornado_cash",
                                              "ofac_tornado_cash_eth_addresses_2024-12-19.txt")) if l.strip()]
print("addresses", len(addrs))
for name in ["sdn_advanced_excerpt_2024-12-19_tornado_cash.xml", "sdn_advanced_excerpt_2025-11-19.xml"]:
    xml = open(os.path.join(data, "ofac", "excerpts", name), encoding="utf-8").read()
    # Digital currency addresses are the text of <VersionDetail> elements.
    listed = {v.strip().lower() for v in re.findall(r"<VersionDetail[^>]*>([^<]*)</VersionDetail>", xml)}
    print(name, "lists", sum(1 for a in addrs if a.lower() in listed))
