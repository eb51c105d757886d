package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for a writer and a concurrent reader.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var servingRe = regexp.MustCompile(`serving on (http://\S+)`)

// startServe runs "chainscreen serve" with args on a free loopback port and returns
// its base URL and a function that stops it and returns the exit code.
func startServe(t *testing.T, args ...string) (string, func() int) {
	t.Helper()
	base, stop, _ := startServeLog(t, args...)
	return base, stop
}

// startServeLog is startServe that also returns serve's stderr.
func startServeLog(t *testing.T, args ...string) (string, func() int, *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), io.Discard, stderr)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := servingRe.FindStringSubmatch(stderr.String()); m != nil {
			stop := func() int {
				cancel()
				select {
				case code := <-done:
					return code
				case <-time.After(30 * time.Second):
					t.Fatal("serve did not stop")
					return -1
				}
			}
			t.Cleanup(func() { cancel() })
			return m[1], stop, stderr
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve exited with %d: %s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start: %s", stderr.String())
		}
	}
}

func serveGet(t *testing.T, url, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

func TestServeCommand(t *testing.T) {
	list := embeddedListArg
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base, stop := startServe(t, "--list", list, "--token-file", tokenFile, "--refresh", "1h")

	// Lazarus Group, on the 2025-11-19 list.
	const listed = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"
	if code, body := serveGet(t, base+"/v1/addresses/"+listed, ""); code != 401 {
		t.Errorf("no token: %d %s", code, body)
	}
	code, body := serveGet(t, base+"/v1/addresses/"+listed, "s3cret")
	if code != 200 || !bytes.Contains(body, []byte(`"SANCTIONED"`)) {
		t.Fatalf("listed: %d %s", code, body)
	}
	code, body = serveGet(t, base+"/api/v1/address/"+listed, "s3cret")
	var ca struct {
		Identifications []struct{ Category, Name string } `json:"identifications"`
	}
	if err := json.Unmarshal(body, &ca); code != 200 || err != nil || len(ca.Identifications) == 0 ||
		ca.Identifications[0].Name != "SANCTIONS: OFAC SDN Lazarus Group" {
		t.Errorf("chainalysis: %d %s", code, body)
	}
	if code, body := serveGet(t, base+"/readyz", ""); code != 200 {
		t.Errorf("readyz: %d %s", code, body)
	}
	code, body = serveGet(t, base+"/v1/lists", "s3cret")
	if code != 200 || !bytes.Contains(body, []byte(`"published":"2025-11-19"`)) || !bytes.Contains(body, []byte(`"refresh":{`)) {
		t.Errorf("lists: %d %s", code, body)
	}
	if c := stop(); c != exitClear {
		t.Errorf("exit code after shutdown %d, want 0", c)
	}
}

func TestServeCommandMaxAge(t *testing.T) {
	// The excerpt is from 2025-11-19: with a one-day maximum age it is stale today.
	base, stop := startServe(t, "--list", embeddedListArg, "--max-age", "24h")
	defer stop()
	if code, body := serveGet(t, base+"/readyz", ""); code != 503 {
		t.Errorf("readyz with a stale list: %d %s", code, body)
	}
	if code, body := serveGet(t, base+"/v1/addresses/0x098B716B8Aaf21512996dC57EB0615e2383E2f96", ""); code != 503 ||
		!bytes.Contains(body, []byte("list_stale")) {
		t.Errorf("strict stale: %d %s", code, body)
	}
}

func TestServeCommandErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		args []string
		want int
	}{
		"missing list":     {[]string{"serve", "--list", filepath.Join(dir, "nope.xml")}, exitUnavailable},
		"empty token file": {[]string{"serve", "--token-file", empty}, exitInvalid},
		"token and file":   {[]string{"serve", "--token", "a", "--token-file", empty}, exitInvalid},
		"unexpected arg":   {[]string{"serve", "extra"}, exitInvalid},
		"negative max age": {[]string{"serve", "--max-age", "-1h"}, exitInvalid},
	} {
		t.Run(name, func(t *testing.T) {
			var stderr bytes.Buffer
			if got := run(context.Background(), tc.args, strings.NewReader(""), io.Discard, &stderr); got != tc.want {
				t.Errorf("exit %d, want %d: %s", got, tc.want, stderr.String())
			}
		})
	}
}

// A token file written with a byte-order mark and CRLF (a Windows editor) gives the
// token without them (today: every request was 401); a world-readable token file gets a
// warning; a token with a control character inside is refused.
func TestReadTokenFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	tok, err := serveOptions{tokenFile: write("bom", "\ufeffs3cret\r\n", 0o600)}.readToken(logger)
	if err != nil || tok != "s3cret" {
		t.Fatalf("BOM and CRLF: %q, %v", tok, err)
	}
	if logs.Len() != 0 {
		t.Fatalf("a private token file got a warning: %s", logs.String())
	}
	if _, err := (serveOptions{tokenFile: write("open", "s3cret\n", 0o644)}).readToken(logger); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "can be read by other users") {
		t.Fatalf("no warning for a world-readable token file: %q", logs.String())
	}
	if _, err := (serveOptions{tokenFile: write("ctl", "s3\x07cret\n", 0o600)}).readToken(logger); err == nil {
		t.Fatal("a token with a control character was accepted")
	}
	if _, err := (serveOptions{tokenFile: dir}).readToken(logger); err == nil {
		t.Fatal("a directory was accepted as a token file")
	}
}
