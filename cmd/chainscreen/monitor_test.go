package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/monitor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The real OFAC excerpts: the TORNADO CASH party as listed on 2024-12-19, and 19 parties
// of the 2025-11-19 list (after the Tornado Cash delisting).
func tornadoExcerpt(t testing.TB) string {
	return testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2024-12-19_tornado_cash.xml")
}

func tornadoAddresses(t testing.TB) []string {
	t.Helper()
	return testdata.Lines(t, "lists", "tornado_cash", "ofac_tornado_cash_eth_addresses_2024-12-19.txt")
}

// Two separate `monitor run` invocations (two processes' worth of state: the database is
// closed in between) see the Tornado Cash listing and then its delisting; a third run
// repeats nothing.
func TestMonitorCLITornadoCash(t *testing.T) {
	db := filepath.Join(t.TempDir(), "monitor.db")
	addrs := tornadoAddresses(t)
	old, cur := tornadoExcerpt(t), embeddedListArg

	code, out, errs := cli(t, "", append([]string{"monitor", "add", "--db", db, "--label", "customer-42"}, addrs...)...)
	require.Equal(t, exitClear, code, errs)
	assert.Equal(t, 90, strings.Count(out, "registered evm:0x"))

	code, out, errs = cli(t, "", "monitor", "list", "--db", db)
	require.Equal(t, exitClear, code, errs)
	assert.Equal(t, 90, strings.Count(out, "not yet screened"))

	code, out, errs = cli(t, "", "monitor", "run", "--db", db, "--list", old)
	require.Equal(t, exitHit, code, errs)
	evs := decodeNDJSON[monitor.Event](t, out)
	require.Len(t, evs, 90)
	for _, e := range evs {
		assert.Equal(t, monitor.EventNewlySanctioned, e.Type)
		assert.True(t, e.FirstScreen)
		assert.Equal(t, "customer-42", e.Label)
		assert.Equal(t, "TORNADO CASH", e.Hits[0].Entity.Name)
		assert.Equal(t, "2024-12-19", e.Publication.Published)
	}
	assert.Contains(t, errs, "screened 90 addresses against OFAC SDN 2024-12-19: 90 new events, 90 delivered to stdout")

	code, out, errs = cli(t, "", "monitor", "run", "--db", db, "--list", cur)
	require.Equal(t, exitClear, code, errs)
	evs = decodeNDJSON[monitor.Event](t, out)
	require.Len(t, evs, 90)
	for i, e := range evs {
		assert.Equal(t, uint64(91+i), e.Seq)
		assert.Equal(t, monitor.EventDelisted, e.Type)
		assert.Equal(t, "TORNADO CASH", e.Hits[0].Entity.Name)
		assert.Equal(t, "2025-11-19", e.Publication.Published)
		require.NotNil(t, e.Previous)
		assert.Equal(t, "2024-12-19", e.Previous.Published)
	}

	code, out, errs = cli(t, "", "monitor", "run", "--db", db, "--list", cur)
	require.Equal(t, exitClear, code, errs)
	assert.Empty(t, out, "a run repeats no event")

	// Back to the older list by mistake: refused, nothing recorded.
	code, out, errs = cli(t, "", "monitor", "run", "--db", db, "--list", old)
	assert.Equal(t, exitUnavailable, code, errs)
	assert.Empty(t, out)
	assert.Contains(t, errs, "older than the one last screened against")

	code, out, _ = cli(t, "", "monitor", "events", "--db", db, "--after", "170")
	require.Equal(t, exitClear, code)
	assert.Len(t, decodeNDJSON[monitor.Event](t, out), 10)

	code, out, _ = cli(t, "", "monitor", "list", "--db", db, "--format", "json")
	require.Equal(t, exitClear, code)
	var rows []struct {
		monitor.Registration
		State *monitor.AddressState `json:"state"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	require.Len(t, rows, 90)
	assert.False(t, rows[0].State.Sanctioned)

	code, _, errs = cli(t, "", "monitor", "remove", "--db", db, addrs[0], strings.ToLower(addrs[1]))
	require.Equal(t, exitClear, code, errs)
	code, _, errs = cli(t, "", "monitor", "remove", "--db", db, addrs[0])
	assert.Equal(t, exitInvalid, code)
	assert.Contains(t, errs, "not registered")
	code, _, errs = cli(t, "", "monitor", "add", "--db", db, "0x123")
	assert.Equal(t, exitInvalid, code)
	assert.Contains(t, errs, "invalid registration")
}

// The webhook gets each event as JSON with its sequence number; failures are retried,
// and events it never accepted stay pending for the next run.
func TestMonitorCLIWebhook(t *testing.T) {
	db := filepath.Join(t.TempDir(), "monitor.db")
	addrs := tornadoAddresses(t)[:3]
	code, _, errs := cli(t, "", append([]string{"monitor", "add", "--db", db, "--label", "c7"}, addrs...)...)
	require.Equal(t, exitClear, code, errs)

	var mu sync.Mutex
	down := true
	var got []string
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if down || calls%2 == 1 { // down, or every other call fails: retried
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		var e monitor.Event
		if err := json.NewDecoder(r.Body).Decode(&e); err != nil || r.Header.Get("Content-Type") != "application/json" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		got = append(got, r.Header.Get("Chainscreen-Event-Seq")+" "+string(e.Type)+" "+e.Address)
	}))
	defer srv.Close()
	hook := []string{"--webhook", srv.URL, "--retries", "2", "--retry-wait", "1ms"}

	// The webhook is down: nothing delivered, exit 4, the events stay pending.
	code, out, errs := cli(t, "", append([]string{"monitor", "run", "--db", db, "--list", tornadoExcerpt(t)}, hook...)...)
	assert.Equal(t, exitDelivery, code, errs)
	assert.Empty(t, out)
	assert.Contains(t, errs, "after 3 attempts")
	assert.Equal(t, 3, calls)

	// Back up (failing every other call): the pending events are delivered in order.
	mu.Lock()
	down, calls = false, 0
	mu.Unlock()
	code, _, errs = cli(t, "", append([]string{"monitor", "run", "--db", db, "--list", tornadoExcerpt(t)}, hook...)...)
	assert.Equal(t, exitHit, code, errs)
	require.Len(t, got, 3)
	for i, g := range got {
		assert.True(t, strings.HasPrefix(g, string(rune('1'+i))+" NEWLY_SANCTIONED 0x"), g)
	}
	assert.Contains(t, errs, "0 new events, 3 delivered to "+srv.URL)

	// A receiver that rejects the request (4xx) is not retried.
	rej := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer rej.Close()
	code, _, errs = cli(t, "", "monitor", "run", "--db", db, "--list", embeddedListArg, "--webhook", rej.URL, "--retry-wait", "1h")
	assert.Equal(t, exitDelivery, code, errs)
	assert.Contains(t, errs, "401")
}

func TestMonitorCLIListUnavailable(t *testing.T) {
	db := filepath.Join(t.TempDir(), "monitor.db")
	code, _, errs := cli(t, "", "monitor", "run", "--db", db, "--list", filepath.Join(t.TempDir(), "missing.xml"))
	assert.Equal(t, exitUnavailable, code, errs)
}

func TestDefaultMonitorDB(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data")
	p, err := defaultMonitorDB()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join("/data", "chainscreen", "monitor.db"), p)
}
