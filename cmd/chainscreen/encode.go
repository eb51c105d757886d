package main

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chainscreen/chainscreen/screen"
)

// resultEncoder writes batch rows as NDJSON lines without reflection for the common
// case (a result without hits, notes, delistings or an as-of date: a clean address),
// with the JSON of the list provenance encoded once and reused; any other result goes
// through encoding/json. Both produce the same bytes (TestFastEncoderMatchesJSON): the
// fast path is an optimisation, never another format. Not safe for concurrent use: each
// worker has its own.
type resultEncoder struct {
	list      screen.ListInfo
	listJSON  []byte
	lists     []screen.ListInfo
	listsJSON []byte
}

// appendRow appends row as one JSON line.
func (e *resultEncoder) appendRow(dst []byte, row *batchRow) ([]byte, error) {
	r := &row.Result
	if len(r.Hits) > 0 || len(r.Notes) > 0 || len(r.Delisted) > 0 || !r.AsOf.IsZero() || row.Keep != nil || !fastResult {
		b, err := json.Marshal(row)
		if err != nil {
			return dst, err
		}
		return append(append(dst, b...), '\n'), nil
	}
	dst = append(dst, '{')
	if row.Line > 0 {
		dst = append(dst, `"line":`...)
		dst = strconv.AppendInt(dst, int64(row.Line), 10)
		dst = append(dst, ',')
	}
	dst = append(dst, `"input":`...)
	dst = appendString(dst, r.Input)
	if r.Chain != "" {
		dst = append(dst, `,"chain":`...)
		dst = appendString(dst, string(r.Chain))
	}
	if r.Kind != "" {
		dst = append(dst, `,"kind":`...)
		dst = appendString(dst, string(r.Kind))
	}
	if r.Canonical != "" {
		dst = append(dst, `,"canonical":`...)
		dst = appendString(dst, r.Canonical)
	}
	dst = append(dst, `,"flags":`...)
	if r.Flags == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i, f := range r.Flags {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, string(f))
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"severity":`...)
	dst = appendString(dst, r.Severity.String())
	dst = append(dst, `,"hits":`...)
	if r.Hits == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, "[]"...)
	}
	if r.List != e.list || e.listJSON == nil {
		b, err := json.Marshal(r.List)
		if err != nil {
			return dst, err
		}
		e.list, e.listJSON = r.List, b
	}
	dst = append(dst, `,"list":`...)
	dst = append(dst, e.listJSON...)
	if len(r.Lists) > 0 {
		if !sameListInfos(r.Lists, e.lists) {
			b, err := json.Marshal(r.Lists)
			if err != nil {
				return dst, err
			}
			e.lists, e.listsJSON = r.Lists, b
		}
		dst = append(dst, `,"lists":`...)
		dst = append(dst, e.listsJSON...)
	}
	return append(dst, "}\n"...), nil
}

// fastResult says whether the fast path may be used: only while screen.Result has the
// fields it writes (checked once, by reflection, at start-up). Tests clear it to compare
// the two paths.
var fastResult = resultFieldsAre("input", "chain", "kind", "canonical", "flags", "severity", "hits", "notes",
	"list", "lists", "as_of", "delisted")

// resultFieldsAre reports whether screen.Result's JSON field names are exactly names, in order.
func resultFieldsAre(names ...string) bool {
	t := reflect.TypeFor[screen.Result]()
	if t.NumField() != len(names) {
		return false
	}
	for i := 0; i < t.NumField(); i++ {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if tag != names[i] {
			return false
		}
	}
	return true
}

func sameListInfos(a, b []screen.ListInfo) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) > 0 && &a[0] == &b[0] {
		return true
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// appendString appends s as a JSON string, escaped as encoding/json escapes it (HTML
// characters, U+2028/U+2029, invalid UTF-8 as U+FFFD); plain text is copied as is.
func appendString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s)
			return append(dst, b...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}
