#!/usr/bin/env python3
"""The naive baseline of bench/batch: look each input line up in a set of the listed
values (brave-intl's extraction of the same publication) and print one JSON line per
input line. No validation, no canonical forms: the least a screener must do.

Usage: naive_batch.py LISTS_DIR < lines > ndjson
"""
import glob
import json
import sys

listed = set()
for path in glob.glob(sys.argv[1] + '/sanctioned_addresses_*.txt'):
    with open(path) as f:
        listed.update(l.strip() for l in f if l.strip())
out = sys.stdout
for line in sys.stdin:
    a = line.strip()
    out.write(json.dumps({'input': a, 'sanctioned': a in listed}) + '\n')
