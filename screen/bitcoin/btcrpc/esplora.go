package btcrpc

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/screen/bitcoin"
)

// Esplora is a client of an Esplora REST server (the API of blockstream.info and
// mempool.space, and of a self-hosted electrs): GET /tx/:txid (with each input's
// prevout), /tx/:txid/hex, /block/:hash/raw and /block-height/:height. It implements
// bitcoin.Source and is safe for concurrent use. Its options are those of Dial
// (WithNetwork, WithTimeout, WithWorkers, WithHTTPClient, WithRootCAFile, WithLogger;
// the others do not apply).
type Esplora struct {
	cfg  config
	base string // without a trailing slash, without credentials
	host string
	user string
	pass string

	mu    sync.Mutex
	cache map[wire.OutPoint]bitcoin.Prevout
}

var _ bitcoin.Source = (*Esplora)(nil)

// DialEsplora connects to the Esplora server at baseURL (e.g.
// https://blockstream.info/api) and checks its network (WithNetwork).
func DialEsplora(ctx context.Context, baseURL string, opts ...Option) (*Esplora, error) {
	cfg, err := options(opts)
	if err != nil {
		return nil, err
	}
	endpoint, user, pass, err := ParseURL(baseURL)
	if err != nil {
		return nil, err
	}
	u, _ := url.Parse(endpoint)
	e := &Esplora{cfg: cfg, base: strings.TrimRight(endpoint, "/"), host: u.Host, user: user, pass: pass,
		cache: make(map[wire.OutPoint]bitcoin.Prevout)}
	h, err := e.BlockHash(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("btcrpc: genesis block of %s: %w", e.host, err)
	}
	if h != *cfg.params.GenesisHash {
		return nil, fmt.Errorf("%w: server %s has genesis block %s, %s has %s", bitcoin.ErrWrongNetwork, e.host, h,
			cfg.params.Name, cfg.params.GenesisHash)
	}
	return e, nil
}

// Network is the network the server was checked to serve.
func (e *Esplora) Network() *chaincfg.Params { return e.cfg.params }

// get fetches base+path; 404 (and 400, which Esplora answers for a malformed id) is
// bitcoin.ErrNotFound.
func (e *Esplora) get(ctx context.Context, path string, limit int) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, e.cfg.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.base+path, nil)
	if err != nil {
		return nil, fmt.Errorf("btcrpc: request to %s: %v", e.host, err)
	}
	if e.user != "" || e.pass != "" {
		req.SetBasicAuth(e.user, e.pass)
	}
	start := time.Now()
	resp, err := e.cfg.http.Do(req)
	if err != nil {
		return nil, unavailable(ctx, e.host, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, int64(limit)+1))
	e.cfg.log.Debug("esplora", "host", e.host, "path", path, "status", resp.StatusCode, "bytes", len(b), "elapsed", time.Since(start))
	if err != nil {
		return nil, unavailable(ctx, e.host, err)
	}
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusBadRequest:
		return nil, fmt.Errorf("%w: %s%s: HTTP %d %s", bitcoin.ErrNotFound, e.host, path, resp.StatusCode, cut(strings.TrimSpace(string(b))))
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("%w: %s%s: HTTP %d", bitcoin.ErrUnavailable, e.host, path, resp.StatusCode)
	case len(b) > limit:
		return nil, fmt.Errorf("%w: %s%s: answer over %d bytes", bitcoin.ErrMalformedResponse, e.host, path, limit)
	}
	return b, nil
}

// BlockHash returns the hash of the block at height (bitcoin.ErrNotFound above the tip).
func (e *Esplora) BlockHash(ctx context.Context, height int64) (chainhash.Hash, error) {
	if height < 0 {
		return chainhash.Hash{}, fmt.Errorf("%w: block height %d", bitcoin.ErrNotFound, height)
	}
	b, err := e.get(ctx, "/block-height/"+strconv.FormatInt(height, 10), 128)
	if err != nil {
		return chainhash.Hash{}, err
	}
	s := strings.TrimSpace(string(b))
	h, err := chainhash.NewHashFromStr(s)
	if err != nil || len(s) != 64 {
		return chainhash.Hash{}, fmt.Errorf("%w: block hash %q", bitcoin.ErrMalformedResponse, cut(s))
	}
	return *h, nil
}

// Block returns the block with the given hash.
func (e *Esplora) Block(ctx context.Context, hash chainhash.Hash) (*wire.MsgBlock, error) {
	b, err := e.get(ctx, "/block/"+hash.String()+"/raw", bitcoin.MaxBlockSize)
	if err != nil {
		return nil, fmt.Errorf("btcrpc: block %s: %w", hash, err)
	}
	var blk wire.MsgBlock
	if err := blk.Deserialize(bytes.NewReader(b)); err != nil {
		return nil, fmt.Errorf("%w: block %s: %v", bitcoin.ErrMalformedResponse, hash, err)
	}
	if blk.BlockHash() != hash {
		return nil, fmt.Errorf("%w: asked for block %s, got %s", bitcoin.ErrMalformedResponse, hash, blk.BlockHash())
	}
	return &blk, nil
}

