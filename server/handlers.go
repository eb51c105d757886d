package server

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
	"github.com/chainscreen/chainscreen/screen/ethereum"
)

// chainParam parses the optional ?chain= parameter.
func chainParam(r *http.Request) (address.Chain, error) {
	if r.URL.RawQuery == "" {
		return address.ChainUnknown, nil
	}
	name := r.URL.Query().Get("chain")
	if name == "" {
		return address.ChainUnknown, nil
	}
	return address.ParseChain(name)
}

// tagParam is the destination tag or memo of ?tag=N (also ?dt=N, the XRP URI name).
func tagParam(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return ""
	}
	q := r.URL.Query()
	if t := q.Get("tag"); t != "" {
		return t
	}
	return q.Get("dt")
}

// getAddress: GET /v1/addresses/{address}[?chain=NAME][&tag=N].
func (s *Server) getAddress(w http.ResponseWriter, r *http.Request) {
	chain, err := chainParam(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_chain", err.Error())
		return
	}
	scr := s.scr.Load()
	if scr == nil {
		noScreener(w)
		return
	}
	res, err := scr.ScreenAddressTag(r.Context(), chain, r.PathValue("address"), tagParam(r))
	if err != nil {
		s.screenError(w, r, err)
		return
	}
	s.metrics.result(kindAddress, len(res.Hits))
	res.List, res.Lists = hidePaths(res.List, res.Lists)
	s.writeJSON(w, r, http.StatusOK, res)
}

// batchItem is the object form of a batch element.
type batchItem struct {
	Address *string `json:"address"`
	Chain   string  `json:"chain"`
}

// readBody reads the request body within the limit.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	// An announced length (at most the limit, which admit checked) is read into one
	// buffer of that size rather than a doubling one.
	var buf bytes.Buffer
	if r.ContentLength > 0 && r.ContentLength <= s.cfg.maxBody {
		buf.Grow(int(r.ContentLength) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, s.cfg.maxBody)); err != nil {
		bodyError(w, err)
		return nil, false
	}
	return buf.Bytes(), true
}

