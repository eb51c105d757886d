package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/spf13/cobra"

	"github.com/chainscreen/chainscreen/screen/bitcoin"
	"github.com/chainscreen/chainscreen/screen/bitcoin/btcrpc"
	"github.com/chainscreen/chainscreen/screen/ethereum/ethrpc"
	"github.com/chainscreen/chainscreen/server"
)

// serveNodes are the node flags of serve: POST /v1/transactions with a txid is
// screened through them.
type serveNodes struct {
	rf       rpcFlags
	rpcChain string
	ethRPC   string
	ethNet   string
}

func addServeNodeFlags(cmd *cobra.Command, n *serveNodes) {
	addRPCFlags(cmd, &n.rf)
	f := cmd.Flags()
	f.StringVar(&n.rpcChain, "rpc-chain", "bitcoin", "chain of the --rpc node: bitcoin or ethereum")
	f.StringVar(&n.ethRPC, "eth-rpc", "", "ethereum node JSON-RPC URL (beside a bitcoin --rpc or --esplora)")
	f.StringVar(&n.ethNet, "eth-network", "mainnet", "ethereum chain of --eth-rpc (or of --rpc with --rpc-chain ethereum): mainnet, sepolia, holesky, hoodi, dev or a chain id")
}

// dialServeNodes connects to the nodes given and returns the server options that
// enable POST /v1/transactions by txid. A node that cannot be reached at start is an
// exit-3 error.
func (a *app) dialServeNodes(ctx context.Context, n serveNodes) ([]server.Option, error) {
	var opts []server.Option
	ethURL := n.ethRPC
	btcRPC := n.rf.url
	switch strings.ToLower(n.rpcChain) {
	case "bitcoin", "btc":
	case "ethereum", "eth":
		if ethURL != "" && btcRPC != "" {
			return nil, withCode(exitInvalid, errors.New("--rpc-chain ethereum with --eth-rpc: give one ethereum node"))
		}
		if btcRPC != "" {
			ethURL, btcRPC = btcRPC, ""
		}
	default:
		return nil, withCode(exitInvalid, fmt.Errorf("--rpc-chain %q: want bitcoin or ethereum", n.rpcChain))
	}
	if btcRPC != "" || n.rf.esplora != "" {
		params, err := bitcoinNetwork(n.rf.network)
		if err != nil {
			return nil, withCode(exitInvalid, err)
		}
		src, err := dialBitcoinNode(ctx, a, n.rf, btcRPC, params)
		if err != nil {
			return nil, err
		}
		opts = append(opts, server.WithBitcoinNode(src, bitcoin.WithNetwork(params)))
	}
	if ethURL != "" {
		id, err := ethrpc.ChainID(n.ethNet)
		if err != nil {
			return nil, withCode(exitInvalid, err)
		}
		c, err := ethrpc.Dial(ctx, ethURL, ethrpc.WithChainID(id), ethrpc.WithTimeout(n.rf.timeout), ethrpc.WithLogger(a.logger))
		if err != nil {
			return nil, withCode(exitUnavailable, err)
		}
		opts = append(opts, server.WithEthereumNode(c))
	}
	return opts, nil
}

func dialBitcoinNode(ctx context.Context, a *app, rf rpcFlags, url string, params *chaincfg.Params) (bitcoin.Source, error) {
	if url != "" && rf.esplora != "" {
		return nil, withCode(exitInvalid, errors.New("--rpc and --esplora: give one bitcoin node"))
	}
	opts := []btcrpc.Option{btcrpc.WithNetwork(params), btcrpc.WithRootCAFile(rf.cert),
		btcrpc.WithTimeout(rf.timeout), btcrpc.WithLogger(a.logger)}
	var src bitcoin.Source
	var err error
	if rf.esplora != "" {
		src, err = btcrpc.DialEsplora(ctx, rf.esplora, opts...)
	} else {
		src, err = btcrpc.Dial(ctx, url, append(opts, btcrpc.WithCookieFile(rf.cookie))...)
	}
	if err != nil {
		return nil, withCode(exitUnavailable, err)
	}
	return src, nil
}
