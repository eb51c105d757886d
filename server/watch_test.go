package server_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The watchlist through HTTP: register (one object, an array; all or nothing), list
// with states after a re-screening, read the event log by pages, remove.
func TestWatchEndpoints(t *testing.T) {
	ctx := context.Background()
	scr := newScreener(t)
	m := monitor.New(monitor.NewMemoryStore(), monitor.WithLogger(discard))
	ts := serve(t, scr, server.WithMonitor(m), server.WithToken("tok"))

	r := do(t, "POST", ts.URL+"/v1/watch", "", `{"address":"`+lazarusETH+`"}`)
	assert.Equal(t, http.StatusUnauthorized, r.code, "the watchlist needs the token")

	r = do(t, "POST", ts.URL+"/v1/watch", "tok", `{"address":"`+lazarusETH+`","label":"customer-1"}`)
	require.Equal(t, http.StatusOK, r.code, string(r.body))
	got := decode[server.WatchResponse](t, r)
	require.Len(t, got.Registrations, 1)
	assert.Equal(t, "evm:"+lazarusETH, got.Registrations[0].ID)
	assert.Equal(t, "customer-1", got.Registrations[0].Label)

	// One invalid address in an array: 400, and nothing of the array is registered.
	r = do(t, "POST", ts.URL+"/v1/watch", "tok", `[{"address":"`+cleanETH+`"},{"address":"0x123"}]`)
	assert.Equal(t, http.StatusBadRequest, r.code)
	assert.Contains(t, string(r.body), "invalid_registration")
	assert.Contains(t, string(r.body), "element 1")
	regs, err := m.List(ctx)
	require.NoError(t, err)
	assert.Len(t, regs, 1)

	for body, code := range map[string]string{
		`[{"address":"` + cleanETH + `","chain":"dogecoin2"}]`: "invalid_chain",
		`[{"addr":"x"}]`:     "invalid_json",
		`[{"label":"x"}]`:    "bad_request",
		`[]`:                 "bad_request",
		`"` + cleanETH + `"`: "invalid_json",
	} {
		r = do(t, "POST", ts.URL+"/v1/watch", "tok", body)
		assert.Equal(t, http.StatusBadRequest, r.code, body)
		assert.Contains(t, string(r.body), `"`+code+`"`, body)
	}

	r = do(t, "POST", ts.URL+"/v1/watch", "tok", `[{"address":"`+cleanETH+`","chain":"ethereum","label":"c2"}]`)
	require.Equal(t, http.StatusOK, r.code, string(r.body))

	// Not yet screened: no state.
	list := decode[server.WatchResponse](t, do(t, "GET", ts.URL+"/v1/watch", "tok", ""))
	require.Len(t, list.Registrations, 2)
	for _, e := range list.Registrations {
		assert.Nil(t, e.State, e.ID)
	}

	evs, err := m.OnListChange(ctx, scr)
	require.NoError(t, err)
	require.Len(t, evs, 1, "the Lazarus address is listed")

	list = decode[server.WatchResponse](t, do(t, "GET", ts.URL+"/v1/watch", "tok", ""))
	require.Len(t, list.Registrations, 2)
	byID := map[string]server.WatchEntry{}
	for _, e := range list.Registrations {
		require.NotNil(t, e.State, e.ID)
		byID[e.ID] = e
	}
	assert.True(t, byID["evm:"+lazarusETH].State.Sanctioned)
	assert.False(t, byID["evm:"+cleanETH].State.Sanctioned)
	assert.Equal(t, "2025-11-19", byID["evm:"+lazarusETH].State.Lists[0].Published)

	page := decode[server.EventsResponse](t, do(t, "GET", ts.URL+"/v1/events", "tok", ""))
	require.Len(t, page.Events, 1)
	assert.Equal(t, monitor.EventNewlySanctioned, page.Events[0].Type)
	assert.Equal(t, lazarusETH, page.Events[0].Address)
	assert.Equal(t, uint64(1), page.Next)
	page = decode[server.EventsResponse](t, do(t, "GET", ts.URL+"/v1/events?after=1&limit=10", "tok", ""))
	assert.Empty(t, page.Events)
	assert.Equal(t, uint64(1), page.Next, "an empty page keeps the cursor")
	assert.Contains(t, string(do(t, "GET", ts.URL+"/v1/events?after=1", "tok", "").body), `"events":[]`)

	for q, code := range map[string]string{"?after=x": "bad_request", "?limit=0": "bad_request",
		"?limit=100000": "bad_request", "?since=1": "invalid_query"} {
		r = do(t, "GET", ts.URL+"/v1/events"+q, "tok", "")
		assert.Equal(t, http.StatusBadRequest, r.code, q)
		assert.Contains(t, string(r.body), `"`+code+`"`, q)
	}

	// Remove by ID, and by address text with its chain.
	r = do(t, "DELETE", ts.URL+"/v1/watch/evm:"+lazarusETH, "tok", "")
	assert.Equal(t, http.StatusNoContent, r.code, string(r.body))
	r = do(t, "DELETE", ts.URL+"/v1/watch/evm:"+lazarusETH, "tok", "")
	assert.Equal(t, http.StatusNotFound, r.code)
	assert.Contains(t, string(r.body), "not_registered")
	r = do(t, "DELETE", ts.URL+"/v1/watch/"+cleanETH+"?chain=ethereum", "tok", "")
	assert.Equal(t, http.StatusNoContent, r.code, string(r.body))
	list = decode[server.WatchResponse](t, do(t, "GET", ts.URL+"/v1/watch", "tok", ""))
	assert.Empty(t, list.Registrations)
	assert.Contains(t, string(do(t, "GET", ts.URL+"/v1/watch", "tok", "").body), `"registrations":[]`)
	// The events stay in the log.
	page = decode[server.EventsResponse](t, do(t, "GET", ts.URL+"/v1/events", "tok", ""))
	assert.Len(t, page.Events, 1)
}

// Without a monitor the endpoints exist and say why they cannot answer.
func TestWatchWithoutMonitor(t *testing.T) {
	ts := serve(t, newScreener(t))
	for _, c := range [][2]string{{"POST", "/v1/watch"}, {"GET", "/v1/watch"}, {"DELETE", "/v1/watch/evm:" + lazarusETH}, {"GET", "/v1/events"}} {
		body := ""
		if c[0] == "POST" {
			body = `{"address":"` + lazarusETH + `"}`
		}
		r := do(t, c[0], ts.URL+c[1], "", body)
		assert.Equal(t, http.StatusNotImplemented, r.code, c)
		assert.Contains(t, string(r.body), "no_monitor", c)
	}
}
