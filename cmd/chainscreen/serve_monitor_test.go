package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/hooktest"
	"github.com/chainscreen/chainscreen/internal/pgtest"
	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lazarusExcerpt is listed by the 2025-11-19 excerpt only (Lazarus Group).
const lazarusExcerpt = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"

func servePost(t *testing.T, url, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

// copyFile replaces dst by src atomically (a new list published in place).
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	require.NoError(t, err)
	tmp := dst + ".tmp"
	require.NoError(t, os.WriteFile(tmp, b, 0o600))
	require.NoError(t, os.Rename(tmp, dst))
}

// eventually polls cond every 20 ms for at most 30 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var rescreenedRe = regexp.MustCompile(`monitor: re-screened the watchlist"? addresses=(\d+) events=(\d+) lists="([^"]*)"`)

// rescreens returns, per publication screened against, the events the instance's
// passes reported (from its log).
func rescreens(log string) map[string]int {
	out := map[string]int{}
	for _, m := range rescreenedRe.FindAllStringSubmatch(log, -1) {
		n, _ := strconv.Atoi(m[2])
		out[m[3]] += n
	}
	return out
}

// Two serve instances share one PostgreSQL database, each with its own list refresher,
// monitor and webhook sink. Registrations made through one instance's API are screened
// (5 Tornado Cash addresses listed on 2024-12-19: 5 NEWLY_SANCTIONED); then the list
// file is replaced by the 2025-11-19 publication, both instances refresh and re-screen,
// and the webhook receives the 6 events of the change (5 DELISTED, Lazarus
// NEWLY_SANCTIONED) once each: 11 POSTs for 11 events in all, although both instances
// screened the change and both deliver.
func TestServeMonitorTwoInstancesOnePostgres(t *testing.T) {
	dsn := pgtest.Start(t).DSN
	dir := t.TempDir()
	list := filepath.Join(dir, "sdn.xml")
	copyFile(t, tornadoExcerpt(t), list)

	hook := hooktest.New(t, nil)
	total := func() int { return len(hook.Receipts()) }

	args := []string{"-v", "--list", list, "--refresh", "100ms", "--db", dsn, "--webhook", hook.URL,
		"--monitor-interval", "50ms", "--retry-wait", "10ms"}
	a, stopA, logA := startServeLog(t, args...)
	b, stopB, logB := startServeLog(t, args...)

	var regs []map[string]string
	for _, addr := range tornadoAddresses(t)[:5] {
		regs = append(regs, map[string]string{"address": addr, "label": "customer-7"})
	}
	regs = append(regs, map[string]string{"address": lazarusExcerpt, "chain": "ethereum", "label": "customer-8"})
	body, err := json.Marshal(regs)
	require.NoError(t, err)
	code, resp := servePost(t, a+"/v1/watch", string(body))
	require.Equal(t, http.StatusOK, code, string(resp))

	eventually(t, "the 5 first-screen events", func() bool { return total() >= 5 })
	// The other instance reads the same watchlist and event log.
	code, resp = serveGet(t, b+"/v1/watch", "")
	require.Equal(t, http.StatusOK, code, string(resp))
	var watch server.WatchResponse
	require.NoError(t, json.Unmarshal(resp, &watch))
	assert.Len(t, watch.Registrations, 6)
	code, resp = serveGet(t, b+"/v1/events", "")
	require.Equal(t, http.StatusOK, code)
	var page server.EventsResponse
	require.NoError(t, json.Unmarshal(resp, &page))
	assert.Len(t, page.Events, 5)

	// One list swap: the 2025-11-19 publication replaces the file.
	copyFile(t, excerpt(t), list)
	for _, base := range []string{a, b} {
		eventually(t, base+" serving 2025-11-19", func() bool {
			_, body := serveGet(t, base+"/v1/lists", "")
			return strings.Contains(string(body), `"published":"2025-11-19"`)
		})
	}
	const newPub = "OFAC SDN 2025-11-19"
	eventually(t, "both instances re-screened against 2025-11-19 and 11 events posted", func() bool {
		return strings.Contains(logA.String(), `lists="`+newPub+`"`) && strings.Contains(logB.String(), `lists="`+newPub+`"`) &&
			total() >= 11
	})
	time.Sleep(300 * time.Millisecond) // six more checks of each instance: a repeat would show

	ra, rb := rescreens(logA.String()), rescreens(logB.String())
	t.Logf("events reported by the passes: A %v, B %v", ra, rb)
	assert.Equal(t, 6, ra[newPub]+rb[newPub], "the list change produced its 6 events once across the instances")
	assert.Equal(t, 5, ra["OFAC SDN 2024-12-19"]+rb["OFAC SDN 2024-12-19"])

	got := hook.Receipts()
	hooktest.CheckAtLeastOnce(t, got, 11, 0) // events 1..11, each posted once, in order
	types := map[monitor.EventType]int{}
	var received []monitor.Event
	for i, rc := range got {
		received = append(received, rc.Event)
		types[rc.Event.Type]++
		if i >= 5 {
			assert.Equal(t, "2025-11-19", rc.Event.Publication.Published)
		}
	}
	assert.Equal(t, map[monitor.EventType]int{monitor.EventNewlySanctioned: 6, monitor.EventDelisted: 5}, types)
	assert.Equal(t, lazarusExcerpt, lazarusOf(received))

	assert.Equal(t, exitClear, stopA())
	assert.Equal(t, exitClear, stopB())
}

