package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// queryParams are the query parameters each API route accepts. A route in this table
// answers 400 invalid_query to a malformed query string (a bad %-escape, a ";"
// separator, which Go no longer splits on) and to a parameter it does not know or that
// is repeated: a parameter silently ignored would screen with other settings than the
// caller asked for (?chain=%zz screened with chain detection). Routes not in the table
// (the ops endpoints) do not look at their query.
var queryParams = map[string][]string{
	"GET /v1/addresses/{address}":   {"chain", "tag", "dt"},
	"GET /api/v1/address/{address}": {"chain", "tag", "dt"},
	"POST /v1/addresses":            nil,
	"POST /v1/transactions":         nil,
	"GET /v1/lists":                 nil,
	"POST /v1/watch":                nil,
	"GET /v1/watch":                 nil,
	"DELETE /v1/watch/{id}":         {"chain"},
	"GET /v1/events":                {"after", "limit"},
}

// checkQuery wraps the handler of pattern with the query check of queryParams.
func checkQuery(pattern string, h http.HandlerFunc) http.HandlerFunc {
	allowed, strict := queryParams[pattern]
	if !strict {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if msg := queryProblem(r.URL.RawQuery, allowed); msg != "" {
			writeError(w, http.StatusBadRequest, "invalid_query", msg)
			return
		}
		h(w, r)
	}
}

// queryProblem returns what is wrong with the raw query string ("" when nothing is).
func queryProblem(raw string, allowed []string) string {
	if raw == "" {
		return ""
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return "malformed query string: " + err.Error()
	}
	for k, vs := range q {
		switch {
		case !slices.Contains(allowed, k):
			if len(allowed) == 0 {
				return fmt.Sprintf("unknown query parameter %q: this endpoint takes none", k)
			}
			return fmt.Sprintf("unknown query parameter %q; known: %s", k, strings.Join(allowed, ", "))
		case len(vs) > 1:
			return fmt.Sprintf("query parameter %q given %d times", k, len(vs))
		}
	}
	if q.Has("tag") && q.Has("dt") {
		return `query parameters "tag" and "dt" are the same destination tag: give one`
	}
	return ""
}
