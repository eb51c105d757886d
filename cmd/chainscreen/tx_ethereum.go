package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/ethereum"
	"github.com/chainscreen/chainscreen/screen/ethereum/ethrpc"
)

// dialEthereum connects to the --rpc node as an Ethereum node; --network names the
// chain (mainnet, sepolia, holesky, hoodi, dev or a chain id), checked against the
// node's eth_chainId.
func (f *rpcFlags) dialEthereum(cmd *cobra.Command, a *app) (*ethrpc.Client, error) {
	if f.esplora != "" || f.cookie != "" || f.cert != "" {
		return nil, withCode(exitInvalid, errors.New("--esplora, --rpc-cookie and --rpc-cert are for bitcoin nodes"))
	}
	if f.url == "" {
		return nil, withCode(exitInvalid, errors.New("--rpc URL is required"))
	}
	id, err := ethrpc.ChainID(f.network)
	if err != nil {
		return nil, withCode(exitInvalid, err)
	}
	c, err := ethrpc.Dial(cmd.Context(), f.url, ethrpc.WithChainID(id), ethrpc.WithTimeout(f.timeout), ethrpc.WithLogger(a.logger))
	if err != nil {
		return nil, withCode(screenErrCode(err), err)
	}
	return c, nil
}

// parseEthHash parses a 0x-prefixed (or bare) 64-hex-digit hash.
func parseEthHash(s, what string) (common.Hash, error) {
	s = strings.TrimSpace(s)
	h := strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if len(h) != 64 || !isHexText([]byte(h)) {
		return common.Hash{}, fmt.Errorf("%s %q: want a 0x-prefixed 64-hex-digit hash", what, cutArg(s))
	}
	return common.HexToHash(h), nil
}

// runEthereumTx screens an Ethereum transaction by hash through the --rpc node.
func runEthereumTx(cmd *cobra.Command, a *app, rf *rpcFlags, arg string) error {
	hash, err := parseEthHash(arg, "transaction hash")
	if err != nil {
		return withCode(exitInvalid, err)
	}
	c, err := rf.dialEthereum(cmd, a)
	if err != nil {
		return err
	}
	defer c.Close()
	s, err := a.screener(cmd.Context())
	if err != nil {
		return err
	}
	res, err := ethereum.ScreenTxHash(cmd.Context(), s, c, hash)
	if err != nil {
		return withCode(screenErrCode(err), err)
	}
	if err := writeJSON(a.stdout, res); err != nil {
		return err
	}
	return txExit(res.Sanctioned(), res.Incomplete())
}

// screenEthereumBlock screens an Ethereum block by number or hash through the --rpc node.
func screenEthereumBlock(cmd *cobra.Command, a *app, rf *rpcFlags, arg string) (screen.BlockResult, error) {
	arg = strings.TrimSpace(arg)
	var number uint64
	var hash common.Hash
	byNumber := false
	if len(arg) > 0 && len(arg) <= 20 && strings.Trim(arg, "0123456789") == "" {
		n, err := strconv.ParseUint(arg, 10, 64)
		if err != nil {
			return screen.BlockResult{}, withCode(exitInvalid, fmt.Errorf("block %q: %v", arg, err))
		}
		number, byNumber = n, true
	} else {
		h, err := parseEthHash(arg, "block")
		if err != nil {
			return screen.BlockResult{}, withCode(exitInvalid, fmt.Errorf("block %q: want a number or a 0x-prefixed 64-hex-digit hash", cutArg(arg)))
		}
		hash = h
	}
	c, err := rf.dialEthereum(cmd, a)
	if err != nil {
		return screen.BlockResult{}, err
	}
	defer c.Close()
	s, err := a.screener(cmd.Context())
	if err != nil {
		return screen.BlockResult{}, err
	}
	var blk *ethereum.Block
	if byNumber {
		blk, err = c.BlockByNumber(cmd.Context(), number)
	} else {
		blk, err = c.BlockByHash(cmd.Context(), hash)
	}
	if err != nil {
		return screen.BlockResult{}, withCode(screenErrCode(err), err)
	}
	res, err := ethereum.ScreenBlock(cmd.Context(), s, blk)
	if err != nil {
		return screen.BlockResult{}, withCode(screenErrCode(err), err)
	}
	return res, nil
}