// Tx returns the transaction txid and keeps the previous outputs Esplora gives with it.
func (e *Esplora) Tx(ctx context.Context, txid chainhash.Hash) (*wire.MsgTx, error) {
	tx, err := e.rawTx(ctx, txid)
	if err != nil {
		return nil, err
	}
	js, err := e.get(ctx, "/tx/"+txid.String(), maxResponse)
	if err != nil {
		return nil, fmt.Errorf("btcrpc: transaction %s: %w", txid, err)
	}
	prev, err := DecodeEsploraTx(js, tx)
	if err != nil {
		return nil, fmt.Errorf("btcrpc: transaction %s: %w", txid, err)
	}
	e.mu.Lock()
	if len(e.cache)+len(prev) > maxCached {
		clear(e.cache)
	}
	for op, p := range prev {
		e.cache[op] = p
	}
	e.mu.Unlock()
	return tx, nil
}

func (e *Esplora) rawTx(ctx context.Context, txid chainhash.Hash) (*wire.MsgTx, error) {
	b, err := e.get(ctx, "/tx/"+txid.String()+"/hex", 2*bitcoin.MaxTxSize+2)
	if err != nil {
		return nil, fmt.Errorf("btcrpc: transaction %s: %w", txid, err)
	}
	raw, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("%w: transaction %s: %v", bitcoin.ErrMalformedResponse, txid, err)
	}
	tx, err := bitcoin.DecodeTx(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: transaction %s: %v", bitcoin.ErrMalformedResponse, txid, err)
	}
	if tx.TxHash() != txid {
		return nil, fmt.Errorf("%w: asked for transaction %s, got %s", bitcoin.ErrMalformedResponse, txid, tx.TxHash())
	}
	return tx, nil
}

// Prevouts returns the previous outputs of outpoints: those kept from Tx, else from
// the parent transactions, fetched by a bounded pool (WithWorkers).
func (e *Esplora) Prevouts(ctx context.Context, outpoints []wire.OutPoint) ([]bitcoin.Prevout, error) {
	out, parents, want := fromCache(&e.mu, e.cache, outpoints)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	jobs := make(chan chainhash.Hash)
	for range min(e.cfg.workers, len(parents)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for h := range jobs {
				tx, err := e.rawTx(ctx, h)
				mu.Lock()
				for _, i := range want[h] {
					op := outpoints[i]
					switch {
					case err != nil && isNotFound(err):
						out[i].Err = fmt.Errorf("parent transaction %s: %w", h, err)
					case err != nil:
						if firstErr == nil {
							firstErr = err
							cancel()
						}
					case int64(op.Index) >= int64(len(tx.TxOut)):
						out[i].Err = fmt.Errorf("%w: transaction %s has %d outputs, no output %d", bitcoin.ErrNotFound, h, len(tx.TxOut), op.Index)
					default:
						out[i] = bitcoin.Prevout{PkScript: tx.TxOut[op.Index].PkScript, Value: tx.TxOut[op.Index].Value}
					}
				}
				mu.Unlock()
			}
		}()
	}
	for _, h := range parents {
		select {
		case jobs <- h:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", bitcoin.ErrUnavailable, e.host, err)
	}
	return out, nil
}

// esploraTx is the part of GET /tx/:txid that is read.
type esploraTx struct {
	Txid string `json:"txid"`
	Vin  []struct {
		Txid       string `json:"txid"`
		Vout       uint32 `json:"vout"`
		IsCoinbase bool   `json:"is_coinbase"`
		Prevout    *struct {
			ScriptPubKey string `json:"scriptpubkey"`
			Value        int64  `json:"value"`
		} `json:"prevout"`
	} `json:"vin"`
}

// DecodeEsploraTx decodes the JSON of Esplora's GET /tx/:txid for tx (decoded from
// /tx/:txid/hex) and returns the previous outputs it gives. Every vin entry must name
// the outpoint of the input at its position.
func DecodeEsploraTx(js []byte, tx *wire.MsgTx) (map[wire.OutPoint]bitcoin.Prevout, error) {
	var v esploraTx
	if err := json.Unmarshal(js, &v); err != nil {
		return nil, fmt.Errorf("%w: esplora transaction: %v", bitcoin.ErrMalformedResponse, err)
	}
	if v.Txid != tx.TxHash().String() {
		return nil, fmt.Errorf("%w: esplora transaction %q, want %s", bitcoin.ErrMalformedResponse, cut(v.Txid), tx.TxHash())
	}
	if len(v.Vin) != len(tx.TxIn) {
		return nil, fmt.Errorf("%w: %d vin entries for %d inputs", bitcoin.ErrMalformedResponse, len(v.Vin), len(tx.TxIn))
	}
	prev := map[wire.OutPoint]bitcoin.Prevout{}
	for i, in := range v.Vin {
		if in.IsCoinbase {
			continue
		}
		op := tx.TxIn[i].PreviousOutPoint
		if in.Txid != op.Hash.String() || in.Vout != op.Index {
			return nil, fmt.Errorf("%w: vin %d names %s:%d, the input spends %s", bitcoin.ErrMalformedResponse, i, cut(in.Txid), in.Vout, op)
		}
		if in.Prevout == nil {
			continue
		}
		pk, err := hex.DecodeString(in.Prevout.ScriptPubKey)
		if err != nil || in.Prevout.Value < 0 {
			return nil, fmt.Errorf("%w: vin %d prevout", bitcoin.ErrMalformedResponse, i)
		}
		prev[op] = bitcoin.Prevout{PkScript: pk, Value: in.Prevout.Value}
	}
	return prev, nil
}

func isNotFound(err error) bool { return errors.Is(err, bitcoin.ErrNotFound) }
