package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/monitor"
)

// DefaultEventsLimit is the number of events GET /v1/events returns without ?limit;
// MaxEventsLimit the most it returns at once.
const (
	DefaultEventsLimit = 100
	MaxEventsLimit     = 1000
)

// WithMonitor enables the watchlist endpoints on m: POST, GET /v1/watch and DELETE
// /v1/watch/{id} manage the registered addresses, GET /v1/events reads the event log.
// The caller runs the monitor's re-screening (monitor.Monitor.Watch beside the list
// refresher); without a monitor these endpoints answer 501 no_monitor.
func WithMonitor(m *monitor.Monitor) Option { return func(c *config) { c.monitor = m } }

// WatchRequest is one address to register with POST /v1/watch.
type WatchRequest struct {
	// Address is the address text.
	Address *string `json:"address"`
	// Chain is the chain to watch it for (empty: detected from the text).
	Chain string `json:"chain,omitempty"`
	// Label is the caller's label: a customer id, an account, a purpose.
	Label string `json:"label,omitempty"`
}

// WatchEntry is a registered address with its last-seen screening state (absent until
// the address was first screened).
type WatchEntry struct {
	monitor.Registration
	State *monitor.AddressState `json:"state,omitempty"`
}

// WatchResponse is the body of POST and GET /v1/watch.
type WatchResponse struct {
	// Registrations are the registrations made (POST) or the watchlist (GET), by ID.
	Registrations []WatchEntry `json:"registrations"`
}

// EventsResponse is the body of GET /v1/events.
type EventsResponse struct {
	// Events are the events after the ?after sequence number, in Seq order.
	Events []monitor.Event `json:"events"`
	// Next is the ?after of the next page: the Seq of the last event returned (or the
	// ?after given when there was none).
	Next uint64 `json:"next"`
}

// noMonitor answers a watchlist request on a server without a monitor.
func noMonitor(w http.ResponseWriter) {
	writeError(w, http.StatusNotImplemented, "no_monitor", "this server has no watchlist: start it with a monitor database (serve --db)")
}

// postWatch: POST /v1/watch with one {"address","chain","label"} object or an array of
// them. Every address is validated first: if one is invalid, none is registered.
func (s *Server) postWatch(w http.ResponseWriter, r *http.Request) {
	m := s.cfg.monitor
	if m == nil {
		noMonitor(w)
		return
	}
	body, ok := s.readBody(w, r)
	if !ok {
		return
	}
	trimmed := bytes.TrimSpace(body)
	var raw []json.RawMessage
	switch {
	case len(trimmed) > 0 && trimmed[0] == '{':
		raw = []json.RawMessage{trimmed}
	case len(trimmed) > 0 && trimmed[0] == '[':
		if err := json.Unmarshal(trimmed, &raw); err != nil {
			bodyError(w, err)
			return
		}
	default:
		writeError(w, http.StatusBadRequest, "invalid_json", `the body must be a JSON object {"address","chain","label"} or an array of them`)
		return
	}
	if len(raw) == 0 {
		writeError(w, http.StatusBadRequest, "bad_request", "no address to register")
		return
	}
	if len(raw) > s.cfg.maxBatch {
		writeError(w, http.StatusRequestEntityTooLarge, "batch_too_large",
			fmt.Sprintf("%d addresses in the request; the limit is %d", len(raw), s.cfg.maxBatch))
		return
	}
	reqs := make([]WatchRequest, len(raw))
	chains := make([]address.Chain, len(raw))
	for i, el := range raw {
		dec := json.NewDecoder(bytes.NewReader(el))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&reqs[i]); err != nil {
			writeError(w, http.StatusBadRequest, "invalid_json", fmt.Sprintf("element %d: %v", i, err))
			return
		}
		if reqs[i].Address == nil {
			writeError(w, http.StatusBadRequest, "bad_request", fmt.Sprintf("element %d: missing \"address\"", i))
			return
		}
		if reqs[i].Chain != "" {
			c, err := address.ParseChain(reqs[i].Chain)
			if err != nil {
				writeError(w, http.StatusBadRequest, "invalid_chain", fmt.Sprintf("element %d: %v", i, err))
				return
			}
			chains[i] = c
		}
		if _, _, err := monitor.RegistrationID(chains[i], *reqs[i].Address); err != nil {
			writeError(w, http.StatusBadRequest, "invalid_registration", fmt.Sprintf("element %d: %v (nothing was registered)", i, err))
			return
		}
	}
	resp := WatchResponse{Registrations: make([]WatchEntry, 0, len(reqs))}
	for i, req := range reqs {
		reg, err := m.Add(r.Context(), chains[i], *req.Address, req.Label)
		if err != nil {
			s.monitorError(w, r, err)
			return
		}
		resp.Registrations = append(resp.Registrations, WatchEntry{Registration: reg})
	}
	s.writeJSON(w, r, http.StatusOK, resp)
}

