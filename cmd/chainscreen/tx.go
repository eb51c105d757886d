package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"
	"github.com/spf13/cobra"

	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
	"github.com/chainscreen/chainscreen/screen/bitcoin/btcrpc"
	"github.com/chainscreen/chainscreen/screen/ethereum"
)

// prevoutJSON is one entry of a --prevouts file.
type prevoutJSON struct {
	TxID      string `json:"txid"`
	Vout      uint32 `json:"vout"`
	ScriptHex string `json:"script_hex"`
}

// rpcFlags are the node flags of tx and block.
type rpcFlags struct {
	url, esplora, cookie, cert, network string
	timeout                             time.Duration
}

func addRPCFlags(cmd *cobra.Command, f *rpcFlags) {
	cmd.Flags().StringVar(&f.url, "rpc", "", "bitcoin node JSON-RPC URL http(s)://[user:password@]host:port (bitcoind or btcd): screen by txid, height or hash")
	cmd.Flags().StringVar(&f.esplora, "esplora", "", "Esplora REST base URL (e.g. https://blockstream.info/api), instead of --rpc")
	cmd.Flags().StringVar(&f.cookie, "rpc-cookie", "", "bitcoind cookie file with the RPC credentials (DATADIR/.cookie)")
	cmd.Flags().StringVar(&f.cert, "rpc-cert", "", "PEM certificate to trust for an https:// node (btcd's self-signed rpc.cert)")
	cmd.Flags().DurationVar(&f.timeout, "rpc-timeout", btcrpc.DefaultTimeout, "deadline of each call to the node")
	cmd.Flags().StringVar(&f.network, "network", "mainnet", "bitcoin network: mainnet, testnet3, signet, regtest or simnet (checked against the node's genesis block)")
}

// set reports whether a node (--rpc or --esplora) was given.
func (f *rpcFlags) set() bool { return f.url != "" || f.esplora != "" }

// dial connects to the --rpc node or the --esplora server and checks its network.
func (f *rpcFlags) dial(cmd *cobra.Command, a *app, params *chaincfg.Params) (bitcoin.Source, error) {
	if f.url != "" && f.esplora != "" {
		return nil, withCode(exitInvalid, errors.New("--rpc and --esplora: give one"))
	}
	opts := []btcrpc.Option{btcrpc.WithNetwork(params), btcrpc.WithRootCAFile(f.cert),
		btcrpc.WithTimeout(f.timeout), btcrpc.WithLogger(a.logger)}
	var src bitcoin.Source
	var err error
	if f.esplora != "" {
		src, err = btcrpc.DialEsplora(cmd.Context(), f.esplora, opts...)
	} else {
		src, err = btcrpc.Dial(cmd.Context(), f.url, append(opts, btcrpc.WithCookieFile(f.cookie))...)
	}
	if err != nil {
		return nil, withCode(screenErrCode(err), err)
	}
	return src, nil
}

