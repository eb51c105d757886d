package ethrpc

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/chainscreen/chainscreen/screen/ethereum"
)

// Errors, the screen/ethereum sentinels (test with errors.Is).
var (
	// ErrNotFound: the node does not know the transaction or block.
	ErrNotFound = ethereum.ErrNotFound
	// ErrNodeUnavailable: the node did not answer (down, timed out, refused the
	// credentials, a server error).
	ErrNodeUnavailable = ethereum.ErrNodeUnavailable
	// ErrWrongNetwork: the node's chain id is not the one asked for.
	ErrWrongNetwork = ethereum.ErrWrongNetwork
	// ErrMalformedResponse: the node's answer is not what was asked for.
	ErrMalformedResponse = ethereum.ErrMalformedResponse
)

// Defaults of a Client.
const (
	// DefaultTimeout bounds each call.
	DefaultTimeout = 30 * time.Second
	// DefaultConcurrency bounds the calls in flight.
	DefaultConcurrency = 8
)

// codeMethodNotFound is the JSON-RPC error code of an unknown method.
const codeMethodNotFound = -32601

// Option configures a Client. A nil Option is ignored.
type Option func(*config)

type config struct {
	chainID     *big.Int
	timeout     time.Duration
	concurrency int
	http        *http.Client
	log         *slog.Logger
}

// WithChainID is the chain id the node must serve (default 1, Ethereum mainnet): Dial
// compares it with the node's eth_chainId and refuses a mismatch with ErrWrongNetwork.
func WithChainID(id *big.Int) Option {
	return func(c *config) {
		if id != nil {
			c.chainID = new(big.Int).Set(id)
		}
	}
}

// WithTimeout bounds every call (default DefaultTimeout); the context's own deadline
// applies when it is earlier.
func WithTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// WithConcurrency bounds the calls in flight over all users of the Client (default
// DefaultConcurrency).
func WithConcurrency(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.concurrency = n
		}
	}
}

// WithHTTPClient sets the HTTP client (for TLS settings or a proxy).
func WithHTTPClient(h *http.Client) Option { return func(c *config) { c.http = h } }

// WithLogger logs each call at debug level (method, duration, error; never credentials).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.log = l
		}
	}
}

// ChainID returns the chain id of a network name: mainnet (1), sepolia (11155111),
// holesky (17000), hoodi (560048), dev (1337, geth --dev), or a decimal chain id.
func ChainID(name string) (*big.Int, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "mainnet", "main", "ethereum":
		return big.NewInt(1), nil
	case "sepolia":
		return big.NewInt(11155111), nil
	case "holesky":
		return big.NewInt(17000), nil
	case "hoodi":
		return big.NewInt(560048), nil
	case "dev":
		return big.NewInt(1337), nil
	}
	n, err := strconv.ParseUint(strings.TrimSpace(name), 10, 64)
	if err != nil || n == 0 {
		return nil, fmt.Errorf("ethereum network %q: want mainnet, sepolia, holesky, hoodi, dev or a chain id", name)
	}
	return new(big.Int).SetUint64(n), nil
}

// Client is a go-ethereum JSON-RPC client of one node. It implements ethereum.Node and
// is safe for concurrent use.
type Client struct {
	cfg      config
	rpc      *rpc.Client
	endpoint string   // the URL without credentials
	secrets  []string // scrubbed from every error text
	chainID  *big.Int
	sem      chan struct{}
	noTraces atomic.Pointer[string] // set when the node has no debug tracing
}

var _ ethereum.Node = (*Client)(nil)

