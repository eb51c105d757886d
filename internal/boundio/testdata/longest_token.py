#!/usr/bin/env python3
"""Independent count for boundio's real-data test: the longest XML token of an OFAC
SDN_ADVANCED publication, as the list reader's tokenizer cuts them: a run of text
between two tags (without the brackets) or one tag from '<' to '>' included.
The publication has no comment, CDATA or '>' inside an attribute value (checked below).

Run: python3 internal/boundio/testdata/longest_token.py ../shared/data/ofac/sdn_advanced/2025-11-19b.xml.bz2
"""
import bz2, re, sys

b = bz2.open(sys.argv[1]).read()
assert b"<!--" not in b and b"<![CDATA[" not in b
text = max(len(m) for m in re.findall(rb">([^<]*)<", b))
tag = max(len(m) for m in re.findall(rb"<[^>]*>", b))
# a '>' inside a quoted attribute value would make the tag regex cut short
assert not re.search(rb'<[^>]*="[^"]*>', b)
print("longest text", text, "longest tag", tag, "longest token", max(text, tag))
