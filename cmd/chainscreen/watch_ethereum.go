package main

import (
	"github.com/spf13/cobra"

	"github.com/chainscreen/chainscreen/monitor/watch"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
)

// watchedChain dials the --rpc node of chain ("bitcoin" or "ethereum") as a watch.Chain.
// The Ethereum client stays open for the life of the command.
func watchedChain(cmd *cobra.Command, a *app, rf *rpcFlags, chain string) (watch.Chain, error) {
	if chain == "ethereum" {
		c, err := rf.dialEthereum(cmd, a)
		if err != nil {
			return nil, err
		}
		return watch.Ethereum{Source: c}, nil
	}
	params, err := bitcoinNetwork(rf.network)
	if err != nil {
		return nil, withCode(exitInvalid, err)
	}
	src, err := rf.dial(cmd, a, params)
	if err != nil {
		return nil, err
	}
	return watch.Bitcoin{Source: src, Options: []bitcoin.Option{bitcoin.WithNetwork(params)}}, nil
}
