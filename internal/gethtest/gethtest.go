package gethtest

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/eth/tracers"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"

	// The native tracers (callTracer) register themselves on import.
	_ "github.com/ethereum/go-ethereum/eth/tracers/native"
)

// Account is a funded dev account with its throwaway key.
type Account struct {
	Key     *ecdsa.PrivateKey
	Address common.Address
}

// Node is a running in-process dev node.
type Node struct {
	// URL is the loopback HTTP JSON-RPC endpoint (http://127.0.0.1:PORT).
	URL string
	// ChainID is the dev chain's id (1337).
	ChainID *big.Int
	// Accounts are funded in the genesis with 1,000 ether each.
	Accounts []Account

	stack  *node.Node
	beacon *catalyst.SimulatedBeacon
	client *ethclient.Client
	signer types.Signer
	chain  *core.BlockChain
	pool   *txpool.TxPool

	mu     sync.Mutex // serialises Send and Commit (nonces, block sealing)
	nonces map[common.Address]uint64
}

// Option configures Start. A nil Option is ignored.
type Option func(*config)

type config struct {
	accounts int
	tracing  bool
}

// WithoutTracing starts a node without the tracing API (debug_traceTransaction is
// "method not found"), as many public RPC providers are.
func WithoutTracing() Option { return func(c *config) { c.tracing = false } }

// WithAccounts sets the number of funded accounts (default 4).
func WithAccounts(n int) Option { return func(c *config) { c.accounts = n } }

// Key returns the i-th throwaway dev key: a fixed function of i, so that addresses
// are the same in every run (they hold nothing outside the dev chain).
func Key(i int) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("chainscreen gethtest account " + strconv.Itoa(i))))
	if err != nil {
		panic(err) // a keccak output is a valid key with overwhelming probability
	}
	return k
}

// Start starts a dev node and stops it when the test ends. It fails the test when the
// node cannot start.
func Start(t testing.TB, opts ...Option) *Node {
	t.Helper()
	n, err := New(opts...)
	if err != nil {
		t.Fatalf("gethtest: %v", err)
	}
	t.Cleanup(func() {
		if err := n.Close(); err != nil {
			t.Errorf("gethtest: close: %v", err)
		}
	})
	return n
}

// New starts a dev node; the caller must Close it.
func New(opts ...Option) (*Node, error) {
	cfg := config{accounts: 4, tracing: true}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	n := &Node{ChainID: new(big.Int).Set(params.AllDevChainProtocolChanges.ChainID), nonces: map[common.Address]uint64{}}
	alloc := core.SystemContractAllocs()
	fund := new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether))
	for i := range cfg.accounts {
		k := Key(i)
		a := Account{Key: k, Address: crypto.PubkeyToAddress(k.PublicKey)}
		n.Accounts = append(n.Accounts, a)
		alloc[a.Address] = types.Account{Balance: new(big.Int).Set(fund)}
	}

	modules := []string{"eth", "net", "web3"}
	if cfg.tracing {
		modules = append(modules, "debug")
	}
	nodeConf := node.Config{
		Name:        "gethtest",
		DataDir:     "", // in memory
		HTTPHost:    "127.0.0.1",
		HTTPPort:    0, // a free port, read back from the listener
		HTTPModules: modules,
		P2P:         p2p.Config{NoDiscovery: true, MaxPeers: 0, ListenAddr: ""},
	}
	stack, err := node.New(&nodeConf)
	if err != nil {
		return nil, fmt.Errorf("node: %w", err)
	}
	n.stack = stack
	ethConf := ethconfig.Defaults
	ethConf.Genesis = &core.Genesis{
		Config:   params.AllDevChainProtocolChanges,
		GasLimit: ethconfig.Defaults.Miner.GasCeil,
		Alloc:    maps.Clone(alloc),
	}
	ethConf.SyncMode = ethconfig.FullSync
	ethConf.TxPool.NoLocals = true
	backend, err := eth.New(stack, &ethConf)
	if err != nil {
		_ = stack.Close()
		return nil, fmt.Errorf("eth: %w", err)
	}
	n.chain = backend.BlockChain()
	n.pool = backend.TxPool()
	fs := filters.NewFilterSystem(backend.APIBackend, filters.Config{})
	stack.RegisterAPIs([]rpc.API{{Namespace: "eth", Service: filters.NewFilterAPI(fs)}})
	if cfg.tracing {
		stack.RegisterAPIs(tracers.APIs(backend.APIBackend))
	}
	if err := stack.Start(); err != nil {
		_ = stack.Close()
		return nil, fmt.Errorf("start: %w", err)
	}
	n.beacon, err = catalyst.NewSimulatedBeacon(0, common.Address{}, backend)
	if err != nil {
		_ = stack.Close()
		return nil, fmt.Errorf("simulated beacon: %w", err)
	}
	if err := n.beacon.Start(); err != nil {
		_ = stack.Close()
		return nil, fmt.Errorf("simulated beacon: %w", err)
	}
	n.URL = stack.HTTPEndpoint()
	n.client = ethclient.NewClient(stack.Attach())
	n.signer = types.LatestSignerForChainID(n.ChainID)
	return n, nil
}

// Client is an in-process client of the node (not through HTTP), for the test's own
// set-up; code under test should dial URL.
func (n *Node) Client() *ethclient.Client { return n.client }

