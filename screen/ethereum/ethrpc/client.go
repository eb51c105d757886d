package ethrpc

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	geth "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/ethereum"
)

// Errors of the node adapter; each wraps the cause.
var (
	// ErrNotFound: the node does not know the transaction or block.
	ErrNotFound = errors.New("ethrpc: not found")
	// ErrUnavailable: the node did not answer (down, timeout, HTTP error).
	ErrUnavailable = errors.New("ethrpc: node unavailable")
	// ErrWrongNetwork: the node's chain id is not the one expected.
	ErrWrongNetwork = errors.New("ethrpc: wrong network")
	// ErrBadAnswer: the node answered something that does not decode.
	ErrBadAnswer = errors.New("ethrpc: malformed answer")
)

// DefaultTimeout bounds each call to the node.
const DefaultTimeout = 30 * time.Second

// Option configures Dial. A nil Option is ignored.
type Option func(*config)

type config struct {
	chainID *big.Int
	timeout time.Duration
	client  *http.Client
}

// WithChainID makes Dial refuse a node whose chain id differs (ErrWrongNetwork), e.g.
// 1 for Ethereum mainnet. Nil: any chain.
func WithChainID(id *big.Int) Option {
	return func(c *config) {
		if id != nil {
			c.chainID = new(big.Int).Set(id)
		}
	}
}

// WithTimeout bounds each call to the node (default DefaultTimeout; <= 0 keeps it).
func WithTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// WithHTTPClient sets the HTTP client (nil keeps the default).
func WithHTTPClient(h *http.Client) Option {
	return func(c *config) {
		if h != nil {
			c.client = h
		}
	}
}

// Client is a connection to one Ethereum node. It is safe for concurrent use.
type Client struct {
	rpc     *rpc.Client
	eth     *ethclient.Client
	where   string // the URL without credentials, for errors
	chainID *big.Int
	timeout time.Duration
	// noTrace is set once the node has said it cannot trace (method not found).
	noTrace atomic.Bool
}

// Dial connects to the node at rawURL (http, https, ws, wss; userinfo as basic
// authentication) and reads its chain id, checked against WithChainID.
func Dial(ctx context.Context, rawURL string, opts ...Option) (*Client, error) {
	cfg := config{timeout: DefaultTimeout}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("ethrpc: node URL %q: want http(s)://[user:password@]host:port", redact(rawURL))
	}
	var copts []rpc.ClientOption
	if u.User != nil {
		user := u.User.Username()
		pass, _ := u.User.Password()
		auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
		copts = append(copts, rpc.WithHTTPAuth(func(h http.Header) error { h.Set("Authorization", auth); return nil }))
		u.User = nil
	}
	if cfg.client != nil {
		copts = append(copts, rpc.WithHTTPClient(cfg.client))
	}
	where := u.String()
	rc, err := rpc.DialOptions(ctx, where, copts...)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrUnavailable, where, err)
	}
	c := &Client{rpc: rc, eth: ethclient.NewClient(rc), where: where, timeout: cfg.timeout}
	cctx, cancel := c.callContext(ctx)
	defer cancel()
	id, err := c.eth.ChainID(cctx)
	if err != nil {
		rc.Close()
		return nil, c.wrap("eth_chainId", err)
	}
	if cfg.chainID != nil && id.Cmp(cfg.chainID) != 0 {
		rc.Close()
		return nil, fmt.Errorf("%w: %s has chain id %s, want %s", ErrWrongNetwork, where, id, cfg.chainID)
	}
	c.chainID = id
	return c, nil
}

// ChainID is the node's chain id, as read by Dial.
func (c *Client) ChainID() *big.Int { return new(big.Int).Set(c.chainID) }

// Close closes the connection.
func (c *Client) Close() { c.rpc.Close() }

func (c *Client) callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, c.timeout)
}

// Transaction returns the transaction with the given hash and whether it is still
// pending (not in a block).
func (c *Client) Transaction(ctx context.Context, hash common.Hash) (*types.Transaction, bool, error) {
	cctx, cancel := c.callContext(ctx)
	defer cancel()
	tx, pending, err := c.eth.TransactionByHash(cctx, hash)
	if err != nil {
		return nil, false, c.wrap("eth_getTransactionByHash "+hash.Hex(), err)
	}
	return tx, pending, nil
}

// TransactionReceipt returns the receipt of a mined transaction (ethereum.ReceiptSource).
func (c *Client) TransactionReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error) {
	cctx, cancel := c.callContext(ctx)
	defer cancel()
	r, err := c.eth.TransactionReceipt(cctx, hash)
	if err != nil {
		return nil, c.wrap("eth_getTransactionReceipt "+hash.Hex(), err)
	}
	return r, nil
}

// callTracer is the tracer configuration of debug_trace* calls.
var callTracer = map[string]any{"tracer": "callTracer"}

// CallTrace returns the call tree of a mined transaction (ethereum.TraceSource), from
// debug_traceTransaction with the callTracer. A node that has no such method (or no
// callTracer) gives an error wrapping ethereum.ErrNoTraces.
func (c *Client) CallTrace(ctx context.Context, hash common.Hash) (*ethereum.CallFrame, error) {
	if c.noTrace.Load() {
		return nil, fmt.Errorf("%w: %s does not offer debug_traceTransaction", ethereum.ErrNoTraces, c.where)
	}
	cctx, cancel := c.callContext(ctx)
	defer cancel()
	var raw json.RawMessage
	if err := c.rpc.CallContext(cctx, &raw, "debug_traceTransaction", hash, callTracer); err != nil {
		return nil, c.wrapTrace("debug_traceTransaction "+hash.Hex(), err)
	}
	return decodeFrame(raw)
}

