package btcrpc

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/btcsuite/btcd/btcjson"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"

	"github.com/chainscreen/chainscreen/screen/bitcoin"
)

// Backend is the kind of JSON-RPC node.
type Backend int

// Backends.
const (
	// BackendAuto detects the node at Dial: btcd answers the "version" call, bitcoind
	// does not.
	BackendAuto Backend = iota
	// BackendBitcoind is Bitcoin Core: getrawtransaction verbosity 2 and getblock
	// verbosity 3 return the previous outputs with the transactions.
	BackendBitcoind
	// BackendBtcd is btcd: its getrawtransaction has no previous outputs, so the parent
	// transactions are fetched (--txindex is needed for transactions outside the mempool).
	BackendBtcd
)

func (b Backend) String() string {
	switch b {
	case BackendBitcoind:
		return "bitcoind"
	case BackendBtcd:
		return "btcd"
	}
	return "auto"
}

// Defaults of a Client.
const (
	DefaultTimeout   = 30 * time.Second
	DefaultWorkers   = 4
	DefaultBatchSize = 64
	// maxResponse bounds one HTTP answer (getblock verbosity 3 of a full block is tens of MB).
	maxResponse = 512 << 20
	// maxCached bounds the previous outputs kept from verbose answers.
	maxCached = 200_000
)

// Option configures a Client or an Esplora client. A nil Option is ignored.
type Option func(*config)

type config struct {
	params  *chaincfg.Params
	cookie  string
	backend Backend
	http    *http.Client
	timeout time.Duration
	workers int
	batch   int
	log     *slog.Logger
	caFile  string
}

// WithNetwork is the network the node must serve (default chaincfg.MainNetParams):
// Dial compares the node's genesis block hash with params.GenesisHash and refuses a
// mismatch with bitcoin.ErrWrongNetwork.
func WithNetwork(params *chaincfg.Params) Option {
	return func(c *config) {
		if params != nil {
			c.params = params
		}
	}
}

// WithCookieFile reads the credentials from bitcoind's cookie file ("user:password",
// usually DATADIR/.cookie); they replace any in the URL.
func WithCookieFile(path string) Option { return func(c *config) { c.cookie = path } }

// WithBackend fixes the kind of node instead of detecting it.
func WithBackend(b Backend) Option { return func(c *config) { c.backend = b } }

// WithHTTPClient sets the HTTP client (default: a client of its own; for TLS with a
// node's self-signed certificate give one whose transport trusts it).
func WithHTTPClient(h *http.Client) Option {
	return func(c *config) {
		if h != nil {
			c.http = h
		}
	}
}

// WithRootCAFile trusts the PEM certificate(s) in path for an https:// node, such as
// the self-signed rpc.cert btcd generates (replaces the HTTP client's transport).
func WithRootCAFile(path string) Option { return func(c *config) { c.caFile = path } }

// WithTimeout bounds every call (default DefaultTimeout); the context's own deadline
// applies when it is earlier.
func WithTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// WithWorkers bounds the concurrent requests of one Prevouts call (default DefaultWorkers).
func WithWorkers(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.workers = n
		}
	}
}

// WithBatchSize bounds the calls of one batched JSON-RPC request (default DefaultBatchSize).
func WithBatchSize(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.batch = n
		}
	}
}

// WithLogger logs each request at debug level (method, calls, duration; never credentials).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.log = l
		}
	}
}