// postAddresses: POST /v1/addresses with a JSON array of strings or {"address","chain"}
// objects; the results are in input order.
func (s *Server) postAddresses(w http.ResponseWriter, r *http.Request) {
	body, ok := s.readBody(w, r)
	if !ok {
		return
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '[' {
		writeError(w, http.StatusBadRequest, "invalid_json", "the body must be a JSON array of addresses (strings or {\"address\",\"chain\"} objects)")
		return
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(trimmed, &raw); err != nil {
		bodyError(w, err)
		return
	}
	if len(raw) > s.cfg.maxBatch {
		writeError(w, http.StatusRequestEntityTooLarge, "batch_too_large",
			fmt.Sprintf("%d addresses in the batch; the limit is %d", len(raw), s.cfg.maxBatch))
		return
	}
	inputs := make([]string, len(raw))
	chains := make([]address.Chain, len(raw)) // ChainUnknown: detect
	for i, el := range raw {
		switch {
		case len(el) > 0 && el[0] == '"':
			if err := json.Unmarshal(el, &inputs[i]); err != nil {
				writeError(w, http.StatusBadRequest, "invalid_json", fmt.Sprintf("element %d: %v", i, err))
				return
			}
		case len(el) > 0 && el[0] == '{':
			var it batchItem
			dec := json.NewDecoder(bytes.NewReader(el))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&it); err != nil {
				writeError(w, http.StatusBadRequest, "invalid_json", fmt.Sprintf("element %d: %v", i, err))
				return
			}
			if it.Address == nil {
				writeError(w, http.StatusBadRequest, "bad_request", fmt.Sprintf("element %d: missing \"address\"", i))
				return
			}
			inputs[i] = *it.Address
			if it.Chain != "" {
				c, err := address.ParseChain(it.Chain)
				if err != nil {
					writeError(w, http.StatusBadRequest, "invalid_chain", fmt.Sprintf("element %d: %v", i, err))
					return
				}
				chains[i] = c
			}
		default:
			writeError(w, http.StatusBadRequest, "bad_request",
				fmt.Sprintf("element %d: want a string or an {\"address\",\"chain\"} object", i))
			return
		}
	}
	scr := s.scr.Load()
	if scr == nil {
		noScreener(w)
		return
	}
	// One snapshot of the lists for the whole batch.
	results, err := scr.ScreenAddressesAs(r.Context(), chains, inputs)
	if err != nil {
		s.screenError(w, r, err)
		return
	}
	for i := range results {
		s.metrics.result(kindAddress, len(results[i].Hits))
		results[i].List, results[i].Lists = hidePaths(results[i].List, results[i].Lists)
	}
	s.writeJSON(w, r, http.StatusOK, results)
}

// TxRequest is the body of POST /v1/transactions.
type TxRequest struct {
	// Chain is "bitcoin" or "ethereum" (aliases accepted by address.ParseChain: btc, eth, evm).
	Chain string `json:"chain"`
	// Hex is the raw transaction in hex (an optional 0x prefix is ignored): Bitcoin wire
	// format with or without witness; Ethereum: the RLP / typed envelope as signed.
	Hex string `json:"hex"`
	// Prevouts are, for Bitcoin, the outputs the inputs spend; with them every input is
	// screened by the address its previous output pays.
	Prevouts []Prevout `json:"prevouts,omitempty"`
	// TxID, instead of Hex, is a transaction id (Bitcoin txid, Ethereum 0x hash) to
	// fetch from the server's node (see WithBitcoinNode, WithEthereumNode).
	TxID string `json:"txid,omitempty"`
}

// Prevout is a previous output for Bitcoin input screening.
type Prevout struct {
	TxID   string `json:"txid"`
	Vout   uint32 `json:"vout"`
	Script string `json:"script"` // pkScript in hex
}

func decodeHex(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	if s == "" {
		return nil, errors.New("empty")
	}
	return hex.DecodeString(s)
}

// postTransaction: POST /v1/transactions.
func (s *Server) postTransaction(w http.ResponseWriter, r *http.Request) {
	body, ok := s.readBody(w, r)
	if !ok {
		return
	}
	var req TxRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		bodyError(w, err)
		return
	}
	if dec.More() {
		writeError(w, http.StatusBadRequest, "invalid_json", "trailing data after the JSON object")
		return
	}
	chain, err := address.ParseChain(req.Chain)
	if err != nil || (chain != address.ChainBitcoin && chain != address.ChainEVM) {
		writeError(w, http.StatusBadRequest, "invalid_chain",
			fmt.Sprintf("chain %q: transactions are screened for \"bitcoin\" or \"ethereum\"", req.Chain))
		return
	}
	if req.TxID != "" {
		s.postTransactionByID(w, r, chain, req)
		return
	}
	raw, err := decodeHex(req.Hex)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_hex", "hex: "+err.Error())
		return
	}
	scr := s.scr.Load()
	if scr == nil {
		noScreener(w)
		return
	}
	var res screen.TxResult
	switch chain {
	case address.ChainBitcoin:
		var opts []bitcoin.Option
		if len(req.Prevouts) > 0 {
			m, err := prevoutMap(req.Prevouts)
			if err != nil {
				writeError(w, http.StatusBadRequest, "bad_request", err.Error())
				return
			}
			opts = append(opts, bitcoin.WithPrevouts(m))
		}
		res, err = bitcoin.ScreenTx(r.Context(), scr, raw, opts...)
	default:
		if len(req.Prevouts) > 0 {
			writeError(w, http.StatusBadRequest, "bad_request", "prevouts apply to Bitcoin transactions only")
			return
		}
		res, err = ethereum.ScreenTx(r.Context(), scr, raw)
	}
	if err != nil {
		s.screenError(w, r, err)
		return
	}
	if res.Hits == nil {
		res.Hits = []screen.Hit{}
	}
	s.metrics.result(kindTransaction, len(res.Hits))
	res.List, res.Lists = hidePaths(res.List, res.Lists)
	s.writeJSON(w, r, http.StatusOK, res)
}

// hidePaths removes the server's file paths from a result's list provenance (source,
// date and sha256 identify the publication; where the server keeps it is its own
// business). URLs are kept.
func hidePaths(l screen.ListInfo, ls []screen.ListInfo) (screen.ListInfo, []screen.ListInfo) {
	hide := func(i screen.ListInfo) screen.ListInfo {
		if !isURL(i.Location) {
			i.Location = ""
		}
		return i
	}
	if ls != nil {
		cp := make([]screen.ListInfo, len(ls))
		for i := range ls {
			cp[i] = hide(ls[i])
		}
		ls = cp
	}
	return hide(l), ls
}

