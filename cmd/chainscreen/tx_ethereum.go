package main

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/ethereum/ethrpc"
)

// ethereumChainID maps --network to the chain id an Ethereum node must have: a name
// (mainnet, sepolia, holesky, hoodi), a decimal chain id, or "any" (no check).
func ethereumChainID(name string) (*big.Int, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "mainnet", "main":
		return big.NewInt(1), nil
	case "sepolia":
		return big.NewInt(11155111), nil
	case "holesky":
		return big.NewInt(17000), nil
	case "hoodi":
		return big.NewInt(560048), nil
	case "any":
		return nil, nil
	}
	if n, err := strconv.ParseUint(name, 10, 64); err == nil && n > 0 {
		return new(big.Int).SetUint64(n), nil
	}
	return nil, fmt.Errorf("--network %q: for ethereum want mainnet, sepolia, holesky, hoodi, a chain id or any", name)
}

// dialEthereum connects to the --rpc Ethereum node and checks its chain id.
func (f *rpcFlags) dialEthereum(cmd *cobra.Command) (*ethrpc.Client, error) {
	if f.esplora != "" || f.cookie != "" || f.cert != "" {
		return nil, withCode(exitInvalid, errors.New("--esplora, --rpc-cookie and --rpc-cert are for bitcoin nodes"))
	}
	id, err := ethereumChainID(f.network)
	if err != nil {
		return nil, withCode(exitInvalid, err)
	}
	c, err := ethrpc.Dial(cmd.Context(), f.url, ethrpc.WithChainID(id), ethrpc.WithTimeout(f.timeout))
	if err != nil {
		return nil, withCode(ethErrCode(err), err)
	}
	return c, nil
}

// ethErrCode is the exit code of an Ethereum node error: a transaction or block the node
// does not know is 2 (like invalid input); a node down, on another chain or answering
// nonsense is 3 (nothing was screened).
func ethErrCode(err error) int {
	if errors.Is(err, ethrpc.ErrNotFound) {
		return exitInvalid
	}
	return screenErrCode(err)
}

// parseEthHash parses a 0x-prefixed 32-byte transaction hash.
func parseEthHash(s string) (common.Hash, error) {
	s = strings.TrimSpace(s)
	if len(s) != 66 || !strings.HasPrefix(s, "0x") || !isHexText([]byte(s[2:])) {
		return common.Hash{}, fmt.Errorf("transaction hash %q: want 0x and 64 hex digits", cutArg(s))
	}
	return common.HexToHash(s), nil
}

// ethereumTxByHash screens an Ethereum transaction by hash through the --rpc node.
func ethereumTxByHash(cmd *cobra.Command, a *app, f *rpcFlags, arg string) (screen.TxResult, error) {
	h, err := parseEthHash(arg)
	if err != nil {
		return screen.TxResult{}, withCode(exitInvalid, err)
	}
	c, err := f.dialEthereum(cmd)
	if err != nil {
		return screen.TxResult{}, err
	}
	defer c.Close()
	s, err := a.screener(cmd.Context())
	if err != nil {
		return screen.TxResult{}, err
	}
	res, err := c.ScreenTx(cmd.Context(), s, h)
	if err != nil {
		return screen.TxResult{}, withCode(ethErrCode(err), err)
	}
	return res, nil
}

// ethereumBlock screens an Ethereum block by number, hash or "latest" through the --rpc node.
func ethereumBlock(cmd *cobra.Command, a *app, f *rpcFlags, arg string) (screen.BlockResult, error) {
	ref, err := ethrpc.ParseBlockRef(arg)
	if err != nil {
		return screen.BlockResult{}, withCode(exitInvalid, err)
	}
	c, err := f.dialEthereum(cmd)
	if err != nil {
		return screen.BlockResult{}, err
	}
	defer c.Close()
	s, err := a.screener(cmd.Context())
	if err != nil {
		return screen.BlockResult{}, err
	}
	res, _, err := c.ScreenBlock(cmd.Context(), s, ref)
	if err != nil {
		return screen.BlockResult{}, withCode(ethErrCode(err), err)
	}
	return res, nil
}
