package stream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/screen"
)

// Errors of DecodeItem. Test with errors.Is.
var (
	// ErrMalformed: the message is not a JSON object of a blockchain-etl item (not JSON,
	// no "type", a field of the wrong type, no transaction hash).
	ErrMalformed = errors.New("stream: malformed item")
	// ErrUnsupported: a well-formed item of a type that is not screened ("block", "log",
	// "contract", "token", ...).
	ErrUnsupported = errors.New("stream: unsupported item type")
)

// MaxItemSize bounds one message (a Bitcoin transaction item with thousands of inputs
// is a few MB).
const MaxItemSize = 16 << 20

// Item types.
const (
	TypeTransaction   = "transaction"
	TypeTokenTransfer = "token_transfer"
	TypeTrace         = "trace"
)

// Roles of the parties of traces (internal calls), as in the node-connected screening.
const (
	RoleInternalSender          screen.Role = "internal_sender"
	RoleInternalRecipient       screen.Role = "internal_recipient"
	RoleCreatedContract         screen.Role = "created_contract"
	RoleSelfdestructBeneficiary screen.Role = "selfdestruct_beneficiary"
	RoleContractCalled          screen.Role = "contract_called"
	RoleTokenSender             screen.Role = "token_sender"
)

// Party is one address an item names, in one role.
type Party struct {
	// Address is the address as the item gives it.
	Address string
	// Role is where in the item it appears.
	Role screen.Role
	// Index is the input or output index (Bitcoin), the log index (token transfers), or -1.
	Index int
}

// Item is one decoded blockchain-etl item.
type Item struct {
	// Type is "transaction", "token_transfer" or "trace".
	Type string
	// Chain is address.ChainEVM or address.ChainBitcoin.
	Chain address.Chain
	// TxHash is the transaction hash (the output record's key).
	TxHash string
	// ItemID is blockchain-etl's item_id, or one derived from the item (type, hash and
	// log index or trace address) when absent.
	ItemID string
	// BlockNumber is the block height (0 when absent).
	BlockNumber uint64
	// BlockHash is the block hash ("" when absent).
	BlockHash string
	// Parties are the addresses to screen, in item order.
	Parties []Party
	// Unscreened are the parts that name no address (a Bitcoin coinbase, an input whose
	// addresses blockchain-etl could not derive), with the reason.
	Unscreened []screen.UnscreenedInput
}

// raw is the union of the fields of the item types read.
type raw struct {
	Type        *string         `json:"type"`
	ItemID      string          `json:"item_id"`
	Hash        string          `json:"hash"`
	TxHash      string          `json:"transaction_hash"`
	BlockNumber json.RawMessage `json:"block_number"`
	BlockHash   string          `json:"block_hash"`
	// Ethereum transaction, token transfer, trace.
	From            *string         `json:"from_address"`
	To              *string         `json:"to_address"`
	Value           json.RawMessage `json:"value"`
	ContractCreated *string         `json:"receipt_contract_address"`
	TokenAddress    *string         `json:"token_address"`
	LogIndex        json.RawMessage `json:"log_index"`
	TraceType       string          `json:"trace_type"`
	TraceAddress    json.RawMessage `json:"trace_address"`
	TraceID         string          `json:"trace_id"`
	// Bitcoin transaction.
	IsCoinbase *bool   `json:"is_coinbase"`
	Inputs     []btcIO `json:"inputs"`
	Outputs    []btcIO `json:"outputs"`
}

type btcIO struct {
	Index                int             `json:"index"`
	SpentTransactionHash string          `json:"spent_transaction_hash"`
	SpentOutputIndex     json.RawMessage `json:"spent_output_index"`
	Type                 string          `json:"type"`
	Addresses            []string        `json:"addresses"`
}

