package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/screen"
)

// Errors a TxScreener wraps so that the server answers with the right status.
var (
	// ErrTxNotFound: the node does not know the transaction (404 not_found).
	ErrTxNotFound = errors.New("server: transaction not found")
	// ErrNodeUnavailable: the node did not answer, timed out, is on another network or
	// answered nonsense (502 node_unavailable; nothing was screened).
	ErrNodeUnavailable = errors.New("server: node unavailable")
)

// TxScreener screens a transaction by its id through a node (a bitcoind, btcd or
// Esplora source for Bitcoin, an Ethereum node for Ethereum): it backs POST
// /v1/transactions {"chain", "txid"}. Its errors wrap ErrTxNotFound or
// ErrNodeUnavailable, or are the Screener's (no list, stale in strict mode).
type TxScreener func(ctx context.Context, s *screen.Screener, txid string) (screen.TxResult, error)

// WithTxScreener serves POST /v1/transactions {"chain", "txid"} for chain
// (address.ChainBitcoin or address.ChainEVM) through f. Without one, a request by txid
// for that chain is 501 no_node. A nil f is ignored.
func WithTxScreener(chain address.Chain, f TxScreener) Option {
	return func(c *config) {
		if f == nil {
			return
		}
		if c.nodes == nil {
			c.nodes = map[address.Chain]TxScreener{}
		}
		c.nodes[chain] = f
	}
}

// screenByTxID answers POST /v1/transactions with a txid.
func (s *Server) screenByTxID(w http.ResponseWriter, r *http.Request, chain address.Chain, req TxRequest) {
	if req.Hex != "" || len(req.Prevouts) > 0 {
		writeError(w, http.StatusBadRequest, "bad_request", "give either txid or hex (with prevouts), not both")
		return
	}
	txid := strings.TrimSpace(req.TxID)
	if !validTxID(chain, txid) {
		want := "64 hex digits"
		if chain == address.ChainEVM {
			want = "0x and 64 hex digits"
		}
		writeError(w, http.StatusBadRequest, "invalid_txid", "txid: want "+want)
		return
	}
	f := s.cfg.nodes[chain]
	if f == nil {
		writeError(w, http.StatusNotImplemented, "no_node",
			"this server screens "+string(chain)+" transactions by txid only when started with a node (serve --rpc URL)")
		return
	}
	scr := s.scr.Load()
	if scr == nil {
		noScreener(w)
		return
	}
	res, err := f(r.Context(), scr, txid)
	switch {
	case errors.Is(err, ErrTxNotFound):
		writeError(w, http.StatusNotFound, "not_found", "the node does not know transaction "+txid)
		return
	case errors.Is(err, ErrNodeUnavailable):
		s.cfg.logger.LogAttrs(r.Context(), slog.LevelError, "http: node unavailable", slog.Any("error", err))
		writeError(w, http.StatusBadGateway, "node_unavailable", "the node did not answer: nothing was screened")
		return
	case err != nil:
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

func validTxID(chain address.Chain, s string) bool {
	if chain == address.ChainEVM {
		if !strings.HasPrefix(s, "0x") {
			return false
		}
		s = s[2:]
	}
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