func newTxCmd(a *app) *cobra.Command {
	var chainName, prevoutsFile string
	var rf rpcFlags
	var format string
	cmd := &cobra.Command{
		Use:   "tx --chain bitcoin|ethereum [--rpc URL] [--prevouts FILE] TXID|HEX|FILE|-",
		Short: "Screen a transaction: by txid through a node, or its raw bytes",
		Long: `Screen a transaction.

With --rpc URL (bitcoin): the argument is a txid; the transaction and the previous
output of every input are fetched from the node (bitcoind: getrawtransaction
verbosity 2; btcd: the parent transactions, with --txindex), so every input is
screened by the address its previous output pays, P2PK and taproot key-path spends
included. URL is http(s)://[user:password@]host:port; --rpc-cookie FILE reads
bitcoind's cookie instead. --network names the network the node must serve (its
genesis block hash is checked). Credentials are never shown in errors or logs.
--esplora URL (an Esplora REST base URL, e.g. https://blockstream.info/api) can
replace --rpc.

With --rpc URL (ethereum): the argument is a 0x transaction hash; the transaction,
its receipt (every ERC-20/721/1155 Transfer and Approval log) and, where the node
offers debug_traceTransaction, its call tree (internal value transfers, CREATE and
CREATE2, SELFDESTRUCT) are fetched. A node without tracing gives UNSCREENED_INPUT
("no call traces"), exit 2 without a hit. --network names the chain (mainnet,
sepolia, holesky, hoodi, dev or a chain id), checked against eth_chainId.

Without --rpc the argument is the raw transaction: hex, a FILE holding raw bytes or
hex, or "-" to read hex from stdin.

bitcoin: the wire serialisation (with or without witness). Every output and every
input is screened; an input whose address cannot be derived from its scriptSig and
witness (P2PK, bare multisig, taproot key path, coinbase) is listed as unscreened and
flagged UNSCREENED_INPUT unless its previous output is known: through --rpc, or given
with --prevouts FILE, a JSON array of the outputs the transaction spends:

  [{"txid": "<hex txid>", "vout": 0, "script_hex": "<hex pkScript>"}, ...]

ethereum: the signed transaction as eth_sendRawTransaction takes it (legacy or typed,
blob transactions with or without sidecar). Sender, recipient (or created contract),
ERC-20 transfer/transferFrom/approve parties and EIP-7702 authorities and delegates
are screened.

Output: JSON (hits with txid, role, index, listed_value, entity; flags; unscreened).
Exit codes: 0 clear, 1 at least one sanctions hit, 2 invalid input, a transaction the
node does not know, or an input other than the coinbase that could not be screened,
3 list or node unavailable (unreachable, timed out, wrong network): nothing is
reported clean.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutputFormat(format); err != nil {
				return err
			}
			var isBitcoin bool
			switch strings.ToLower(chainName) { // before any list is loaded or downloaded
			case "bitcoin", "btc":
				isBitcoin = true
			case "ethereum", "eth", "evm":
				if prevoutsFile != "" {
					return withCode(exitInvalid, errors.New("--prevouts is for bitcoin transactions"))
				}
				if rf.set() {
					return runEthereumTx(cmd, a, &rf, args[0])
				}
			default:
				return withCode(exitInvalid, fmt.Errorf("--chain %q: want bitcoin or ethereum", chainName))
			}
			params, err := bitcoinNetwork(rf.network)
			if err != nil {
				return withCode(exitInvalid, err)
			}
			opts := []bitcoin.Option{bitcoin.WithNetwork(params)}
			if prevoutsFile != "" {
				p, err := readPrevouts(prevoutsFile)
				if err != nil {
					return withCode(exitInvalid, err)
				}
				opts = append(opts, bitcoin.WithPrevouts(p))
			}
			var res screen.TxResult
			if rf.set() {
				txid, err := parseHash(args[0], "txid")
				if err != nil {
					return withCode(exitInvalid, err)
				}
				c, err := rf.dial(cmd, a, params)
				if err != nil {
					return err
				}
				s, err := a.screener(cmd.Context())
				if err != nil {
					return err
				}
				res, err = bitcoin.ScreenTxID(cmd.Context(), s, c, txid, opts...)
				if err != nil {
					return withCode(screenErrCode(err), err)
				}
			} else {
				raw, err := readTxArg(a, args[0])
				if err != nil {
					return withCode(exitInvalid, err)
				}
				s, err := a.screener(cmd.Context())
				if err != nil {
					return err
				}
				if isBitcoin {
					res, err = bitcoin.ScreenTx(cmd.Context(), s, raw, opts...)
				} else {
					res, err = ethereum.ScreenTx(cmd.Context(), s, raw)
				}
				if err != nil {
					if looksLikeTxid(args[0]) {
						err = fmt.Errorf("%w (a txid? screen it through a node with --rpc URL)", err)
					}
					return withCode(screenErrCode(err), err)
				}
			}
			if err := writeTxOutput(a.stdout, format, res); err != nil {
				return err
			}
			return txExit(res.Sanctioned(), res.Incomplete())
		},
	}
	addListFlags(cmd, a)
	addAgeFlags(cmd, a)
	addRPCFlags(cmd, &rf)
	addOutputFormatFlag(cmd, &format)
	cmd.Flags().StringVar(&chainName, "chain", "", "bitcoin or ethereum (required)")
	cmd.Flags().StringVar(&prevoutsFile, "prevouts", "", "JSON file with the previous outputs a bitcoin transaction spends")
	_ = cmd.MarkFlagRequired("chain")
	return cmd
}

func newBlockCmd(a *app) *cobra.Command {
	var chainName string
	var all bool
	var rf rpcFlags
	var format string
	cmd := &cobra.Command{
		Use:   "block [--chain bitcoin] [--rpc URL] HEIGHT|HASH|FILE|-",
		Short: "Screen a Bitcoin block: by height or hash through a node, or its raw bytes",
		Long: `Screen every transaction of a Bitcoin block.

With --rpc URL (or --esplora URL) the argument is a block height or hash; the block and the previous
outputs of its inputs are fetched from the node (see "tx --help" for URL, --rpc-cookie
and --network), so every input is screened.

Without --rpc, FILE holds the block in wire format (as in Bitcoin Core's blk files,
without the magic and length prefix) or as hex text; "-" reads stdin. Previous
outputs found in the same block are used for the inputs that spend them.

Output: JSON with the block hash, "txs" (the number of transactions), flags, hits
(txid, role, index, listed_value, entity), the number of unscreened inputs, and the
results of the transactions that have a hit or a flag (--all: every transaction).
Exit codes: 0 clear, 1 at least one sanctions hit, 2 invalid input, a block the node
does not have, or an input other than the coinbase that could not be screened, 3 list
or node unavailable: nothing is reported clean.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutputFormat(format); err != nil {
				return err
			}
			var res screen.BlockResult
			var params *chaincfg.Params
			var err error
			switch strings.ToLower(chainName) {
			case "bitcoin", "btc":
				params, err = bitcoinNetwork(rf.network)
				if err != nil {
					return withCode(exitInvalid, err)
				}
			case "ethereum", "eth", "evm":
				if !rf.set() {
					return withCode(exitInvalid, errors.New("--chain ethereum: blocks are screened through a node: --rpc URL"))
				}
				res, err = screenEthereumBlock(cmd, a, &rf, args[0])
				if err != nil {
					return err
				}
			default:
				return withCode(exitInvalid, fmt.Errorf("--chain %q: want bitcoin or ethereum", chainName))
			}
			if params == nil {
				// ethereum: screened above
			} else if rf.set() {
				height, hash, err := parseBlockID(args[0])
				if err != nil {
					return withCode(exitInvalid, err)
				}
				c, err := rf.dial(cmd, a, params)
				if err != nil {
					return err
				}
				s, err := a.screener(cmd.Context())
				if err != nil {
					return err
				}
				if height >= 0 {
					res, err = bitcoin.ScreenBlockHeight(cmd.Context(), s, c, height, bitcoin.WithNetwork(params))
				} else {
					res, err = bitcoin.ScreenBlockHash(cmd.Context(), s, c, hash, bitcoin.WithNetwork(params))
				}
				if err != nil {
					return withCode(screenErrCode(err), err)
				}
			} else {
				raw, err := readBlockArg(a, args[0])
				if err != nil {
					return withCode(exitInvalid, err)
				}
				s, err := a.screener(cmd.Context())
				if err != nil {
					return err
				}
				res, err = bitcoin.ScreenBlock(cmd.Context(), s, raw, bitcoin.WithNetwork(params))
				if err != nil {
					return withCode(screenErrCode(err), err)
				}
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
			if err := writeBlockOutput(a.stdout, format, res); err != nil {
				return err
			}
			return txExit(res.Sanctioned(), incomplete)
		},
	}
	addListFlags(cmd, a)
	addAgeFlags(cmd, a)
	addRPCFlags(cmd, &rf)
	addOutputFormatFlag(cmd, &format)
	cmd.Flags().StringVar(&chainName, "chain", "bitcoin", "bitcoin or ethereum (ethereum: through --rpc)")
	cmd.Flags().BoolVar(&all, "all", false, "include the result of every transaction, not only those with hits or flags")
	return cmd
}

