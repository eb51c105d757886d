#!/usr/bin/env python3
"""Writes the bzip2 decompression bombs of sanctions/all's bomb test: for each list
format, the first bytes of a file of that format followed by 1.5 GiB of white space
(spaces, no newline), packed with bzip2 (about 1.4 KB each). The gzip and zip bombs are
built by the test itself (gzip members and deflate blocks repeat; bzip2 has no writer in
Go's standard library).

Run from the repository root: python3 sanctions/all/testdata/gen_bombs.py
"""
import bz2, os

HEADS = {
    "ofac": b'<?xml version="1.0" encoding="utf-8"?>\n<Sanctions xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML">',
    "ftm": b'{"id":"w1","schema":"CryptoWallet","properties":{"publicKey":["',
    "freeze-logs": b'[',
    "custom": b'address,name\n',
    "nbctf": "שם מלא,תעודת זהות,דרכון,תאריך לידה,מספר זיהוי הארנק האלקטרוני/ יוזר,מטבע\n".encode(),
}
SIZE = 3 << 29  # 1.5 GiB
CHUNK = 64 << 20
out = os.path.join(os.path.dirname(os.path.abspath(__file__)))
spaces = b" " * CHUNK
for name, head in HEADS.items():
    c = bz2.BZ2Compressor(9)
    data = [c.compress(head)]
    for _ in range(SIZE // CHUNK):
        data.append(c.compress(spaces))
    data.append(c.flush())
    blob = b"".join(data)
    with open(os.path.join(out, "bomb-%s.bz2" % name), "wb") as f:
        f.write(blob)
    print(name, len(blob), "bytes")
