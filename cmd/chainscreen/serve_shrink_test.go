package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/testdata"
)

// refreshState polls /v1/lists until the refresher has completed more than n
// refreshes, and returns its status.
func refreshState(t *testing.T, base string, n int) (refreshes, failures int, lastError string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		code, body := serveGet(t, base+"/v1/lists", "")
		var lr struct {
			Refresh struct {
				Refreshes int    `json:"refreshes"`
				Failures  int    `json:"failures"`
				LastError string `json:"last_error"`
			} `json:"refresh"`
		}
		if err := json.Unmarshal(body, &lr); code != 200 || err != nil {
			t.Fatalf("/v1/lists: %d %s", code, body)
		}
		if lr.Refresh.Refreshes > n {
			return lr.Refresh.Refreshes, lr.Refresh.Failures, lr.Refresh.LastError
		}
		time.Sleep(20 * time.Millisecond) // polling another goroutine's ticker, not coordinating
	}
	t.Fatalf("no refresh after %d", n)
	return
}

// TestServeRefreshShrinkRefused: under serve --refresh, a --list file rewritten with 29%
// fewer addresses is not swapped in (the check of lists update, sanctions.CheckShrink):
// the refresh fails with the drop in last_error, and an address the new file drops
// still screens SANCTIONED. A 9% drop is swapped in. On the old code the 29% file was
// swapped in and the dropped address screened clear.
//
// The list is ultrasoundmoney's data.csv (97 rows after the header, `wc -l` = 98, one
// address per row, all distinct: sort -uf on the first column gives 97).
func TestServeRefreshShrinkRefused(t *testing.T) {
	src := testdata.Path(t, "lists", "ultrasoundmoney", "data.csv")
	raw, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	header, rows := lines[0], lines[1:]
	if len(rows) != 97 {
		t.Fatalf("data.csv has %d rows, want 97", len(rows))
	}
	write := func(path string, rows []string) {
		t.Helper()
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, []byte(header+"\n"+strings.Join(rows, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	}
	list := filepath.Join(t.TempDir(), "list.csv")
	write(list, rows)
	base, stop := startServe(t, "--list", list, "--refresh", "50ms")

	// The first row's address, dropped by both rewrites.
	dropped := strings.SplitN(rows[0], ",", 2)[0]
	sanctioned := func() bool {
		code, body := serveGet(t, base+"/v1/addresses/"+dropped, "")
		if code != 200 {
			t.Fatalf("screening %s: %d %s", dropped, code, body)
		}
		return bytes.Contains(body, []byte(`"SANCTIONED"`))
	}
	if !sanctioned() {
		t.Fatalf("%s is not SANCTIONED on the full list", dropped)
	}

	n, _, _ := refreshState(t, base, 0)
	write(list, rows[28:]) // 69 of 97: -28.9%
	n, failures, lastErr := refreshState(t, base, n)
	if failures == 0 || !strings.Contains(lastErr, "drops too many addresses") || !strings.Contains(lastErr, "-29%") {
		t.Fatalf("a 29%% drop was not refused: failures %d, last_error %q", failures, lastErr)
	}
	if !sanctioned() {
		t.Fatalf("after a refused 29%% drop, %s no longer screens SANCTIONED", dropped)
	}

	write(list, rows[9:]) // 88 of 97: -9.3%, within the 20% limit
	deadline := time.Now().Add(20 * time.Second)
	for sanctioned() {
		if time.Now().After(deadline) {
			_, _, lastErr := refreshState(t, base, n)
			t.Fatalf("a 9%% drop was not swapped in: %s", lastErr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code := stop(); code != exitClear {
		t.Errorf("exit %d", code)
	}
}