func prevoutMap(ps []Prevout) (map[wire.OutPoint][]byte, error) {
	m := make(map[wire.OutPoint][]byte, len(ps))
	for i, p := range ps {
		h, err := chainhash.NewHashFromStr(p.TxID)
		if err != nil || len(p.TxID) != 2*chainhash.HashSize {
			return nil, fmt.Errorf("prevouts[%d]: txid %q is not a 64-digit hex transaction id", i, p.TxID)
		}
		script, err := decodeHex(p.Script)
		if err != nil {
			return nil, fmt.Errorf("prevouts[%d]: script: %v", i, err)
		}
		m[wire.OutPoint{Hash: *h, Index: p.Vout}] = script
	}
	return m, nil
}

// ListStatus is one publication in service, as /v1/lists shows it.
type ListStatus struct {
	screen.ListInfo
	// AgeSeconds is the time since the publication's date of issue.
	AgeSeconds float64 `json:"age_seconds"`
}

// ListsResponse is the body of GET /v1/lists.
type ListsResponse struct {
	// Lists are the publications in service (empty when none is loaded).
	Lists []ListStatus `json:"lists"`
	// MaxAgeSeconds is the configured maximum age (0: none).
	MaxAgeSeconds float64 `json:"max_age_seconds"`
	// Stale is true when a publication is older than the maximum age.
	Stale bool `json:"stale"`
	// Refresh is the status of the list refresher, when the server has one.
	Refresh any `json:"refresh,omitempty"`
}

// getLists: GET /v1/lists. It answers 200 even without a list (lists: []), so that the
// refresh status says why; readiness is /readyz.
func (s *Server) getLists(w http.ResponseWriter, r *http.Request) {
	resp := ListsResponse{Lists: []ListStatus{}, MaxAgeSeconds: s.cfg.maxAge.Seconds()}
	now := s.cfg.now()
	if scr := s.scr.Load(); scr != nil {
		for _, li := range scr.Lists() {
			if !isURL(li.Location) {
				li.Location = "" // no server file paths (see redact.go)
			}
			st := ListStatus{ListInfo: li}
			if pub, ok := published(li); ok {
				st.AgeSeconds = now.Sub(pub).Seconds()
				if s.cfg.maxAge > 0 && now.Sub(pub) > s.cfg.maxAge {
					resp.Stale = true
				}
			}
			resp.Lists = append(resp.Lists, st)
		}
	}
	if s.cfg.refresh != nil {
		resp.Refresh = publicStatus(s.cfg.refresh())
	}
	s.writeJSON(w, r, http.StatusOK, resp)
}

func published(li screen.ListInfo) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, li.Published)
	return t, err == nil
}

// healthz: GET /healthz, the process is up.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusOK, map[string]string{"status": "ok"})
}

// Readiness is the body of GET /readyz.
type Readiness struct {
	// Status is "ready" or "not_ready".
	Status string `json:"status"`
	// Reason says why the server is not ready.
	Reason string `json:"reason,omitempty"`
	// Lists are the publications in service.
	Lists []screen.ListInfo `json:"lists,omitempty"`
}

// readyz: GET /readyz, 200 only when a list is loaded and not older than the maximum age.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	reason, lists := s.readiness(r.Context())
	for i := range lists {
		lists[i].Location = "" // /readyz is often unauthenticated: no file paths
	}
	if reason != "" {
		s.writeJSON(w, r, http.StatusServiceUnavailable, Readiness{Status: "not_ready", Reason: reason, Lists: lists})
		return
	}
	s.writeJSON(w, r, http.StatusOK, Readiness{Status: "ready", Lists: lists})
}

// readiness returns why the server cannot screen ("" when it can).
func (s *Server) readiness(ctx context.Context) (string, []screen.ListInfo) {
	scr := s.scr.Load()
	if scr == nil {
		return "no sanctions list loaded", nil
	}
	lists := scr.Lists()
	if len(lists) == 0 {
		return "no sanctions list loaded", nil
	}
	now := s.cfg.now()
	for _, li := range lists {
		pub, ok := published(li)
		if s.cfg.maxAge > 0 && ok && now.Sub(pub) > s.cfg.maxAge {
			return fmt.Sprintf("list %s published %s is %s old, maximum %s", li.Source, li.Published,
				now.Sub(pub).Round(time.Hour), s.cfg.maxAge), lists
		}
	}
	// The Screener's own verdict (strict mode with its own maximum age).
	if _, err := scr.ScreenAddress(ctx, "readyz"); err != nil {
		return err.Error(), lists
	}
	return "", lists
}