// lazarusOf returns the address of the one NEWLY_SANCTIONED event that is not a first
// screen.
func lazarusOf(evs []monitor.Event) string {
	for _, e := range evs {
		if e.Type == monitor.EventNewlySanctioned && !e.FirstScreen {
			return e.Address
		}
	}
	return ""
}

// serve --webhook without --db is a usage error; --db with an unknown URL scheme too.
func TestServeMonitorFlags(t *testing.T) {
	for name, args := range map[string][]string{
		"webhook without db": {"serve", "--list", embeddedListArg, "--webhook", "http://127.0.0.1:1/"},
		"unknown scheme":     {"serve", "--list", embeddedListArg, "--db", "mysql://localhost/x"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, errs := cli(t, "", args...)
			assert.Equal(t, exitInvalid, code, errs)
		})
	}
}

// serve --db FILE keeps the watchlist in a bbolt file (the embedded store): an address
// registered through the API is screened without waiting for a list change, its event is
// in GET /v1/events, and the file keeps it for `monitor events` after serve stopped.
func TestServeMonitorBolt(t *testing.T) {
	db := filepath.Join(t.TempDir(), "monitor.db")
	base, stop := startServe(t, "--list", embeddedListArg, "--db", db, "--monitor-interval", "20ms")
	code, resp := servePost(t, base+"/v1/watch", `{"address":"`+lazarusExcerpt+`","label":"customer-9"}`)
	require.Equal(t, http.StatusOK, code, string(resp))
	var page server.EventsResponse
	eventually(t, "the event of the registered address", func() bool {
		_, body := serveGet(t, base+"/v1/events?after=0", "")
		return json.Unmarshal(body, &page) == nil && len(page.Events) > 0
	})
	require.Len(t, page.Events, 1)
	e := page.Events[0]
	assert.Equal(t, monitor.EventNewlySanctioned, e.Type)
	assert.True(t, e.FirstScreen)
	assert.Equal(t, "customer-9", e.Label)
	assert.Equal(t, "Lazarus Group", e.Hits[0].Entity.Name)
	require.Equal(t, exitClear, stop())

	code, out, errs := cli(t, "", "monitor", "events", "--db", db)
	require.Equal(t, exitClear, code, errs)
	evs := decodeNDJSON[monitor.Event](t, out)
	require.Len(t, evs, 1)
	assert.Equal(t, e.Seq, evs[0].Seq)
}
