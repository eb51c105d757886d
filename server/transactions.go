package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/ethereum/go-ethereum/common"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
	"github.com/chainscreen/chainscreen/screen/ethereum"
)

// nodeConfig holds the nodes POST /v1/transactions screens transaction ids through.
type nodeConfig struct {
	btc     bitcoin.Source
	btcOpts []bitcoin.Option
	eth     ethereum.Node
	ethOpts []ethereum.Option
}

// WithBitcoinNode lets POST /v1/transactions take {"chain":"bitcoin","txid":"…"}: the
// transaction and the previous output of every input are fetched from src (a btcrpc
// Client or Esplora client) and screened with opts (the network).
func WithBitcoinNode(src bitcoin.Source, opts ...bitcoin.Option) Option {
	return func(c *config) { c.nodes.btc, c.nodes.btcOpts = src, opts }
}

// WithEthereumNode lets POST /v1/transactions take {"chain":"ethereum","txid":"0x…"}:
// the transaction, its receipt and its call tree are fetched from node (an ethrpc
// Client) and screened with opts.
func WithEthereumNode(node ethereum.Node, opts ...ethereum.Option) Option {
	return func(c *config) { c.nodes.eth, c.nodes.ethOpts = node, opts }
}

// postTransactionByID answers POST /v1/transactions with a txid: the transaction is
// fetched from the chain's node and screened. 400 for a bad or unsupported request,
// 404 for a transaction the node does not know, 503 when the node does not answer and
// 502 when it answers nonsense or serves another network: never a clean result.
func (s *Server) postTransactionByID(w http.ResponseWriter, r *http.Request, chain address.Chain, req TxRequest) {
	if req.Hex != "" || len(req.Prevouts) > 0 {
		writeError(w, http.StatusBadRequest, "bad_request", "give either txid or hex (with prevouts), not both")
		return
	}
	scr := s.scr.Load()
	var res screen.TxResult
	var err error
	switch chain {
	case address.ChainBitcoin:
		if s.cfg.nodes.btc == nil {
			writeError(w, http.StatusBadRequest, "no_node", "this server has no bitcoin node: send the raw transaction as hex")
			return
		}
		txid := strings.TrimSpace(req.TxID)
		h, herr := chainhash.NewHashFromStr(txid)
		if herr != nil || len(txid) != 64 || !isHex(txid) {
			writeError(w, http.StatusBadRequest, "invalid_txid", "txid: want 64 hex digits")
			return
		}
		if scr == nil {
			noScreener(w)
			return
		}
		res, err = bitcoin.ScreenTxID(r.Context(), scr, s.cfg.nodes.btc, *h, s.cfg.nodes.btcOpts...)
	default:
		if s.cfg.nodes.eth == nil {
			writeError(w, http.StatusBadRequest, "no_node", "this server has no ethereum node: send the raw transaction as hex")
			return
		}
		txid := strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(req.TxID), "0x"), "0X")
		if len(txid) != 64 || !isHex(txid) {
			writeError(w, http.StatusBadRequest, "invalid_txid", "txid: want a 0x-prefixed 64-hex-digit transaction hash")
			return
		}
		if scr == nil {
			noScreener(w)
			return
		}
		res, err = ethereum.ScreenTxHash(r.Context(), scr, s.cfg.nodes.eth, common.HexToHash(txid), s.cfg.nodes.ethOpts...)
	}
	if err != nil {
		s.nodeError(w, r, err)
		return
	}
	if res.Hits == nil {
		res.Hits = []screen.Hit{}
	}
	s.metrics.result(kindTransaction, len(res.Hits))
	res.List, res.Lists = hidePaths(res.List, res.Lists)
	s.writeJSON(w, r, http.StatusOK, res)
}

// nodeError answers an error of screening through a node.
func (s *Server) nodeError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, bitcoin.ErrNotFound), errors.Is(err, ethereum.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", err.Error())
	case errors.Is(err, bitcoin.ErrUnavailable), errors.Is(err, ethereum.ErrNodeUnavailable),
		errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, "node_unavailable", "the node did not answer: nothing was screened: "+err.Error())
	case errors.Is(err, bitcoin.ErrWrongNetwork), errors.Is(err, ethereum.ErrWrongNetwork),
		errors.Is(err, bitcoin.ErrMalformedResponse), errors.Is(err, ethereum.ErrMalformedResponse):
		writeError(w, http.StatusBadGateway, "bad_node", fmt.Sprintf("the node's answer cannot be screened: %v", err))
	default:
		s.screenError(w, r, err)
	}
}

func isHex(s string) bool {
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
