#!/usr/bin/env python3
"""Independent counts for TestBatchKeepOnRealCSV (cmd/chainscreen/input_test.go).

Reads the NBCTF wallets table with Python's csv module and prints: data records (after
the header), short rows (fewer than 5 fields: no wallet column), rows whose wallet cell
is empty, and rows with a holder name.

Run: python3 cmd/chainscreen/testdata/nbctf_rows.py ../shared/data/lists/nbctf/wallets.csv
"""
import csv
import sys

rows = list(csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))[1:]
short = sum(1 for r in rows if len(r) < 5)
empty = sum(1 for r in rows if len(r) >= 5 and r[4].strip() == '')
named = sum(1 for r in rows if len(r) >= 5 and r[4].strip() != '' and r[0].strip() != '')
print('records', len(rows))
print('short rows', short)
print('empty wallet cells', empty)
print('screened', len(rows) - empty)
print('wallet rows with a holder name', named)