// DecodeItem decodes one blockchain-etl JSON item. chain forces the chain
// (address.ChainEVM or address.ChainBitcoin); ChainUnknown detects it (a transaction
// with "inputs"/"outputs" is Bitcoin, everything else EVM).
func DecodeItem(b []byte, chain address.Chain) (Item, error) {
	if len(b) > MaxItemSize {
		return Item{}, fmt.Errorf("%w: %d bytes, over the %d-byte limit", ErrMalformed, len(b), MaxItemSize)
	}
	var r raw
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&r); err != nil {
		return Item{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if dec.More() {
		return Item{}, fmt.Errorf("%w: trailing data after the JSON object", ErrMalformed)
	}
	if r.Type == nil {
		return Item{}, fmt.Errorf("%w: no \"type\" field", ErrMalformed)
	}
	it := Item{Type: *r.Type, ItemID: r.ItemID, BlockHash: r.BlockHash}
	if len(r.BlockNumber) > 0 && string(r.BlockNumber) != "null" {
		n, err := uintOf(r.BlockNumber)
		if err != nil {
			return Item{}, fmt.Errorf("%w: block_number: %v", ErrMalformed, err)
		}
		it.BlockNumber = n
	}
	if chain == address.ChainUnknown {
		chain = address.ChainEVM
		if it.Type == TypeTransaction && (r.Inputs != nil || r.Outputs != nil || r.IsCoinbase != nil) {
			chain = address.ChainBitcoin
		}
	}
	it.Chain = chain
	var err error
	switch {
	case chain == address.ChainBitcoin && it.Type == TypeTransaction:
		err = it.bitcoinTx(&r)
	case chain == address.ChainBitcoin:
		return Item{}, fmt.Errorf("%w: %q (Bitcoin items screened: transaction)", ErrUnsupported, it.Type)
	case it.Type == TypeTransaction:
		err = it.ethTx(&r)
	case it.Type == TypeTokenTransfer:
		err = it.tokenTransfer(&r)
	case it.Type == TypeTrace:
		err = it.trace(&r)
	default:
		return Item{}, fmt.Errorf("%w: %q (screened: transaction, token_transfer, trace)", ErrUnsupported, it.Type)
	}
	if err != nil {
		return Item{}, err
	}
	if it.TxHash == "" && it.Type != TypeTrace {
		return Item{}, fmt.Errorf("%w: %s item without a transaction hash", ErrMalformed, it.Type)
	}
	return it, nil
}

func (it *Item) add(addr *string, role screen.Role, idx int) {
	if addr == nil || strings.TrimSpace(*addr) == "" {
		return
	}
	it.Parties = append(it.Parties, Party{Address: *addr, Role: role, Index: idx})
}

func (it *Item) ethTx(r *raw) error {
	it.TxHash = r.Hash
	if it.ItemID == "" {
		it.ItemID = "transaction_" + r.Hash
	}
	if r.From == nil || *r.From == "" {
		return fmt.Errorf("%w: transaction %s without from_address", ErrMalformed, r.Hash)
	}
	it.add(r.From, screen.RoleSender, -1)
	if r.To != nil && *r.To != "" {
		it.add(r.To, screen.RoleRecipient, -1)
	} else {
		it.add(r.ContractCreated, screen.RoleContract, -1)
	}
	return nil
}

func (it *Item) tokenTransfer(r *raw) error {
	it.TxHash = r.TxHash
	idx := -1
	if len(r.LogIndex) > 0 && string(r.LogIndex) != "null" {
		n, err := uintOf(r.LogIndex)
		if err != nil {
			return fmt.Errorf("%w: log_index: %v", ErrMalformed, err)
		}
		idx = int(n)
	}
	if it.ItemID == "" {
		it.ItemID = fmt.Sprintf("token_transfer_%s_%d", r.TxHash, idx)
	}
	if r.From == nil || r.To == nil {
		return fmt.Errorf("%w: token_transfer without from_address or to_address", ErrMalformed)
	}
	it.add(r.From, RoleTokenSender, idx)
	it.add(r.To, screen.RoleTokenRecipient, idx)
	it.add(r.TokenAddress, screen.RoleContract, idx)
	return nil
}

func (it *Item) trace(r *raw) error {
	it.TxHash = r.TxHash
	if it.ItemID == "" {
		id := r.TraceID
		if id == "" {
			id = r.TxHash + "_" + strings.Trim(string(r.TraceAddress), "[]")
		}
		it.ItemID = "trace_" + id
	}
	value, err := bigOf(r.Value)
	if err != nil {
		return fmt.Errorf("%w: value: %v", ErrMalformed, err)
	}
	switch r.TraceType {
	case "call", "":
		it.add(r.From, RoleInternalSender, -1)
		if value.Sign() > 0 {
			it.add(r.To, RoleInternalRecipient, -1)
		} else {
			it.add(r.To, RoleContractCalled, -1)
		}
	case "create", "create2":
		it.add(r.From, RoleInternalSender, -1)
		it.add(r.To, RoleCreatedContract, -1)
	case "suicide", "selfdestruct":
		it.add(r.From, RoleInternalSender, -1)
		it.add(r.To, RoleSelfdestructBeneficiary, -1)
	case "reward", "genesis":
		it.add(r.To, screen.RoleRecipient, -1)
	default:
		return fmt.Errorf("%w: trace_type %q", ErrMalformed, r.TraceType)
	}
	if it.TxHash == "" {
		// Block rewards have no transaction: key them by block.
		it.TxHash = "block_" + strconv.FormatUint(it.BlockNumber, 10)
	}
	return nil
}

func (it *Item) bitcoinTx(r *raw) error {
	it.TxHash = r.Hash
	if it.ItemID == "" {
		it.ItemID = "transaction_" + r.Hash
	}
	coinbase := r.IsCoinbase != nil && *r.IsCoinbase
	for i, in := range r.Inputs {
		if len(in.Addresses) == 0 {
			reason := "blockchain-etl gives no address for this input"
			if in.Type != "" {
				reason += " (type " + in.Type + ")"
			}
			it.Unscreened = append(it.Unscreened, screen.UnscreenedInput{Role: screen.RoleInput, Index: i,
				Outpoint: in.SpentTransactionHash + ":" + strings.Trim(string(in.SpentOutputIndex), `"`),
				Reason:   reason, Coinbase: coinbase && in.SpentTransactionHash == ""})
			continue
		}
		for _, a := range in.Addresses {
			a := a
			it.add(&a, screen.RoleInput, i)
		}
	}
	if coinbase && len(r.Inputs) == 0 {
		it.Unscreened = append(it.Unscreened, screen.UnscreenedInput{Role: screen.RoleInput, Index: 0,
			Reason: "coinbase", Coinbase: true})
	}
	for j, out := range r.Outputs {
		for _, a := range out.Addresses {
			if strings.HasPrefix(a, "nonstandard") {
				// blockchain-etl's synthetic name of a script that pays no address.
				continue
			}
			a := a
			it.add(&a, screen.RoleOutput, j)
		}
	}
	return nil
}

// uintOf reads a JSON number or a decimal or 0x-hex string.
func uintOf(b json.RawMessage) (uint64, error) {
	s := strings.Trim(string(b), `"`)
	if strings.HasPrefix(s, "0x") {
		return strconv.ParseUint(s[2:], 16, 64)
	}
	return strconv.ParseUint(s, 10, 64)
}

// bigOf reads a value: a JSON number (blockchain-etl writes wei as integers that exceed
// 64 bits), a decimal or 0x-hex string, or null (zero).
func bigOf(b json.RawMessage) (*big.Int, error) {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		return new(big.Int), nil
	}
	v, ok := new(big.Int).SetString(s, 0)
	if !ok {
		return nil, fmt.Errorf("not an integer: %q", truncate(s, 40))
	}
	return v, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