// Dial connects to the node at rawURL (http(s):// or ws(s)://, optionally with
// user:password@ for basic authentication) and checks its chain id (see WithChainID).
// A node that does not answer is ErrNodeUnavailable; errors never show the password.
func Dial(ctx context.Context, rawURL string, opts ...Option) (*Client, error) {
	cfg := config{chainID: big.NewInt(1), timeout: DefaultTimeout, concurrency: DefaultConcurrency,
		log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return nil, fmt.Errorf("ethrpc: invalid RPC URL %q", redactURL(rawURL))
	}
	switch u.Scheme {
	case "http", "https", "ws", "wss":
	default:
		return nil, fmt.Errorf("ethrpc: RPC URL %q: want http(s)://[user:password@]host:port", redactURL(rawURL))
	}
	if u.Host == "" {
		return nil, fmt.Errorf("ethrpc: RPC URL %q has no host", redactURL(rawURL))
	}
	c := &Client{cfg: cfg, sem: make(chan struct{}, cfg.concurrency)}
	var rpcOpts []rpc.ClientOption
	if u.User != nil {
		user := u.User.Username()
		pass, _ := u.User.Password()
		for _, s := range []string{pass, url.QueryEscape(pass), url.PathEscape(pass)} {
			if len(s) >= 3 {
				c.secrets = append(c.secrets, s)
			}
		}
		auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
		c.secrets = append(c.secrets, auth[len("Basic "):])
		rpcOpts = append(rpcOpts, rpc.WithHeader("Authorization", auth))
		u.User = nil
	}
	c.endpoint = u.String()
	if cfg.http != nil {
		rpcOpts = append(rpcOpts, rpc.WithHTTPClient(cfg.http))
	}
	dctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()
	c.rpc, err = rpc.DialOptions(dctx, c.endpoint, rpcOpts...)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrNodeUnavailable, c.endpoint, c.scrub(err.Error()))
	}
	raw, err := c.call(ctx, "eth_chainId")
	if err != nil {
		c.rpc.Close()
		return nil, err
	}
	var id hexutil.Big
	if err := json.Unmarshal(raw, &id); err != nil {
		c.rpc.Close()
		return nil, fmt.Errorf("%w: eth_chainId: %v", ErrMalformedResponse, err)
	}
	c.chainID = id.ToInt()
	if c.chainID.Cmp(cfg.chainID) != 0 {
		c.rpc.Close()
		return nil, fmt.Errorf("%w: %s serves chain id %s, expected %s", ErrWrongNetwork, c.endpoint, c.chainID, cfg.chainID)
	}
	return c, nil
}

// Close closes the connection.
func (c *Client) Close() { c.rpc.Close() }

// ChainID is the node's chain id (checked at Dial).
func (c *Client) ChainID() *big.Int { return new(big.Int).Set(c.chainID) }

// Endpoint is the node's URL without credentials.
func (c *Client) Endpoint() string { return c.endpoint }

// nodeError is a JSON-RPC error answer of the node.
type nodeError struct {
	method string
	code   int
	msg    string
}

func (e *nodeError) Error() string {
	return fmt.Sprintf("%s: node error %d: %s", e.method, e.code, e.msg)
}

// call makes one JSON-RPC call and returns its raw result. Transport failures and
// timeouts are ErrNodeUnavailable; a JSON-RPC error answer is a *nodeError wrapped
// in ErrNodeUnavailable (the caller may read it with errors.As and decide otherwise).
func (c *Client) call(ctx context.Context, method string, args ...any) (json.RawMessage, error) {
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: %s: %v", ErrNodeUnavailable, method, ctx.Err())
	}
	defer func() { <-c.sem }()
	cctx, cancel := context.WithTimeout(ctx, c.cfg.timeout)
	defer cancel()
	start := time.Now()
	var raw json.RawMessage
	err := c.rpc.CallContext(cctx, &raw, method, args...)
	took := time.Since(start)
	if err == nil {
		c.cfg.log.Debug("ethrpc call", "method", method, "took", took, "bytes", len(raw))
		return raw, nil
	}
	msg := c.scrub(err.Error())
	c.cfg.log.Debug("ethrpc call failed", "method", method, "took", took, "error", msg)
	var re rpc.Error
	if errors.As(err, &re) {
		var he rpc.HTTPError
		if !errors.As(err, &he) {
			return nil, fmt.Errorf("%w: %w", ErrNodeUnavailable, &nodeError{method: method, code: re.ErrorCode(), msg: msg})
		}
	}
	if cctx.Err() != nil && ctx.Err() == nil {
		msg = fmt.Sprintf("timed out after %v: %s", c.cfg.timeout, msg)
	}
	return nil, fmt.Errorf("%w: %s %s: %s", ErrNodeUnavailable, c.endpoint, method, msg)
}

// scrub removes the credentials from s.
func (c *Client) scrub(s string) string {
	for _, sec := range c.secrets {
		s = strings.ReplaceAll(s, sec, "xxxxx")
	}
	return s
}

// redactURL shows a URL without its password (for errors about the URL itself).
func redactURL(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	if i := strings.LastIndexByte(raw, '@'); i >= 0 {
		return "xxxxx@" + raw[i+1:]
	}
	return raw
}

