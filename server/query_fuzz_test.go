package server

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzQueryProblem: the query check never panics, and a query it accepts is one Go
// parses with only known, single parameters (seeds: the malformed forms of issue 14).
func FuzzQueryProblem(f *testing.F) {
	for _, s := range []string{"", "chain=eth", "chain=%zz", "chain=btc;x=1", "chain=eth&chain=btc", "tag=1&dt=2", "x", "chain=bitcoin&tag=102334770"} {
		f.Add(s)
	}
	allowed := queryParams["GET /v1/addresses/{address}"]
	f.Fuzz(func(t *testing.T, raw string) {
		if queryProblem(raw, allowed) != "" {
			return
		}
		q, err := url.ParseQuery(raw)
		if err != nil {
			t.Fatalf("accepted %q, which does not parse: %v", raw, err)
		}
		for k, vs := range q {
			if len(vs) != 1 || !strings.Contains("chain tag dt", k) || k == "" {
				t.Fatalf("accepted %q with parameter %q = %v", raw, k, vs)
			}
		}
	})
}

// FuzzRedactPaths: redaction never panics and leaves no directory of an absolute path
// (a word starting with "/" keeps only its base name).
func FuzzRedactPaths(f *testing.F) {
	for _, s := range []string{"open /srv/lists/sdn.xml: no such file", "sanctions: https://x/y.zip: 503", `"/a/b"`, "/", "a/b c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := redactPaths(s)
		for _, w := range strings.Split(out, " ") {
			w = strings.TrimRight(strings.TrimLeft(w, `"'(`), `"'):;,.`) // as redactPaths splits words
			if strings.HasPrefix(w, "/") && strings.Count(strings.Trim(w, "/"), "/") > 0 && !isURL(w) {
				t.Fatalf("redactPaths(%q) = %q keeps the path %q", s, out, w)
			}
		}
	})
}