// decodeFrame decodes one callTracer frame; null or a malformed frame is ErrBadAnswer.
func decodeFrame(raw json.RawMessage) (*ethereum.CallFrame, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, fmt.Errorf("%w: empty call trace", ErrBadAnswer)
	}
	f := new(ethereum.CallFrame)
	if err := json.Unmarshal(raw, f); err != nil {
		return nil, fmt.Errorf("%w: call trace: %v", ErrBadAnswer, err)
	}
	if f.Type == "" {
		return nil, fmt.Errorf("%w: call trace without a call type", ErrBadAnswer)
	}
	return f, nil
}

// wrap classifies an error of a call into the package's errors.
func (c *Client) wrap(call string, err error) error {
	var httpErr rpc.HTTPError
	var rpcErr rpc.Error
	var netErr net.Error
	switch {
	case errors.Is(err, geth.NotFound):
		return fmt.Errorf("%w: %s", ErrNotFound, call)
	case errors.Is(err, context.Canceled):
		return err
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr), errors.As(err, &httpErr):
		return fmt.Errorf("%w: %s: %s: %v", ErrUnavailable, c.where, call, scrub(err))
	case errors.As(err, &rpcErr):
		if rpcErr.ErrorCode() == -32601 {
			return fmt.Errorf("%w: %s: %s: method not available: %v", ErrUnavailable, c.where, call, scrub(err))
		}
		if strings.Contains(strings.ToLower(rpcErr.Error()), "not found") {
			return fmt.Errorf("%w: %s: %v", ErrNotFound, call, scrub(err))
		}
		return fmt.Errorf("%w: %s: %s: node error %d: %v", ErrUnavailable, c.where, call, rpcErr.ErrorCode(), scrub(err))
	case isDecodeError(err):
		return fmt.Errorf("%w: %s: %v", ErrBadAnswer, call, scrub(err))
	default:
		return fmt.Errorf("%w: %s: %s: %v", ErrUnavailable, c.where, call, scrub(err))
	}
}

// wrapTrace is wrap for the trace calls: "method not found" (and a node refusing the
// tracer) means the node does not trace, remembered for the next calls.
func (c *Client) wrapTrace(call string, err error) error {
	var rpcErr rpc.Error
	if errors.As(err, &rpcErr) && !errors.Is(err, geth.NotFound) {
		msg := strings.ToLower(rpcErr.Error())
		if rpcErr.ErrorCode() == -32601 || strings.Contains(msg, "method not found") ||
			strings.Contains(msg, "does not exist") || strings.Contains(msg, "not available") {
			c.noTrace.Store(true)
			return fmt.Errorf("%w: %s: %s: %v", ethereum.ErrNoTraces, c.where, call, scrub(err))
		}
		if strings.Contains(msg, "not found") {
			return fmt.Errorf("%w: %s: %v", ErrNotFound, call, scrub(err))
		}
	}
	return c.wrap(call, err)
}

func isDecodeError(err error) bool {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	return errors.As(err, &se) || errors.As(err, &te) || strings.Contains(err.Error(), "cannot unmarshal") ||
		strings.Contains(err.Error(), "invalid character")
}

// scrub removes any credentials that an error message might carry.
func scrub(err error) string { return redact(err.Error()) }

// redact removes the userinfo of every URL in s.
func redact(s string) string {
	for _, scheme := range []string{"http://", "https://", "ws://", "wss://"} {
		for i := 0; ; {
			j := strings.Index(s[i:], scheme)
			if j < 0 {
				break
			}
			start := i + j + len(scheme)
			end := start
			for end < len(s) && !strings.ContainsRune("/ \"'", rune(s[end])) {
				end++
			}
			if at := strings.LastIndexByte(s[start:end], '@'); at >= 0 {
				s = s[:start] + "REDACTED@" + s[start+at+1:]
				end = start + len("REDACTED@") + (end - start - at - 1)
			}
			i = end
		}
	}
	return s
}

// ScreenTx screens the transaction with the given hash: the transaction itself, its
// receipt's logs and, where the node traces, its internal calls. A pending
// transaction has no receipt and no trace yet: its top level is screened and the rest
// reported UNSCREENED_INPUT. Errors: ErrNotFound, ErrUnavailable, ErrBadAnswer, and the
// Screener's (no list, stale in strict mode).
func (c *Client) ScreenTx(ctx context.Context, s *screen.Screener, hash common.Hash) (screen.TxResult, error) {
	tx, pending, err := c.Transaction(ctx, hash)
	if err != nil {
		return screen.TxResult{}, err
	}
	if tx.Hash() != hash {
		return screen.TxResult{}, fmt.Errorf("%w: asked for %s, got transaction %s", ErrBadAnswer, hash.Hex(), tx.Hash().Hex())
	}
	if pending {
		return ethereum.ScreenTransaction(ctx, s, tx, ethereum.WithTraceSource(pendingSource{}))
	}
	return ethereum.ScreenTransaction(ctx, s, tx, ethereum.WithReceiptSource(c), ethereum.WithTraceSource(c))
}

// pendingSource answers for a pending transaction: no trace exists yet.
type pendingSource struct{}

func (pendingSource) CallTrace(context.Context, common.Hash) (*ethereum.CallFrame, error) {
	return nil, fmt.Errorf("%w: the transaction is pending (its receipt and internal calls do not exist yet)", ethereum.ErrNoTraces)
}