// Transaction returns the signed transaction with the given hash (pending ones too).
// The sender is not taken from the node: screening recovers it from the signature.
func (c *Client) Transaction(ctx context.Context, hash common.Hash) (*types.Transaction, error) {
	raw, err := c.call(ctx, "eth_getTransactionByHash", hash)
	if err != nil {
		return nil, err
	}
	tx, err := decodeTx(raw)
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("%w: transaction %s", ErrNotFound, hash.Hex())
	}
	if err != nil {
		return nil, err
	}
	if tx.Hash() != hash {
		return nil, fmt.Errorf("%w: asked for transaction %s, got %s", ErrMalformedResponse, hash.Hex(), tx.Hash().Hex())
	}
	return tx, nil
}

// TransactionReceipt returns the receipt of the transaction (ErrNotFound for a
// transaction that is unknown or not mined yet).
func (c *Client) TransactionReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error) {
	raw, err := c.call(ctx, "eth_getTransactionReceipt", hash)
	if err != nil {
		return nil, err
	}
	r, err := decodeReceipt(raw)
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("%w: receipt of %s", ErrNotFound, hash.Hex())
	}
	if err != nil {
		return nil, err
	}
	if r.TxHash != hash {
		return nil, fmt.Errorf("%w: asked for the receipt of %s, got %s", ErrMalformedResponse, hash.Hex(), r.TxHash.Hex())
	}
	return r, nil
}

// callTracer asks debug_trace* for the callTracer's frames.
var callTracer = map[string]any{"tracer": "callTracer"}

// traceErr turns the error of a debug_trace* call into ErrNoTraces when the node
// answered that it cannot trace (no debug API, no state for the block, a tracer error),
// and keeps transport failures as they are (the node is unavailable).
func (c *Client) traceErr(err error) error {
	var ne *nodeError
	if !errors.As(err, &ne) {
		return err
	}
	if ne.code == codeMethodNotFound {
		s := ne.method + " is not offered by the node"
		c.noTraces.Store(&s)
		return fmt.Errorf("%w: %s", ethereum.ErrNoTraces, s)
	}
	return fmt.Errorf("%w: %s", ethereum.ErrNoTraces, ne.Error())
}

// CallTrace returns the call tree of the transaction (debug_traceTransaction with the
// callTracer). A node without the debug API gives an error wrapping ethereum.ErrNoTraces
// (and later calls do not ask again).
func (c *Client) CallTrace(ctx context.Context, hash common.Hash) (*ethereum.CallFrame, error) {
	if s := c.noTraces.Load(); s != nil {
		return nil, fmt.Errorf("%w: %s", ethereum.ErrNoTraces, *s)
	}
	raw, err := c.call(ctx, "debug_traceTransaction", hash, callTracer)
	if err != nil {
		return nil, c.traceErr(err)
	}
	return decodeCallFrame(raw)
}

// BlockHash returns the hash of the block at number on the node's best chain.
func (c *Client) BlockHash(ctx context.Context, number uint64) (common.Hash, error) {
	raw, err := c.call(ctx, "eth_getBlockByNumber", hexutil.Uint64(number), false)
	if err != nil {
		return common.Hash{}, err
	}
	h, err := decodeBlockHash(raw)
	if errors.Is(err, ErrNotFound) {
		return common.Hash{}, fmt.Errorf("%w: block %d", ErrNotFound, number)
	}
	return h, err
}

// BlockByNumber returns the block at number with its receipts and call traces.
func (c *Client) BlockByNumber(ctx context.Context, number uint64) (*ethereum.Block, error) {
	raw, err := c.call(ctx, "eth_getBlockByNumber", hexutil.Uint64(number), true)
	if err != nil {
		return nil, err
	}
	b, err := decodeBlock(raw)
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("%w: block %d", ErrNotFound, number)
	}
	if err != nil {
		return nil, err
	}
	if b.Number != number {
		return nil, fmt.Errorf("%w: asked for block %d, got %d", ErrMalformedResponse, number, b.Number)
	}
	return b, c.fill(ctx, b)
}

// BlockByHash returns the block with that hash with its receipts and call traces.
func (c *Client) BlockByHash(ctx context.Context, hash common.Hash) (*ethereum.Block, error) {
	raw, err := c.call(ctx, "eth_getBlockByHash", hash, true)
	if err != nil {
		return nil, err
	}
	b, err := decodeBlock(raw)
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("%w: block %s", ErrNotFound, hash.Hex())
	}
	if err != nil {
		return nil, err
	}
	if b.Hash != hash {
		return nil, fmt.Errorf("%w: asked for block %s, got %s", ErrMalformedResponse, hash.Hex(), b.Hash.Hex())
	}
	return b, c.fill(ctx, b)
}