func options(opts []Option) (config, error) {
	c := config{params: &chaincfg.MainNetParams, timeout: DefaultTimeout, workers: DefaultWorkers,
		batch: DefaultBatchSize, log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.http == nil {
		c.http = &http.Client{}
	}
	if c.caFile != "" {
		pem, err := os.ReadFile(c.caFile)
		if err != nil {
			return c, fmt.Errorf("btcrpc: certificate file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return c, fmt.Errorf("btcrpc: no PEM certificate in %s", c.caFile)
		}
		h := *c.http
		h.Transport = &http.Transport{Proxy: http.ProxyFromEnvironment,
			TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
		c.http = &h
	}
	return c, nil
}

// Client is a JSON-RPC client of bitcoind or btcd. It implements bitcoin.Source and is
// safe for concurrent use.
type Client struct {
	cfg      config
	endpoint string // the URL without credentials
	host     string // for errors
	user     string
	pass     string
	backend  Backend

	mu    sync.Mutex
	cache map[wire.OutPoint]bitcoin.Prevout // previous outputs from verbose answers
}

var _ bitcoin.Source = (*Client)(nil)

// ParseURL splits an RPC URL http(s)://[user:password@]host:port into the endpoint
// without credentials and the credentials. Errors never show the password.
func ParseURL(raw string) (endpoint, user, pass string, err error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", "", fmt.Errorf("btcrpc: invalid RPC URL %q", redact(raw))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", "", "", fmt.Errorf("btcrpc: RPC URL %q: want http:// or https://", redactURL(u))
	}
	if u.Host == "" {
		return "", "", "", fmt.Errorf("btcrpc: RPC URL %q has no host", redactURL(u))
	}
	if u.User != nil {
		user = u.User.Username()
		pass, _ = u.User.Password()
	}
	u.User = nil
	return u.String(), user, pass, nil
}

// redactURL is u without its password.
func redactURL(u *url.URL) string { return u.Redacted() }

// redact removes anything between "//" and "@" from a string that may be a URL.
func redact(s string) string {
	if i := strings.Index(s, "//"); i >= 0 {
		if j := strings.LastIndex(s, "@"); j > i {
			return s[:i+2] + "xxxxx@" + s[j+1:]
		}
	}
	return s
}

// Dial connects to the node at rawURL (http(s)://[user:password@]host:port), detects
// its kind unless WithBackend fixes it, and checks its network (WithNetwork). A node
// that does not answer is bitcoin.ErrUnavailable; another network is
// bitcoin.ErrWrongNetwork.
func Dial(ctx context.Context, rawURL string, opts ...Option) (*Client, error) {
	cfg, err := options(opts)
	if err != nil {
		return nil, err
	}
	endpoint, user, pass, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if cfg.cookie != "" {
		b, err := os.ReadFile(cfg.cookie)
		if err != nil {
			return nil, fmt.Errorf("%w: cookie file: %v", bitcoin.ErrUnavailable, err)
		}
		u, p, ok := strings.Cut(strings.TrimSpace(string(b)), ":")
		if !ok {
			return nil, fmt.Errorf("%w: cookie file %s is not user:password", bitcoin.ErrUnavailable, cfg.cookie)
		}
		user, pass = u, p
	}
	eu, _ := url.Parse(endpoint)
	c := &Client{cfg: cfg, endpoint: endpoint, host: eu.Host, user: user, pass: pass, backend: cfg.backend,
		cache: make(map[wire.OutPoint]bitcoin.Prevout)}
	if err := c.checkNetwork(ctx); err != nil {
		return nil, err
	}
	if c.backend == BackendAuto {
		if c.backend, err = c.detect(ctx); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Backend is the kind of node the client talks to.
func (c *Client) Backend() Backend { return c.backend }

// Network is the network the node was checked to serve.
func (c *Client) Network() *chaincfg.Params { return c.cfg.params }

func (c *Client) checkNetwork(ctx context.Context) error {
	h, err := c.BlockHash(ctx, 0)
	if err != nil {
		return fmt.Errorf("btcrpc: genesis block of %s: %w", c.host, err)
	}
	if h != *c.cfg.params.GenesisHash {
		return fmt.Errorf("%w: node %s has genesis block %s, %s has %s", bitcoin.ErrWrongNetwork, c.host, h,
			c.cfg.params.Name, c.cfg.params.GenesisHash)
	}
	return nil
}

func (c *Client) detect(ctx context.Context) (Backend, error) {
	res, err := c.batchCall(ctx, []any{btcjson.NewVersionCmd()})
	if err != nil {
		return BackendAuto, err
	}
	var v map[string]json.RawMessage
	if res[0].err == nil && json.Unmarshal(res[0].result, &v) == nil {
		if _, ok := v["btcdjsonrpcapi"]; ok {
			return BackendBtcd, nil
		}
	}
	return BackendBitcoind, nil
}

// callResult is the answer to one call of a batch.
type callResult struct {
	result json.RawMessage
	err    error // an RPC error for this call (wrapping ErrNotFound where it means that)
}

// batchCall sends cmds (btcjson command values) in one HTTP request and returns the
// answers in the same order. The error is for the request as a whole.
func (c *Client) batchCall(ctx context.Context, cmds []any) ([]callResult, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.timeout)
	defer cancel()
	var body bytes.Buffer
	if len(cmds) > 1 {
		body.WriteByte('[')
	}
	for i, cmd := range cmds {
		b, err := btcjson.MarshalCmd(btcjson.RpcVersion1, uint64(i), cmd)
		if err != nil {
			return nil, fmt.Errorf("btcrpc: %w", err)
		}
		if i > 0 {
			body.WriteByte(',')
		}
		body.Write(b)
	}
	if len(cmds) > 1 {
		body.WriteByte(']')
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, &body)
	if err != nil {
		return nil, fmt.Errorf("btcrpc: request to %s: %v", c.host, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if c.user != "" || c.pass != "" {
		req.SetBasicAuth(c.user, c.pass)
	}
	start := time.Now()
	resp, err := c.cfg.http.Do(req)
	if err != nil {
		return nil, unavailable(ctx, c.host, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	c.cfg.log.Debug("btcrpc", "host", c.host, "calls", len(cmds), "status", resp.StatusCode, "bytes", len(raw), "elapsed", time.Since(start))
	if err != nil {
		return nil, unavailable(ctx, c.host, err)
	}
	if len(raw) > maxResponse {
		return nil, fmt.Errorf("%w: answer of %s over %d bytes", bitcoin.ErrMalformedResponse, c.host, maxResponse)
	}
	switch resp.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden:
		return nil, fmt.Errorf("%w: %s refused the credentials (HTTP %d)", bitcoin.ErrUnavailable, c.host, resp.StatusCode)
	}
	return decodeResponses(raw, len(cmds), c.host, resp.StatusCode)
}

// decodeResponses decodes the answer to n calls (a single object for n == 1, else an
// array), matching answers to calls by id.
func decodeResponses(raw []byte, n int, host string, status int) ([]callResult, error) {
	var resps []btcjson.Response
	t := bytes.TrimSpace(raw)
	if len(t) > 0 && t[0] == '[' {
		if err := json.Unmarshal(t, &resps); err != nil {
			return nil, malformed(host, status, err)
		}
	} else {
		var r btcjson.Response
		if err := json.Unmarshal(t, &r); err != nil {
			return nil, malformed(host, status, err)
		}
		resps = []btcjson.Response{r}
	}
	if n == 1 && len(resps) == 1 && resps[0].ID == nil && resps[0].Error != nil {
		// An error for the request as a whole (parse error, batch refused).
		return nil, fmt.Errorf("%w: %s: %s", bitcoin.ErrUnavailable, host, rpcMessage(resps[0].Error))
	}
	out := make([]callResult, n)
	got := make([]bool, n)
	for _, r := range resps {
		if r.ID == nil {
			return nil, fmt.Errorf("%w: %s answered without an id", bitcoin.ErrMalformedResponse, host)
		}
		f, ok := (*r.ID).(float64)
		if !ok || f < 0 || f >= float64(n) || f != float64(int(f)) || got[int(f)] {
			return nil, fmt.Errorf("%w: %s answered with id %v", bitcoin.ErrMalformedResponse, host, *r.ID)
		}
		i := int(f)
		got[i] = true
		if r.Error != nil {
			out[i].err = rpcError(r.Error)
			continue
		}
		if len(r.Result) == 0 || string(r.Result) == "null" {
			out[i].err = fmt.Errorf("%w: empty result", bitcoin.ErrMalformedResponse)
			continue
		}
		out[i].result = r.Result
	}
	for i := range got {
		if !got[i] {
			return nil, fmt.Errorf("%w: %s did not answer call %d of %d", bitcoin.ErrMalformedResponse, host, i, n)
		}
	}
	return out, nil
}

func malformed(host string, status int, err error) error {
	if status >= 500 || status == http.StatusNotFound {
		return fmt.Errorf("%w: %s answered HTTP %d", bitcoin.ErrUnavailable, host, status)
	}
	return fmt.Errorf("%w: %s: %v", bitcoin.ErrMalformedResponse, host, err)
}

// rpcMessage is the text of an RPC error, cut short.
func rpcMessage(e *btcjson.RPCError) string {
	m := e.Message
	if len(m) > 200 {
		m = m[:200] + "…"
	}
	return fmt.Sprintf("RPC error %d: %s", e.Code, m)
}

// rpcError maps a node's RPC error: "no such transaction/block" and "height out of
// range" are ErrNotFound; anything else means the node cannot answer (ErrUnavailable).
func rpcError(e *btcjson.RPCError) error {
	msg := strings.ToLower(e.Message)
	switch {
	case e.Code == btcjson.ErrRPCInvalidAddressOrKey, // -5: no information about the transaction, block not found
		(e.Code == btcjson.ErrRPCOutOfRange || e.Code == btcjson.ErrRPCInvalidParameter) && strings.Contains(msg, "out of range"):
		return fmt.Errorf("%w: %s", bitcoin.ErrNotFound, rpcMessage(e))
	}
	return fmt.Errorf("%w: %s", bitcoin.ErrUnavailable, rpcMessage(e))
}

// unavailable wraps a transport error; a context deadline stays errors.Is-able.
func unavailable(ctx context.Context, host string, err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err // the URL has no credentials, but the host alone says enough
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%w: %s: %w", bitcoin.ErrUnavailable, host, ctx.Err())
	}
	return fmt.Errorf("%w: %s: %v", bitcoin.ErrUnavailable, host, err)
}

// call sends one command and returns its result.
func (c *Client) call(ctx context.Context, cmd any) (json.RawMessage, error) {
	res, err := c.batchCall(ctx, []any{cmd})
	if err != nil {
		return nil, err
	}
	return res[0].result, res[0].err
}

func intp(v int) *int { return &v }

// BlockHash returns the hash of the block at height on the node's best chain
// (bitcoin.ErrNotFound above the tip).
func (c *Client) BlockHash(ctx context.Context, height int64) (chainhash.Hash, error) {
	if height < 0 {
		return chainhash.Hash{}, fmt.Errorf("%w: block height %d", bitcoin.ErrNotFound, height)
	}
	res, err := c.call(ctx, btcjson.NewGetBlockHashCmd(height))
	if err != nil {
		return chainhash.Hash{}, fmt.Errorf("btcrpc: block at height %d: %w", height, err)
	}
	h, err := decodeHashResult(res)
	if err != nil {
		return chainhash.Hash{}, fmt.Errorf("btcrpc: block at height %d: %w", height, err)
	}
	return h, nil
}

// Tx returns the transaction txid. From bitcoind it asks for verbosity 2 and keeps the
// previous outputs of the answer for the Prevouts call that follows.
func (c *Client) Tx(ctx context.Context, txid chainhash.Hash) (*wire.MsgTx, error) {
	if c.backend == BackendBitcoind {
		res, err := c.call(ctx, btcjson.NewGetRawTransactionCmd(txid.String(), intp(2)))
		if err != nil {
			return nil, fmt.Errorf("btcrpc: transaction %s: %w", txid, err)
		}
		tx, prev, err := DecodeVerboseTx(res)
		if err != nil {
			return nil, fmt.Errorf("btcrpc: transaction %s: %w", txid, err)
		}
		if tx.TxHash() != txid {
			return nil, fmt.Errorf("%w: asked for transaction %s, got %s", bitcoin.ErrMalformedResponse, txid, tx.TxHash())
		}
		c.remember(prev)
		return tx, nil
	}
	res, err := c.call(ctx, btcjson.NewGetRawTransactionCmd(txid.String(), intp(0)))
	if err != nil {
		return nil, fmt.Errorf("btcrpc: transaction %s: %w", txid, err)
	}
	tx, err := decodeRawTxResult(res)
	if err != nil {
		return nil, fmt.Errorf("btcrpc: transaction %s: %w", txid, err)
	}
	if tx.TxHash() != txid {
		return nil, fmt.Errorf("%w: asked for transaction %s, got %s", bitcoin.ErrMalformedResponse, txid, tx.TxHash())
	}
	return tx, nil
}

// Block returns the block with the given hash. From bitcoind it asks for verbosity 3
// and keeps the previous outputs of the answer.
func (c *Client) Block(ctx context.Context, hash chainhash.Hash) (*wire.MsgBlock, error) {
	if c.backend == BackendBitcoind {
		res, err := c.call(ctx, btcjson.NewGetBlockCmd(hash.String(), intp(3)))
		if err != nil {
			return nil, fmt.Errorf("btcrpc: block %s: %w", hash, err)
		}
		blk, prev, err := DecodeVerboseBlock(res)
		if err != nil {
			return nil, fmt.Errorf("btcrpc: block %s: %w", hash, err)
		}
		if blk.BlockHash() != hash {
			return nil, fmt.Errorf("%w: asked for block %s, got %s", bitcoin.ErrMalformedResponse, hash, blk.BlockHash())
		}
		c.remember(prev)
		return blk, nil
	}
	res, err := c.call(ctx, btcjson.NewGetBlockCmd(hash.String(), intp(0)))
	if err != nil {
		return nil, fmt.Errorf("btcrpc: block %s: %w", hash, err)
	}
	b, err := decodeHexResult(res, bitcoin.MaxBlockSize)
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

func (c *Client) remember(prev map[wire.OutPoint]bitcoin.Prevout) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.cache)+len(prev) > maxCached {
		clear(c.cache)
	}
	for op, p := range prev {
		c.cache[op] = p
	}
}

// Prevouts returns the previous outputs of outpoints: from the outputs kept from a
// verbose bitcoind answer, else from the parent transactions, fetched in batched calls
// (WithBatchSize) by a bounded pool (WithWorkers). A parent the node does not know
// gives a Prevout with Err (wrapping bitcoin.ErrNotFound); a node that fails is an error.
func (c *Client) Prevouts(ctx context.Context, outpoints []wire.OutPoint) ([]bitcoin.Prevout, error) {
	out, parents, want := fromCache(&c.mu, c.cache, outpoints)
	if len(parents) == 0 {
		return out, nil
	}
	txs, errs, err := c.fetchTxs(ctx, parents)
	if err != nil {
		return nil, err
	}
	for j, h := range parents {
		for _, i := range want[h] {
			op := outpoints[i]
			switch {
			case errs[j] != nil:
				out[i].Err = errs[j]
			case int64(op.Index) >= int64(len(txs[j].TxOut)):
				out[i].Err = fmt.Errorf("%w: transaction %s has %d outputs, no output %d", bitcoin.ErrNotFound, h, len(txs[j].TxOut), op.Index)
			default:
				o := txs[j].TxOut[op.Index]
				out[i] = bitcoin.Prevout{PkScript: o.PkScript, Value: o.Value}
			}
		}
	}
	return out, nil
}

// fetchTxs fetches raw transactions in batches on a bounded pool. errs[i] is set for
// a transaction the node does not know; err for a node that failed.
func (c *Client) fetchTxs(ctx context.Context, ids []chainhash.Hash) (txs []*wire.MsgTx, errs []error, err error) {
	txs = make([]*wire.MsgTx, len(ids))
	errs = make([]error, len(ids))
	type job struct{ lo, hi int }
	jobs := make(chan job)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		firstErr error
		errOnce  sync.Once
	)
	nb := (len(ids) + c.cfg.batch - 1) / c.cfg.batch
	for range min(c.cfg.workers, nb) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				cmds := make([]any, 0, j.hi-j.lo)
				for _, h := range ids[j.lo:j.hi] {
					cmds = append(cmds, btcjson.NewGetRawTransactionCmd(h.String(), intp(0)))
				}
				res, err := c.batchCall(ctx, cmds)
				if err != nil {
					errOnce.Do(func() { firstErr = err; cancel() })
					continue
				}
				for k, r := range res {
					i := j.lo + k
					if r.err != nil {
						if !errors.Is(r.err, bitcoin.ErrNotFound) {
							errOnce.Do(func() { firstErr = fmt.Errorf("btcrpc: transaction %s: %w", ids[i], r.err); cancel() })
							continue
						}
						errs[i] = fmt.Errorf("parent transaction %s: %w", ids[i], r.err)
						continue
					}
					tx, err := decodeRawTxResult(r.result)
					if err == nil && tx.TxHash() != ids[i] {
						err = fmt.Errorf("%w: asked for transaction %s, got %s", bitcoin.ErrMalformedResponse, ids[i], tx.TxHash())
					}
					if err != nil {
						errOnce.Do(func() { firstErr = fmt.Errorf("btcrpc: transaction %s: %w", ids[i], err); cancel() })
						continue
					}
					txs[i] = tx
				}
			}
		}()
	}
	for lo := 0; lo < len(ids); lo += c.cfg.batch {
		select {
		case jobs <- job{lo, min(lo+c.cfg.batch, len(ids))}:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("%w: %s: %w", bitcoin.ErrUnavailable, c.host, err)
	}
	return txs, errs, nil
}

// decodeHashResult decodes a JSON string holding a block hash.
func decodeHashResult(res json.RawMessage) (chainhash.Hash, error) {
	var s string
	if err := json.Unmarshal(res, &s); err != nil {
		return chainhash.Hash{}, fmt.Errorf("%w: %v", bitcoin.ErrMalformedResponse, err)
	}
	if len(s) != 64 {
		return chainhash.Hash{}, fmt.Errorf("%w: hash %q", bitcoin.ErrMalformedResponse, cut(s))
	}
	h, err := chainhash.NewHashFromStr(s)
	if err != nil {
		return chainhash.Hash{}, fmt.Errorf("%w: hash %q: %v", bitcoin.ErrMalformedResponse, cut(s), err)
	}
	return *h, nil
}

// decodeHexResult decodes a JSON string of hex of at most limit bytes.
func decodeHexResult(res json.RawMessage, limit int) ([]byte, error) {
	var s string
	if err := json.Unmarshal(res, &s); err != nil {
		return nil, fmt.Errorf("%w: %v", bitcoin.ErrMalformedResponse, err)
	}
	if len(s) > 2*limit {
		return nil, fmt.Errorf("%w: %d hex digits, over the limit", bitcoin.ErrMalformedResponse, len(s))
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", bitcoin.ErrMalformedResponse, err)
	}
	return b, nil
}

// decodeRawTxResult decodes a getrawtransaction verbosity 0 answer.
func decodeRawTxResult(res json.RawMessage) (*wire.MsgTx, error) {
	b, err := decodeHexResult(res, bitcoin.MaxTxSize)
	if err != nil {
		return nil, err
	}
	tx, err := bitcoin.DecodeTx(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", bitcoin.ErrMalformedResponse, err)
	}
	return tx, nil
}

func cut(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// fromCache fills out with the outpoints the cache holds and returns, for the others,
// the parent transactions to fetch (each once) and which outpoints each one answers.
func fromCache(mu *sync.Mutex, cache map[wire.OutPoint]bitcoin.Prevout, outpoints []wire.OutPoint) (
	out []bitcoin.Prevout, parents []chainhash.Hash, want map[chainhash.Hash][]int) {
	out = make([]bitcoin.Prevout, len(outpoints))
	want = map[chainhash.Hash][]int{}
	mu.Lock()
	defer mu.Unlock()
	for i, op := range outpoints {
		if p, ok := cache[op]; ok {
			out[i] = p
			continue
		}
		if _, ok := want[op.Hash]; !ok {
			parents = append(parents, op.Hash)
		}
		want[op.Hash] = append(want[op.Hash], i)
	}
	return out, parents, want
}
