package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
	"github.com/chainscreen/chainscreen/screen/ethereum/ethrpc"
	"github.com/chainscreen/chainscreen/server"
)

// serveNodeFlags are the nodes serve screens transactions by id through.
type serveNodeFlags struct {
	btc        rpcFlags // --rpc / --esplora, --rpc-cookie, --rpc-cert, --network, --rpc-timeout
	eth        string   // --eth-rpc
	ethNetwork string   // --eth-network
}

func addServeNodeFlags(cmd *cobra.Command, f *serveNodeFlags) {
	addRPCFlags(cmd, &f.btc)
	fl := cmd.Flags()
	fl.Lookup("rpc").Usage = "bitcoin node JSON-RPC URL http(s)://[user:password@]host:port (bitcoind or btcd): POST /v1/transactions {\"chain\":\"bitcoin\",\"txid\"}"
	fl.StringVar(&f.eth, "eth-rpc", "", "Ethereum node JSON-RPC URL (geth, …): POST /v1/transactions {\"chain\":\"ethereum\",\"txid\"}")
	fl.StringVar(&f.ethNetwork, "eth-network", "mainnet", "chain the --eth-rpc node must serve: mainnet, sepolia, holesky, hoodi, a chain id, or any")
}

// serveNodes connects to the nodes given and returns the server options that screen by
// txid through them. A node that cannot be reached at start is an error (exit 3): a
// server that would answer every txid request 502 should not start.
func (a *app) serveNodes(ctx context.Context, f *serveNodeFlags) ([]server.Option, func(), error) {
	var opts []server.Option
	var closers []func()
	closeAll := func() {
		for _, c := range closers {
			c()
		}
	}
	if f.btc.set() {
		params, err := bitcoinNetwork(f.btc.network)
		if err != nil {
			return nil, closeAll, withCode(exitInvalid, err)
		}
		src, err := f.btc.dialContext(ctx, a, params)
		if err != nil {
			return nil, closeAll, err
		}
		if c, ok := src.(interface{ Close() }); ok {
			closers = append(closers, c.Close)
		}
		opts = append(opts, server.WithTxScreener(address.ChainBitcoin,
			func(ctx context.Context, s *screen.Screener, txid string) (screen.TxResult, error) {
				h, err := chainhash.NewHashFromStr(txid)
				if err != nil {
					return screen.TxResult{}, fmt.Errorf("%w: txid %q", screen.ErrInvalidTx, txid)
				}
				r, err := bitcoin.ScreenTxID(ctx, s, src, *h, bitcoin.WithNetwork(params))
				return r, nodeError(err, bitcoin.ErrNotFound, bitcoin.ErrUnavailable, bitcoin.ErrWrongNetwork)
			}))
	}
	if f.eth != "" {
		id, err := ethereumChainID(f.ethNetwork)
		if err != nil {
			return nil, closeAll, withCode(exitInvalid, fmt.Errorf("--eth-network: %w", err))
		}
		c, err := ethrpc.Dial(ctx, f.eth, ethrpc.WithChainID(id), ethrpc.WithTimeout(f.btc.timeout))
		if err != nil {
			return nil, closeAll, withCode(exitUnavailable, fmt.Errorf("--eth-rpc: %w", err))
		}
		closers = append(closers, c.Close)
		opts = append(opts, server.WithTxScreener(address.ChainEVM,
			func(ctx context.Context, s *screen.Screener, txid string) (screen.TxResult, error) {
				r, err := c.ScreenTx(ctx, s, common.HexToHash(txid))
				return r, nodeError(err, ethrpc.ErrNotFound, ethrpc.ErrUnavailable, ethrpc.ErrWrongNetwork, ethrpc.ErrBadAnswer)
			}))
	}
	return opts, closeAll, nil
}

// nodeError maps a node adapter's errors to the server's: notFound → ErrTxNotFound, any
// of unavailable → ErrNodeUnavailable; others (the Screener's) pass unchanged.
func nodeError(err, notFound error, unavailable ...error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, notFound) {
		return fmt.Errorf("%w: %w", server.ErrTxNotFound, err)
	}
	for _, u := range unavailable {
		if u != nil && errors.Is(err, u) {
			return fmt.Errorf("%w: %w", server.ErrNodeUnavailable, err)
		}
	}
	return err
}
