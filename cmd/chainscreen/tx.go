package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"
	"github.com/spf13/cobra"

	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
	"github.com/chainscreen/chainscreen/screen/ethereum"
)

// prevoutJSON is one entry of a --prevouts file.
type prevoutJSON struct {
	TxID      string `json:"txid"`
	Vout      uint32 `json:"vout"`
	ScriptHex string `json:"script_hex"`
}

func newTxCmd(a *app) *cobra.Command {
	var chainName, prevoutsFile, network string
	cmd := &cobra.Command{
		Use:   "tx --chain bitcoin|ethereum [--prevouts FILE] HEX|-",
		Short: "Screen a raw transaction",
		Long: `Screen a raw transaction given as hex (or "-" to read the hex from stdin).

bitcoin: the wire serialisation (with or without witness). Every output and every
input is screened; an input whose address cannot be derived from its scriptSig and
witness (P2PK, bare multisig, taproot key path, coinbase) is listed as unscreened and
flagged UNSCREENED_INPUT unless its previous output is given with --prevouts FILE, a
JSON array of the outputs the transaction spends:

  [{"txid": "<hex txid>", "vout": 0, "script_hex": "<hex pkScript>"}, ...]

ethereum: the signed transaction as eth_sendRawTransaction takes it (legacy or typed,
blob transactions with or without sidecar). Sender, recipient (or created contract),
ERC-20 transfer/transferFrom/approve parties and EIP-7702 authorities and delegates
are screened.

Output: JSON (hits with txid, role, index, listed_value, entity; flags; unscreened).
Exit codes: 0 clear, 1 at least one sanctions hit, 2 invalid input or an input other
than the coinbase that could not be screened, 3 list unavailable.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch strings.ToLower(chainName) { // before any list is loaded or downloaded
			case "bitcoin", "btc", "ethereum", "eth", "evm":
			default:
				return withCode(exitInvalid, fmt.Errorf("--chain %q: want bitcoin or ethereum", chainName))
			}
			raw, err := readHexArg(a, args[0])
			if err != nil {
				return withCode(exitInvalid, err)
			}
			var opts []bitcoin.Option
			params, err := bitcoinNetwork(network)
			if err != nil {
				return withCode(exitInvalid, err)
			}
			opts = append(opts, bitcoin.WithNetwork(params))
			if prevoutsFile != "" {
				p, err := readPrevouts(prevoutsFile)
				if err != nil {
					return withCode(exitInvalid, err)
				}
				opts = append(opts, bitcoin.WithPrevouts(p))
			}
			s, err := a.screener(cmd.Context())
			if err != nil {
				return err
			}
			var res screen.TxResult
			switch strings.ToLower(chainName) {
			case "bitcoin", "btc":
				res, err = bitcoin.ScreenTx(cmd.Context(), s, raw, opts...)
			case "ethereum", "eth", "evm":
				if prevoutsFile != "" {
					return withCode(exitInvalid, errors.New("--prevouts is for bitcoin transactions"))
				}
				res, err = ethereum.ScreenTx(cmd.Context(), s, raw)
			default:
				return withCode(exitInvalid, fmt.Errorf("--chain %q: want bitcoin or ethereum", chainName))
			}
			if err != nil {
				return withCode(screenErrCode(err), err)
			}
			if err := writeJSON(a.stdout, res); err != nil {
				return err
			}
			return txExit(res.Sanctioned(), res.Incomplete())
		},
	}
	addListFlags(cmd, a)
	addAgeFlags(cmd, a)
	cmd.Flags().StringVar(&chainName, "chain", "", "bitcoin or ethereum (required)")
	cmd.Flags().StringVar(&prevoutsFile, "prevouts", "", "JSON file with the previous outputs a bitcoin transaction spends")
	cmd.Flags().StringVar(&network, "network", "mainnet", "bitcoin network: mainnet, testnet3, signet or regtest")
	_ = cmd.MarkFlagRequired("chain")
	return cmd
}

func newBlockCmd(a *app) *cobra.Command {
	var network string
	var all bool
	cmd := &cobra.Command{
		Use:   "block FILE|-",
		Short: "Screen a raw Bitcoin block",
		Long: `Screen every transaction of a raw Bitcoin block: FILE holds the block in wire
format (as in Bitcoin Core's blk files, without the magic and length prefix) or as
hex text; "-" reads stdin. Previous outputs found in the same block are used for the
inputs that spend them.

Output: JSON with the block hash, "txs" (the number of transactions), flags, hits
(txid, role, index, listed_value, entity), the number of unscreened inputs, and the
results of the transactions that have a hit or a flag (--all: every transaction).
Exit codes: 0 clear, 1 at least one sanctions hit, 2 invalid input or an input other
than the coinbase that could not be screened, 3 list unavailable.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			raw, err := readBlockArg(a, args[0])
			if err != nil {
				return withCode(exitInvalid, err)
			}
			params, err := bitcoinNetwork(network)
			if err != nil {
				return withCode(exitInvalid, err)
			}
			s, err := a.screener(cmd.Context())
			if err != nil {
				return err
			}
			res, err := bitcoin.ScreenBlock(cmd.Context(), s, raw, bitcoin.WithNetwork(params))
			if err != nil {
				return withCode(screenErrCode(err), err)
			}
			incomplete := res.Incomplete() // before trimming Results
			if !all {
				kept := res.Results[:0:0]
				for _, r := range res.Results {
					if len(r.Hits) > 0 || len(r.Flags) > 0 || len(r.Notes) > 0 {
						kept = append(kept, r)
					}
				}
				res.Results = kept
			}
			if err := writeJSON(a.stdout, res); err != nil {
				return err
			}
			return txExit(res.Sanctioned(), incomplete)
		},
	}
	addListFlags(cmd, a)
	addAgeFlags(cmd, a)
	cmd.Flags().StringVar(&network, "network", "mainnet", "bitcoin network: mainnet, testnet3, signet or regtest")
	cmd.Flags().BoolVar(&all, "all", false, "include the result of every transaction, not only those with hits or flags")
	return cmd
}

