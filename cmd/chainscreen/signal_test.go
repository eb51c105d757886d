package main

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds the chainscreen binary once per test binary.
var built struct {
	once sync.Once
	path string
	err  error
	out  []byte
}

func chainscreenBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "chainscreen-bin")
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(dir, "chainscreen")
		cmd := exec.Command("go", "build", "-o", built.path, ".")
		built.out, built.err = cmd.CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.path
}

// TestSignalEndsBlockedProcess starts the built binary blocked on something no
// context reaches or on a call that never answers, sends SIGTERM (or SIGINT) and checks
// that the process is gone within a second with exit code 130 (interrupted: nothing
// may be taken as clear). serve's graceful stop exits 0, also within a second. On the
// old code the FIFO and stdin cases ignored SIGTERM until SIGKILL, and an interrupted
// batch exited 0.
func TestSignalEndsBlockedProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := chainscreenBinary(t)
	list := embeddedListArg
	dir := t.TempDir()

	fifo := filepath.Join(dir, "list.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	// A node that accepts connections and never answers.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var conns sync.WaitGroup
	accepted := make(chan struct{}, 8)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- struct{}{}
			conns.Add(1)
			go func() { defer conns.Done(); _, _ = io.Copy(io.Discard, c); c.Close() }()
		}
	}()
	const txid = "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16"

	for _, c := range []struct {
		name     string
		args     []string
		stdin    bool // a stdin pipe that never delivers a byte
		ready    func() bool
		sig      syscall.Signal
		wantCode int
	}{
		{name: "list is a FIFO", args: []string{"check", "--list", fifo, "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"},
			sig: syscall.SIGTERM, wantCode: exitInterrupted},
		{name: "stdin never ends", args: []string{"batch", "--list", list}, stdin: true,
			sig: syscall.SIGTERM, wantCode: exitInterrupted},
		{name: "node never answers", args: []string{"tx", "--chain", "bitcoin", "--list", list, "--esplora", "http://" + ln.Addr().String(), txid},
			ready: func() bool {
				select {
				case <-accepted:
					return true
				case <-time.After(10 * time.Second):
					return false
				}
			}, sig: syscall.SIGINT, wantCode: exitInterrupted},
		{name: "serve stops gracefully", args: []string{"serve", "--list", list, "--addr", "127.0.0.1:0"},
			sig: syscall.SIGTERM, wantCode: exitClear},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(bin, c.args...)
			var stderr bytes.Buffer
			cmd.Stderr, cmd.Stdout = &stderr, io.Discard
			if c.stdin {
				pr, pw, err := os.Pipe()
				if err != nil {
					t.Fatal(err)
				}
				defer pr.Close()
				defer pw.Close() // held open, never written
				cmd.Stdin = pr
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			if c.ready != nil {
				if !c.ready() {
					_ = cmd.Process.Kill()
					t.Fatalf("the process did not reach the blocking call: %s", stderr.String())
				}
			} else {
				// The list loads in a few ms; the process is then blocked (or serving).
				time.Sleep(700 * time.Millisecond) // waiting on another process, which reports nothing
			}
			select {
			case err := <-exited:
				// A build where a FIFO is refused up front (non-regular list files) does
				// not block: that is the other correct answer.
				if strings.Contains(stderr.String(), "not a regular file") {
					// Refused before any read (exit 3), which is what a FIFO --list gets now.
					var ee *exec.ExitError
					if !errors.As(err, &ee) || ee.ExitCode() != exitUnavailable {
						t.Fatalf("refused with %v, want exit %d: %s", err, exitUnavailable, stderr.String())
					}
					return
				}
				t.Fatalf("exited before the signal: %v: %s", err, stderr.String())
			default:
			}
			sent := time.Now()
			if err := cmd.Process.Signal(c.sig); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-exited:
				took := time.Since(sent)
				code := 0
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					code = ee.ExitCode()
				} else if err != nil {
					t.Fatal(err)
				}
				t.Logf("%v: exit %d after %v; stderr: %s", c.sig, code, took.Round(time.Millisecond), strings.TrimSpace(stderr.String()))
				if code != c.wantCode {
					t.Errorf("exit code %d, want %d", code, c.wantCode)
				}
				if took > time.Second {
					t.Errorf("exited %v after the signal, more than a second", took)
				}
			case <-time.After(5 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatalf("still running 5 s after %v: %s", c.sig, stderr.String())
			}
		})
	}
}
