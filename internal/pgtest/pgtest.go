// Package pgtest starts a throwaway PostgreSQL server for tests: initdb in a temporary
// directory, the server on a unix socket in it (no TCP port), dropped at the end.
//
// The server binaries are found on PATH or in /usr/lib/postgresql/*/bin (Debian's
// postgresql-NN packages). When they are missing the test is skipped, unless
// CHAINSCREEN_REQUIRE_POSTGRES=1 (as CI sets it): then it fails. Run as root, the server
// runs as the "postgres" user (PostgreSQL refuses to run as root).
package pgtest

import (
	"github.com/chainscreen/chainscreen/internal/testdata"

	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a running PostgreSQL server.
type Server struct {
	// DSN is a libpq URL of the server's "postgres" database over its unix socket.
	DSN string
	// Dir is the data directory.
	Dir string

	bin    string
	runAs  string
	socket string
}

func binDir() (string, bool) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Dir(real), true
		}
		return filepath.Dir(p), true
	}
	ds, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(ds)))
	for _, d := range ds {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, true
		}
	}
	return "", false
}

func missing(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CHAINSCREEN_REQUIRE_POSTGRES") == "1" {
		t.Fatal(msg + " (CHAINSCREEN_REQUIRE_POSTGRES=1)")
	}
	testdata.Skip(t, "postgres", msg)
}

var (
	shared    *Server
	sharedErr error
	sharedMu  sync.Mutex
	counter   int
)

// Start returns a server shared by the tests of the package (started on first use, and
// stopped by Stop, which TestMain should call), with a fresh database for this test.
func Start(t testing.TB) *Server {
	t.Helper()
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if shared == nil && sharedErr == nil {
		shared, sharedErr = start()
	}
	if sharedErr != nil {
		missing(t, "PostgreSQL: "+sharedErr.Error())
	}
	counter++
	db := fmt.Sprintf("t%d_%d", os.Getpid(), counter)
	if out, err := shared.cmd("psql", "-h", shared.socket, "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1",
		"-c", "CREATE DATABASE "+db).CombinedOutput(); err != nil {
		t.Fatalf("pgtest: create database: %v: %s", err, out)
	}
	return &Server{DSN: fmt.Sprintf("postgres://postgres@/%s?host=%s&sslmode=disable", db, shared.socket),
		Dir: shared.Dir, bin: shared.bin, runAs: shared.runAs, socket: shared.socket}
}

// Stop stops the shared server and removes its directory.
func Stop() {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if shared != nil {
		_ = shared.cmd("pg_ctl", "-D", shared.Dir, "-m", "immediate", "-w", "stop").Run()
		os.RemoveAll(filepath.Dir(shared.Dir))
		shared = nil
	}
}

func (s *Server) cmd(name string, args ...string) *exec.Cmd {
	path := filepath.Join(s.bin, name)
	if name == "psql" {
		if p, err := exec.LookPath("psql"); err == nil {
			path = p
		}
	}
	if s.runAs == "" {
		return exec.Command(path, args...)
	}
	return exec.Command("runuser", append([]string{"-u", s.runAs, "--", path}, args...)...)
}

func start() (*Server, error) {
	bin, ok := binDir()
	if !ok {
		return nil, fmt.Errorf("no pg_ctl on PATH or in /usr/lib/postgresql/*/bin (install postgresql-15)")
	}
	s := &Server{bin: bin}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root and there is no postgres user: %w", err)
		}
		s.runAs = u.Username
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		base, err := os.MkdirTemp("", "chainscreen-pg-")
		if err != nil {
			return nil, err
		}
		if err := os.Chown(base, uid, gid); err != nil {
			return nil, err
		}
		s.Dir = filepath.Join(base, "data")
	} else {
		base, err := os.MkdirTemp("", "chainscreen-pg-")
		if err != nil {
			return nil, err
		}
		s.Dir = filepath.Join(base, "data")
	}
	s.socket = filepath.Dir(s.Dir)
	if out, err := s.cmd("initdb", "-D", s.Dir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	opts := strings.Join([]string{"-k", s.socket, "-c", "listen_addresses=", "-c", "fsync=off",
		"-c", "max_connections=50", "-c", "shared_buffers=16MB"}, " ")
	logf := filepath.Join(s.socket, "server.log")
	if out, err := s.cmd("pg_ctl", "-D", s.Dir, "-o", opts, "-l", logf, "-w", "-t", "60", "start").CombinedOutput(); err != nil {
		b, _ := os.ReadFile(logf)
		return nil, fmt.Errorf("pg_ctl start: %v: %s\n%s", err, out, b)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if err := s.cmd("psql", "-h", s.socket, "-U", "postgres", "-d", "postgres", "-c", "SELECT 1").Run(); err == nil {
			return s, nil
		} else if time.Now().After(deadline) {
			return nil, fmt.Errorf("server did not answer: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