// getWatch: GET /v1/watch, the watchlist with the last-seen state of every address.
func (s *Server) getWatch(w http.ResponseWriter, r *http.Request) {
	m := s.cfg.monitor
	if m == nil {
		noMonitor(w)
		return
	}
	regs, err := m.List(r.Context())
	if err != nil {
		s.monitorError(w, r, err)
		return
	}
	states, err := m.Store().States(r.Context())
	if err != nil {
		s.monitorError(w, r, err)
		return
	}
	resp := WatchResponse{Registrations: make([]WatchEntry, len(regs))}
	for i, reg := range regs {
		resp.Registrations[i].Registration = reg
		if st, ok := states[reg.ID]; ok {
			resp.Registrations[i].State = &st
		}
	}
	s.writeJSON(w, r, http.StatusOK, resp)
}

// deleteWatch: DELETE /v1/watch/{id}[?chain=NAME], id being a registration ID
// ("evm:0x…") or the address text. 204 when removed, 404 not_registered.
func (s *Server) deleteWatch(w http.ResponseWriter, r *http.Request) {
	m := s.cfg.monitor
	if m == nil {
		noMonitor(w)
		return
	}
	chain, err := chainParam(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_chain", err.Error())
		return
	}
	if err := m.Remove(r.Context(), chain, r.PathValue("id")); err != nil {
		s.monitorError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// getEvents: GET /v1/events[?after=SEQ][&limit=N], the event log after SEQ.
func (s *Server) getEvents(w http.ResponseWriter, r *http.Request) {
	m := s.cfg.monitor
	if m == nil {
		noMonitor(w)
		return
	}
	q := r.URL.Query()
	var after uint64
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", fmt.Sprintf("after=%q: want an event sequence number", v))
			return
		}
		after = n
	}
	limit := DefaultEventsLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxEventsLimit {
			writeError(w, http.StatusBadRequest, "bad_request", fmt.Sprintf("limit=%q: want 1 to %d", v, MaxEventsLimit))
			return
		}
		limit = n
	}
	evs, err := m.Events(r.Context(), after, limit)
	if err != nil {
		s.monitorError(w, r, err)
		return
	}
	resp := EventsResponse{Events: evs, Next: after}
	if resp.Events == nil {
		resp.Events = []monitor.Event{}
	}
	if len(evs) > 0 {
		resp.Next = evs[len(evs)-1].Seq
	}
	s.writeJSON(w, r, http.StatusOK, resp)
}

// monitorError answers an error of the monitor or its store.
func (s *Server) monitorError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, monitor.ErrNotRegistered):
		writeError(w, http.StatusNotFound, "not_registered", err.Error())
	case errors.Is(err, monitor.ErrInvalidRegistration):
		writeError(w, http.StatusBadRequest, "invalid_registration", err.Error())
	case r.Context().Err() != nil:
		writeError(w, http.StatusServiceUnavailable, "canceled", "request canceled: "+r.Context().Err().Error())
	default:
		// A database that does not answer: logged, never detailed to the caller (it may
		// name the database).
		s.cfg.logger.LogAttrs(r.Context(), slog.LevelError, "http: monitor database", slog.String("route", r.Pattern), slog.Any("error", err))
		writeError(w, http.StatusServiceUnavailable, "database_unavailable", "the monitor database did not answer")
	}
}
