package testdata

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// SkipLogEnv names the file that Skip appends one line to for every test skipped for a
// missing dependency (data, a node binary, a database server), so that the test command
// can say how many were skipped and why (scripts/test sets it).
const SkipLogEnv = "CHAINSCREEN_SKIP_LOG"

// Skip skips t because what it needs is missing (what: "data", "btcd", "postgres"),
// recording the skip in $CHAINSCREEN_SKIP_LOG when it is set.
func Skip(t testing.TB, what, msg string) {
	t.Helper()
	if p := os.Getenv(SkipLogEnv); p != "" {
		// One short O_APPEND write per line: lines from parallel test binaries do not mix.
		if f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
			line := strings.ReplaceAll(msg, "\n", " ")
			if len(line) > 300 {
				line = line[:300]
			}
			fmt.Fprintf(f, "%s\t%s\t%s\n", what, t.Name(), line)
			f.Close()
		}
	}
	t.Skip(msg)
}
