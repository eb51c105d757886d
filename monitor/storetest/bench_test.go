package storetest_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/internal/pgtest"
	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/monitor/boltstore"
	"github.com/chainscreen/chainscreen/monitor/pgstore"
)

// BenchmarkStores compares the stores: registering an address (PutRegistration), listing
// 1,000 registrations, and committing one state with one event (the unit of a list
// change), for the memory, bbolt and PostgreSQL stores (PostgreSQL on a unix socket,
// fsync off as in the tests: a floor, not a production figure).
func BenchmarkStores(b *testing.B) {
	ctx := context.Background()
	stores := map[string]func(b *testing.B) monitor.Store{
		"memory": func(b *testing.B) monitor.Store { return monitor.NewMemoryStore() },
		"bbolt": func(b *testing.B) monitor.Store {
			s, err := boltstore.Open(ctx, filepath.Join(b.TempDir(), "m.db"), 0)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			return s
		},
		"postgres": func(b *testing.B) monitor.Store {
			s, err := pgstore.Open(ctx, pgtest.Start(b).DSN)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			return s
		},
	}
	at := time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC)
	reg := func(i int) monitor.Registration {
		a := fmt.Sprintf("0x%040x", i)
		return monitor.Registration{ID: "evm:" + a, Address: a, Chain: address.ChainEVM, AddedAt: at}
	}
	for _, name := range []string{"memory", "bbolt", "postgres"} {
		open := stores[name]
		b.Run(name+"/put", func(b *testing.B) {
			s := open(b)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if err := s.PutRegistration(ctx, reg(i)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/list1000", func(b *testing.B) {
			s := open(b)
			for i := 0; i < 1000; i++ {
				if err := s.PutRegistration(ctx, reg(i)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if rs, err := s.Registrations(ctx); err != nil || len(rs) != 1000 {
					b.Fatal(err, len(rs))
				}
			}
		})
		b.Run(name+"/commit", func(b *testing.B) {
			s := open(b)
			r := reg(1)
			if err := s.PutRegistration(ctx, r); err != nil {
				b.Fatal(err)
			}
			st := monitor.AddressState{ID: r.ID, Sanctioned: true, ScreenedAt: at}
			ev := monitor.Event{Type: monitor.EventNewlySanctioned, RegistrationID: r.ID, Address: r.Address, DetectedAt: at}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := s.Commit(ctx, []monitor.AddressState{st}, []monitor.Event{ev}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