// fill fetches the block's receipts (one eth_getBlockReceipts call, or one call per
// transaction on a node without it) and call traces (one debug_traceBlockByHash call),
// both by the block's hash, so that a reorganisation in between cannot mix blocks.
func (c *Client) fill(ctx context.Context, b *ethereum.Block) error {
	if len(b.Transactions) == 0 {
		b.Receipts, b.Traces = []*types.Receipt{}, []*ethereum.CallFrame{}
		return nil
	}
	var wg sync.WaitGroup
	var terr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		terr = c.blockTraces(ctx, b)
	}()
	rerr := c.blockReceipts(ctx, b)
	wg.Wait()
	if rerr != nil {
		return rerr
	}
	return terr
}

func (c *Client) blockReceipts(ctx context.Context, b *ethereum.Block) error {
	raw, err := c.call(ctx, "eth_getBlockReceipts", b.Hash)
	var ne *nodeError
	if errors.As(err, &ne) && ne.code == codeMethodNotFound {
		return c.receiptsOneByOne(ctx, b)
	}
	if err != nil {
		return err
	}
	rs, err := decodeReceipts(raw)
	if err != nil {
		return fmt.Errorf("block %s: %w", b.Hash.Hex(), err)
	}
	if len(rs) != len(b.Transactions) {
		return fmt.Errorf("%w: block %s has %d transactions and %d receipts", ErrMalformedResponse, b.Hash.Hex(), len(b.Transactions), len(rs))
	}
	for i, r := range rs {
		if r.TxHash != b.Transactions[i].Hash() {
			return fmt.Errorf("%w: block %s: receipt %d is for %s, not %s", ErrMalformedResponse, b.Hash.Hex(), i, r.TxHash.Hex(), b.Transactions[i].Hash().Hex())
		}
	}
	b.Receipts = rs
	return nil
}

// receiptsOneByOne fetches the receipts one call per transaction (bounded by the
// Client's concurrency).
func (c *Client) receiptsOneByOne(ctx context.Context, b *ethereum.Block) error {
	rs := make([]*types.Receipt, len(b.Transactions))
	errs := make([]error, len(b.Transactions))
	var wg sync.WaitGroup
	for i, tx := range b.Transactions {
		wg.Go(func() { rs[i], errs[i] = c.TransactionReceipt(ctx, tx.Hash()) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("block %s: transaction %d: %w", b.Hash.Hex(), i, err)
		}
	}
	b.Receipts = rs
	return nil
}

func (c *Client) blockTraces(ctx context.Context, b *ethereum.Block) error {
	if s := c.noTraces.Load(); s != nil {
		b.TraceErr = fmt.Errorf("%w: %s", ethereum.ErrNoTraces, *s)
		return nil
	}
	raw, err := c.call(ctx, "debug_traceBlockByHash", b.Hash, callTracer)
	if err != nil {
		err = c.traceErr(err)
		if errors.Is(err, ethereum.ErrNoTraces) {
			b.TraceErr = err
			return nil
		}
		return err
	}
	ts, err := decodeBlockTraces(raw)
	if err != nil {
		return fmt.Errorf("block %s: %w", b.Hash.Hex(), err)
	}
	if len(ts) != len(b.Transactions) {
		return fmt.Errorf("%w: block %s has %d transactions and %d call traces", ErrMalformedResponse, b.Hash.Hex(), len(b.Transactions), len(ts))
	}
	b.Traces = make([]*ethereum.CallFrame, len(ts))
	for i, t := range ts {
		// Nodes before go-ethereum 1.13 leave txHash out; when present it must match.
		if t.TxHash != nil && *t.TxHash != b.Transactions[i].Hash() {
			return fmt.Errorf("%w: block %s: call trace %d is for %s, not %s", ErrMalformedResponse, b.Hash.Hex(), i, t.TxHash.Hex(), b.Transactions[i].Hash().Hex())
		}
		if t.Error != "" || t.Result == nil {
			if b.TraceErrs == nil {
				b.TraceErrs = make([]error, len(ts))
			}
			b.TraceErrs[i] = fmt.Errorf("%w: debug_traceBlockByHash: transaction %d: %s", ethereum.ErrNoTraces, i, t.Error)
			continue
		}
		b.Traces[i] = t.Result
	}
	return nil
}
