package storetest_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chainscreen/chainscreen/internal/pgtest"
	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/monitor/boltstore"
	"github.com/chainscreen/chainscreen/monitor/pgstore"
	"github.com/chainscreen/chainscreen/monitor/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

func TestMemoryStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) monitor.Store { return monitor.NewMemoryStore() })
}

func TestBoltStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) monitor.Store {
		s, err := boltstore.Open(context.Background(), filepath.Join(t.TempDir(), "monitor.db"), 0)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestPostgresStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) monitor.Store {
		srv := pgtest.Start(t)
		s, err := pgstore.Open(context.Background(), srv.DSN)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