// txExit is the exit code of tx and block: 1 for a hit; 2 when something other than a
// coinbase input could not be screened (the answer is not "all clear": pass --prevouts);
// else 0.
func txExit(hit, incomplete bool) error {
	switch {
	case hit:
		return withCode(exitHit, nil)
	case incomplete:
		return withCode(exitInvalid, errors.New("some inputs could not be screened (UNSCREENED_INPUT): pass their previous outputs with --prevouts"))
	}
	return nil
}

// screenErrCode maps a screening error to an exit code.
func screenErrCode(err error) int {
	switch {
	case errors.Is(err, screen.ErrInvalidTx), errors.Is(err, screen.ErrInvalidBlock), errors.Is(err, screen.ErrInvalidReceipt):
		return exitInvalid
	}
	return exitUnavailable
}

func bitcoinNetwork(name string) (*chaincfg.Params, error) {
	switch strings.ToLower(name) {
	case "", "mainnet", "main":
		return &chaincfg.MainNetParams, nil
	case "testnet3", "testnet":
		return &chaincfg.TestNet3Params, nil
	case "signet":
		return &chaincfg.SigNetParams, nil
	case "regtest":
		return &chaincfg.RegressionNetParams, nil
	}
	return nil, fmt.Errorf("--network %q: want mainnet, testnet3, signet or regtest", name)
}

// readHexArg decodes a hex argument, or hex read from stdin for "-".
func readHexArg(a *app, arg string) ([]byte, error) {
	text := arg
	if arg == "-" {
		b, err := io.ReadAll(io.LimitReader(a.stdin, 2*ethereum.MaxTxSize+16))
		if err != nil {
			return nil, err
		}
		text = string(b)
	}
	return decodeHex(text)
}

func decodeHex(text string) ([]byte, error) {
	text = strings.TrimSpace(text)
	text = strings.TrimPrefix(strings.TrimPrefix(text, "0x"), "0X")
	b, err := hex.DecodeString(text)
	if err != nil {
		return nil, fmt.Errorf("not hex: %w", err)
	}
	return b, nil
}

// readBlockArg reads a block file (raw bytes or hex text); "-" reads stdin.
func readBlockArg(a *app, arg string) ([]byte, error) {
	var r io.Reader = a.stdin
	if arg != "-" {
		f, err := os.Open(arg)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	// Hex text is twice the size of the block.
	b, err := io.ReadAll(io.LimitReader(r, 2*bitcoin.MaxBlockSize+16))
	if err != nil {
		return nil, err
	}
	if t := bytes.TrimSpace(b); len(t) > 0 && isHexText(t) {
		return decodeHex(string(t))
	}
	return b, nil
}

func isHexText(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func readPrevouts(path string) (map[wire.OutPoint][]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var entries []prevoutJSON
	if err := json.Unmarshal(b, &entries); err != nil {
		return nil, fmt.Errorf("--prevouts %s: want a JSON array of {\"txid\",\"vout\",\"script_hex\"}: %w", path, err)
	}
	out := make(map[wire.OutPoint][]byte, len(entries))
	for i, e := range entries {
		h, err := chainhash.NewHashFromStr(e.TxID)
		if err != nil || len(e.TxID) != 64 {
			return nil, fmt.Errorf("--prevouts %s: entry %d: txid %q is not 64 hex digits", path, i, e.TxID)
		}
		script, err := hex.DecodeString(e.ScriptHex)
		if err != nil {
			return nil, fmt.Errorf("--prevouts %s: entry %d: script_hex: %w", path, i, err)
		}
		out[wire.OutPoint{Hash: *h, Index: e.Vout}] = script
	}
	return out, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