// parseHash parses a 64-hex-digit txid or block hash.
func parseHash(s, what string) (chainhash.Hash, error) {
	s = strings.TrimSpace(s)
	h, err := chainhash.NewHashFromStr(s)
	if err != nil || len(s) != 64 || !isHexText([]byte(s)) {
		return chainhash.Hash{}, fmt.Errorf("%s %q: want 64 hex digits", what, cutArg(s))
	}
	return *h, nil
}

// parseBlockID parses a block height (decimal) or hash; height is -1 for a hash.
func parseBlockID(s string) (int64, chainhash.Hash, error) {
	s = strings.TrimSpace(s)
	if len(s) > 0 && len(s) <= 10 && strings.Trim(s, "0123456789") == "" {
		h, err := strconv.ParseInt(s, 10, 64)
		if err == nil {
			return h, chainhash.Hash{}, nil
		}
	}
	hash, err := parseHash(s, "block")
	if err != nil {
		return 0, chainhash.Hash{}, fmt.Errorf("block %q: want a height or a 64-hex-digit hash", cutArg(s))
	}
	return -1, hash, nil
}

func looksLikeTxid(s string) bool {
	s = strings.TrimSpace(s)
	return len(s) == 64 && isHexText([]byte(s))
}

func cutArg(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// txExit is the exit code of tx and block: 1 for a hit; 2 when something other than a
// coinbase input could not be screened (the answer is not "all clear": pass --prevouts);
// else 0.
func txExit(hit, incomplete bool) error {
	switch {
	case hit:
		return withCode(exitHit, nil)
	case incomplete:
		return withCode(exitInvalid, errors.New("some inputs could not be screened (UNSCREENED_INPUT): screen through a node with --rpc, or pass their previous outputs with --prevouts"))
	}
	return nil
}

// screenErrCode maps a screening error to an exit code.
func screenErrCode(err error) int {
	switch {
	case errors.Is(err, screen.ErrInvalidTx), errors.Is(err, screen.ErrInvalidBlock), errors.Is(err, screen.ErrInvalidReceipt),
		errors.Is(err, bitcoin.ErrNotFound), errors.Is(err, ethereum.ErrNotFound):
		return exitInvalid
	}
	// The list or the node is unavailable, the node serves another network or answered
	// nonsense: nothing was screened.
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
	case "simnet":
		return &chaincfg.SimNetParams, nil
	}
	return nil, fmt.Errorf("--network %q: want mainnet, testnet3, signet, regtest or simnet", name)
}

// readTxArg reads a raw transaction argument: "-" is hex on stdin; the path of an
// existing file is its raw bytes or hex text; anything else is hex.
func readTxArg(a *app, arg string) ([]byte, error) {
	if arg != "-" {
		if st, err := os.Stat(arg); err == nil && !st.IsDir() {
			f, err := os.Open(arg)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			b, err := io.ReadAll(io.LimitReader(f, 2*ethereum.MaxTxSize+16))
			if err != nil {
				return nil, err
			}
			if t := bytes.TrimSpace(b); len(t) > 0 && isHexText(bytes.TrimPrefix(bytes.TrimPrefix(t, []byte("0x")), []byte("0X"))) {
				return decodeHex(string(t))
			}
			if len(b) == 0 {
				return nil, fmt.Errorf("%s is empty", arg)
			}
			return b, nil
		}
	}
	return readHexArg(a, arg)
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
