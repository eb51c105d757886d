#!/usr/bin/env python3
"""Independent count for the look-back test (stream/kafka_test.go).

Reads two OFAC SDN_ADVANCED.XML publications with Python's own XML parser (no
chainscreen code) and prints, for the ETH-ticker values of brave-intl's extraction of
2025-11-19b (lists/brave-intl/sanctioned_addresses_ETH.txt), how many are listed (as any
0x value, compared case-insensitively) in the 2024-12-19 publication, and how many of the
90 Tornado Cash addresses are listed in 2025-11-19b.

Run: python3 stream/testdata/evm_values.py ../shared/data
"""
import bz2
import sys
import xml.etree.ElementTree as ET


def local(tag):
    return tag.rsplit('}', 1)[-1]


def zero_x_values(path):
    vals = set()
    with bz2.open(path) as f:
        for _, el in ET.iterparse(f, events=('end',)):
            if local(el.tag) == 'VersionDetail':
                t = (el.text or '').strip()
                if t.lower().startswith('0x') and len(t) == 42:
                    vals.add(t.lower())
            if local(el.tag) in ('DistinctParty', 'Feature'):
                pass
    return vals


def main(data):
    old = zero_x_values(data + '/ofac/sdn_advanced/2024-12-19.xml.bz2')
    new = zero_x_values(data + '/ofac/sdn_advanced/2025-11-19b.xml.bz2')
    eth = [l.strip() for l in open(data + '/lists/brave-intl/sanctioned_addresses_ETH.txt') if l.strip()]
    tc = [l.strip() for l in open(data + '/lists/tornado_cash/ofac_tornado_cash_eth_addresses_2024-12-19.txt') if l.strip()]
    print('brave ETH values (2025-11-19b):', len(eth))
    print('  of which listed in 2024-12-19:', sum(1 for a in eth if a.lower() in old))
    print('  of which new since 2024-12-19:', sum(1 for a in eth if a.lower() not in old))
    print('tornado cash values:', len(tc))
    print('  listed in 2024-12-19:', sum(1 for a in tc if a.lower() in old))
    print('  listed in 2025-11-19b:', sum(1 for a in tc if a.lower() in new))


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '../shared/data')