// Close stops the node.
func (n *Node) Close() error {
	var err error
	if n.client != nil {
		n.client.Close()
		n.client = nil
	}
	if n.beacon != nil {
		err = n.beacon.Stop()
		n.beacon = nil
	}
	if n.stack != nil {
		err = errors.Join(err, n.stack.Close())
		n.stack = nil
	}
	return err
}

// Commit seals a block with the pending transactions and returns its hash.
func (n *Node) Commit() common.Hash {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.beacon.Commit()
}

// Tx is a transaction to send: To nil creates a contract from Data. Gas 0 estimates it.
type Tx struct {
	From  Account
	To    *common.Address
	Value *big.Int
	Data  []byte
	Gas   uint64
}

// Send signs and sends tx (EIP-1559) without mining it.
func (n *Node) Send(ctx context.Context, tx Tx) (*types.Transaction, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	nonce, ok := n.nonces[tx.From.Address]
	if !ok {
		var err error
		if nonce, err = n.client.PendingNonceAt(ctx, tx.From.Address); err != nil {
			return nil, err
		}
	}
	value := tx.Value
	if value == nil {
		value = new(big.Int)
	}
	gas := tx.Gas
	if gas == 0 {
		gas = 3_000_000
	}
	signed, err := types.SignNewTx(tx.From.Key, n.signer, &types.DynamicFeeTx{
		ChainID:   n.ChainID,
		Nonce:     nonce,
		GasTipCap: big.NewInt(params.GWei),
		GasFeeCap: big.NewInt(100 * params.GWei),
		Gas:       gas,
		To:        tx.To,
		Value:     value,
		Data:      tx.Data,
	})
	if err != nil {
		return nil, err
	}
	if err := n.client.SendTransaction(ctx, signed); err != nil {
		return nil, err
	}
	n.nonces[tx.From.Address] = nonce + 1
	return signed, nil
}

// Mine sends the transactions, seals one block with them and returns their receipts.
// A receipt with a failed status is an error (the tests build transactions that succeed).
func (n *Node) Mine(ctx context.Context, txs ...Tx) ([]*types.Receipt, error) {
	sent := make([]*types.Transaction, 0, len(txs))
	for i, tx := range txs {
		s, err := n.Send(ctx, tx)
		if err != nil {
			return nil, fmt.Errorf("tx %d: %w", i, err)
		}
		sent = append(sent, s)
	}
	// The pool promotes a transaction in the background after SendTransaction returns:
	// wait until every one is pending, so that they are sealed in one block (tests count
	// a block's transactions), then seal until every one is in a block.
	deadline := time.Now().Add(10 * time.Second)
	if err := n.waitPending(sent, deadline); err != nil {
		return nil, err
	}
	out := make([]*types.Receipt, len(sent))
	for {
		n.Commit()
		missing := 0
		for i, s := range sent {
			if out[i] != nil {
				continue
			}
			r, err := n.client.TransactionReceipt(ctx, s.Hash())
			if err != nil {
				missing++
				continue
			}
			if r.Status != types.ReceiptStatusSuccessful {
				return nil, fmt.Errorf("tx %d (%s) failed", i, s.Hash().Hex())
			}
			out[i] = r
		}
		if missing == 0 {
			return out, n.waitIndexed(deadline)
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%d transactions not mined", missing)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitPending waits until every transaction of sent is pending in the pool.
func (n *Node) waitPending(sent []*types.Transaction, deadline time.Time) error {
	for {
		if err := n.pool.Sync(); err != nil {
			return fmt.Errorf("tx pool: %w", err)
		}
		pending := 0
		for _, s := range sent {
			if n.pool.Status(s.Hash()) == txpool.TxStatusPending {
				pending++
			}
		}
		if pending == len(sent) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d of %d transactions not pending in the pool", len(sent)-pending, len(sent))
		}
		time.Sleep(time.Millisecond)
	}
}

// waitIndexed waits for the transaction indexer to catch up. Until it has, the node
// answers a lookup of an unknown hash with "transaction indexing is in progress" (rightly
// an unavailable node to the code under test), not "not found": a test's not-found case
// must not depend on the indexer's timing.
func (n *Node) waitIndexed(deadline time.Time) error {
	for {
		p, err := n.chain.TxIndexProgress()
		if err == nil && p.Done() {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("transaction index not caught up: %+v, %v", p, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// MustMine is Mine for tests: it fails the test on an error.
func (n *Node) MustMine(t testing.TB, txs ...Tx) []*types.Receipt {
	t.Helper()
	rs, err := n.Mine(t.Context(), txs...)
	if err != nil {
		t.Fatalf("gethtest: %v", err)
	}
	return rs
}

// Deploy creates a contract from initcode and returns its address.
func (n *Node) Deploy(t testing.TB, from Account, initcode []byte) common.Address {
	t.Helper()
	r := n.MustMine(t, Tx{From: from, Data: initcode})[0]
	if r.ContractAddress == (common.Address{}) {
		t.Fatalf("gethtest: deploy: no contract address")
	}
	return r.ContractAddress
}

// Fork makes the block with hash parent the head of the chain (a reorganisation once
// blocks are sealed on it: the blocks above parent leave the canonical chain, and
// their transactions return to the pool). No transaction may be pending. The nonces
// Send tracks are forgotten (the new chain has its own).
func (n *Node) Fork(parent common.Hash) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.nonces = map[common.Address]uint64{}
	return n.beacon.Fork(parent)
}
