package server

import (
	"encoding/json"
	"path"
	"strings"
)

// What the server shows of where it keeps its lists: nothing. /v1/lists shows the
// source, date and sha256 of each publication (which identify it) and URLs (which are
// public), never a file path of the server's: not in "location", not inside an error
// text such as the refresher's "last_error".

// isURL reports whether a location is a URL (kept) rather than a file path (hidden).
func isURL(s string) bool {
	i := strings.Index(s, "://")
	if i <= 0 {
		return false
	}
	for j, r := range s[:i] { // RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
		alpha := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !alpha && (j == 0 || !(r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	return true
}

// redactPaths replaces each file path in an error text by its base name after "…/"
// ("open /srv/lists/sdn.xml: no such file" → "open …/sdn.xml: no such file"). A path is
// a space-separated word with a "/" that is not a URL; trailing punctuation and quotes
// are kept.
func redactPaths(s string) string {
	if !strings.Contains(s, "/") {
		return s
	}
	words := strings.Split(s, " ")
	for i, w := range words {
		core := strings.TrimLeft(w, `"'(`)
		lead := w[:len(w)-len(core)]
		word := strings.TrimRight(core, `"'):;,.`)
		trail := core[len(word):]
		if !strings.Contains(word, "/") || isURL(word) || strings.Trim(word, "/") == "" {
			continue
		}
		words[i] = lead + "…/" + path.Base(word) + trail
	}
	return strings.Join(words, " ")
}

// publicStatus returns the refresher status v (any JSON-encodable value) with file
// paths removed: "location" values that are not URLs are dropped and every other
// string has its paths redacted (redactPaths). A value that does not encode is
// replaced by an error note rather than shown raw.
func publicStatus(v any) any {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return map[string]string{"error": "refresh status not available"}
	}
	var g any
	if err := json.Unmarshal(b, &g); err != nil {
		return map[string]string{"error": "refresh status not available"}
	}
	return scrub(g)
}

func scrub(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if s, ok := x.(string); ok && k == "location" && !isURL(s) {
				delete(t, k)
				continue
			}
			t[k] = scrub(x)
		}
		return t
	case []any:
		for i := range t {
			t[i] = scrub(t[i])
		}
		return t
	case string:
		return redactPaths(t)
	}
	return v
}
