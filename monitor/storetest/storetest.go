// Package storetest is a conformance suite for monitoring stores (monitor.Store), in the
// spirit of testing/fstest and testing/slogtest: Run checks the behaviour every store must
// have, so that the memory, bbolt and PostgreSQL stores (and a caller's own) are
// interchangeable.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/screen"
)

// Run runs the suite; open returns a new, empty store for each subtest.
func Run(t *testing.T, open func(t *testing.T) monitor.Store) {
	ctx := context.Background()
	t.Run("empty", func(t *testing.T) {
		s := open(t)
		regs, err := s.Registrations(ctx)
		must(t, err)
		if len(regs) != 0 {
			t.Fatalf("new store has %d registrations", len(regs))
		}
		sts, err := s.States(ctx)
		must(t, err)
		if len(sts) != 0 {
			t.Fatalf("new store has %d states", len(sts))
		}
		evs, err := s.Events(ctx, 0, 0)
		must(t, err)
		if len(evs) != 0 {
			t.Fatalf("new store has %d events", len(evs))
		}
		c, err := s.Cursor(ctx, "nobody")
		must(t, err)
		if c != 0 {
			t.Fatalf("unknown consumer's cursor = %d, want 0", c)
		}
	})
	t.Run("registrations", func(t *testing.T) {
		s := open(t)
		for _, id := range []string{"evm:0xb", "bitcoin:1a", "evm:0xa"} {
			must(t, s.PutRegistration(ctx, reg(id, "first")))
		}
		must(t, s.PutRegistration(ctx, reg("evm:0xa", "replaced")))
		regs, err := s.Registrations(ctx)
		must(t, err)
		var ids []string
		for _, r := range regs {
			ids = append(ids, r.ID)
		}
		if fmt.Sprint(ids) != "[bitcoin:1a evm:0xa evm:0xb]" {
			t.Fatalf("registrations = %v, want ordered by ID, one per ID", ids)
		}
		if regs[1].Label != "replaced" {
			t.Fatalf("label after replace = %q", regs[1].Label)
		}
		if !regs[1].AddedAt.Equal(at) || regs[1].Chain != address.ChainEVM {
			t.Fatalf("registration fields not kept: %+v", regs[1])
		}
		err = s.DeleteRegistration(ctx, "evm:0xnone")
		if !errors.Is(err, monitor.ErrNotRegistered) {
			t.Fatalf("deleting an unknown ID: %v, want ErrNotRegistered", err)
		}
		must(t, s.DeleteRegistration(ctx, "evm:0xb"))
		regs, err = s.Registrations(ctx)
		must(t, err)
		if len(regs) != 2 {
			t.Fatalf("after delete: %d registrations", len(regs))
		}
	})
	t.Run("commit", func(t *testing.T) {
		s := open(t)
		must(t, s.PutRegistration(ctx, reg("evm:0xa", "")))
		must(t, s.PutRegistration(ctx, reg("evm:0xb", "")))
		stored, err := s.Commit(ctx,
			[]monitor.AddressState{state("evm:0xa", true), state("evm:0xb", false), state("evm:0xgone", true)},
			[]monitor.Event{event("evm:0xa"), event("evm:0xgone"), event("evm:0xa")})
		must(t, err)
		if len(stored) != 2 || stored[0].Seq == 0 || stored[1].Seq <= stored[0].Seq {
			t.Fatalf("stored events %+v: want 2 (the unregistered ID's dropped) with increasing Seq", seqs(stored))
		}
		sts, err := s.States(ctx)
		must(t, err)
		if len(sts) != 2 || !sts["evm:0xa"].Sanctioned || sts["evm:0xb"].Sanctioned {
			t.Fatalf("states = %+v", sts)
		}
		if _, ok := sts["evm:0xgone"]; ok {
			t.Fatal("a state of an unregistered ID was stored")
		}
		if h := sts["evm:0xa"].Hits; len(h) != 1 || h[0].ListedValue != "0xA" || h[0].Entity.Name != "PARTY" {
			t.Fatalf("state hits not kept: %+v", h)
		}
		// Replacing a registration keeps its state; deleting it drops the state, not its events.
		must(t, s.PutRegistration(ctx, reg("evm:0xa", "relabelled")))
		sts, _ = s.States(ctx)
		if _, ok := sts["evm:0xa"]; !ok {
			t.Fatal("replacing a registration dropped its state")
		}
		must(t, s.DeleteRegistration(ctx, "evm:0xa"))
		sts, _ = s.States(ctx)
		if _, ok := sts["evm:0xa"]; ok {
			t.Fatal("deleting a registration kept its state")
		}
		evs, err := s.Events(ctx, 0, 0)
		must(t, err)
		if len(evs) != 2 || evs[0].Type != monitor.EventNewlySanctioned || evs[0].Address != "0xA" {
			t.Fatalf("events after delete = %+v", evs)
		}
		more, err := s.Commit(ctx, nil, []monitor.Event{event("evm:0xb")})
		must(t, err)
		if len(more) != 1 || more[0].Seq <= stored[1].Seq {
			t.Fatalf("a later commit's Seq %v does not follow %d", seqs(more), stored[1].Seq)
		}
	})
	t.Run("events", func(t *testing.T) {
		s := open(t)
		must(t, s.PutRegistration(ctx, reg("evm:0xa", "")))
		var all []monitor.Event
		for i := 0; i < 5; i++ {
			st, err := s.Commit(ctx, nil, []monitor.Event{event("evm:0xa")})
			must(t, err)
			all = append(all, st...)
		}
		got, err := s.Events(ctx, all[1].Seq, 2)
		must(t, err)
		if fmt.Sprint(seqs(got)) != fmt.Sprint(seqs(all[2:4])) {
			t.Fatalf("Events(after %d, limit 2) = %v, want %v", all[1].Seq, seqs(got), seqs(all[2:4]))
		}
		got, err = s.Events(ctx, all[4].Seq, 0)
		must(t, err)
		if len(got) != 0 {
			t.Fatalf("events after the last: %v", seqs(got))
		}
	})
	t.Run("cursors", func(t *testing.T) {
		s := open(t)
		must(t, s.SetCursor(ctx, "webhook", 7))
		must(t, s.SetCursor(ctx, "stdout", 3))
		for c, want := range map[string]uint64{"webhook": 7, "stdout": 3, "other": 0} {
			got, err := s.Cursor(ctx, c)
			must(t, err)
			if got != want {
				t.Fatalf("cursor %s = %d, want %d", c, got, want)
			}
		}
	})
	t.Run("concurrent commits", func(t *testing.T) {
		s := open(t)
		must(t, s.PutRegistration(ctx, reg("evm:0xa", "")))
		const workers, each = 4, 10
		var wg sync.WaitGroup
		var mu sync.Mutex
		seen := map[uint64]bool{}
		errs := make(chan error, workers)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					st, err := s.Commit(ctx, []monitor.AddressState{state("evm:0xa", i%2 == 0)}, []monitor.Event{event("evm:0xa")})
					if err != nil {
						errs <- err
						return
					}
					mu.Lock()
					for _, e := range st {
						if seen[e.Seq] {
							errs <- fmt.Errorf("Seq %d assigned twice", e.Seq)
						}
						seen[e.Seq] = true
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		evs, err := s.Events(ctx, 0, 0)
		must(t, err)
		if len(evs) != workers*each || len(seen) != workers*each {
			t.Fatalf("%d events stored, %d distinct Seq; want %d", len(evs), len(seen), workers*each)
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		s := open(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.PutRegistration(cctx, reg("evm:0xa", "")); err == nil {
			t.Fatal("PutRegistration with a cancelled context succeeded")
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var at = time.Date(2025, 11, 19, 12, 0, 0, 0, time.UTC)

func reg(id, label string) monitor.Registration {
	return monitor.Registration{ID: id, Address: id[len("evm:"):], Input: id, Chain: address.ChainEVM, Label: label, AddedAt: at}
}

func state(id string, sanctioned bool) monitor.AddressState {
	st := monitor.AddressState{ID: id, Sanctioned: sanctioned, ScreenedAt: at,
		Lists: []screen.ListInfo{{Source: "TEST", Published: "2025-11-19", SHA256: "00"}}}
	if sanctioned {
		st.Hits = []screen.Hit{{Role: screen.RoleAddress, Address: "0xA", ListedValue: "0xA", Ticker: "ETH",
			Entity: screen.EntityInfo{ID: "1", Name: "PARTY"}, Source: "TEST 2025-11-19"}}
	}
	return st
}

func event(id string) monitor.Event {
	return monitor.Event{Type: monitor.EventNewlySanctioned, RegistrationID: id, Address: "0xA", Chain: address.ChainEVM,
		Hits: state(id, true).Hits, Publication: screen.ListInfo{Source: "TEST", Published: "2025-11-19"}, DetectedAt: at}
}

func seqs(evs []monitor.Event) []uint64 {
	out := make([]uint64, len(evs))
	for i, e := range evs {
		out[i] = e.Seq
	}
	return out
}
