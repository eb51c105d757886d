package ethereum

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/screen"
)

// Size limits for Ethereum input.
const (
	// MaxTxSize is the largest raw transaction accepted: 4 MiB, enough for the
	// network form of a blob transaction with 21 blobs and their cell proofs (about
	// 2.9 MB); a transaction without blobs is far smaller (the mempool limit is 128 KiB).
	MaxTxSize = 4 << 20
	// MaxReceiptSize is the largest receipt JSON accepted (16 MiB).
	MaxReceiptSize = 16 << 20
)

// ERC-20 function selectors and the Transfer event topic.
var (
	selTransfer     = [4]byte{0xa9, 0x05, 0x9c, 0xbb} // transfer(address,uint256)
	selTransferFrom = [4]byte{0x23, 0xb8, 0x72, 0xdd} // transferFrom(address,address,uint256)
	selApprove      = [4]byte{0x09, 0x5e, 0xa7, 0xb3} // approve(address,uint256)
	// TransferTopic is keccak256("Transfer(address,address,uint256)"), topic 0 of the
	// ERC-20 and ERC-721 Transfer events.
	TransferTopic = crypto.Keccak256Hash([]byte("Transfer(address,address,uint256)"))
	// ApprovalTopic is keccak256("Approval(address,address,uint256)"), topic 0 of the
	// ERC-20 and ERC-721 Approval events.
	ApprovalTopic = crypto.Keccak256Hash([]byte("Approval(address,address,uint256)"))
	// ApprovalForAllTopic is keccak256("ApprovalForAll(address,address,bool)") (ERC-721, ERC-1155).
	ApprovalForAllTopic = crypto.Keccak256Hash([]byte("ApprovalForAll(address,address,bool)"))
	// TransferSingleTopic is keccak256("TransferSingle(address,address,address,uint256,uint256)") (ERC-1155).
	TransferSingleTopic = crypto.Keccak256Hash([]byte("TransferSingle(address,address,address,uint256,uint256)"))
	// TransferBatchTopic is keccak256("TransferBatch(address,address,address,uint256[],uint256[])") (ERC-1155).
	TransferBatchTopic = crypto.Keccak256Hash([]byte("TransferBatch(address,address,address,uint256[],uint256[])"))
)

// ScreenTx decodes a raw signed transaction (the RLP of a legacy transaction
// or the typed envelope: EIP-2930, EIP-1559, EIP-4844 with or without its blob
// sidecar, EIP-7702) and screens:
//
//   - the sender, recovered from the signature (screen.RoleSender): pre-EIP-155 legacy
//     transactions with the Homestead rules, others with the rules of their chain id;
//   - the recipient (screen.RoleRecipient), or for a contract creation the created address
//     CREATE(sender, nonce) (screen.RoleContract);
//   - ERC-20 calldata, parsed strictly by selector: transfer(to, amount) →
//     to as screen.RoleTokenRecipient; transferFrom(from, to, amount) → from as
//     screen.RoleTokenSender and to as screen.RoleTokenRecipient; approve(spender, amount) → spender
//     as screen.RoleSpender. Calldata must be exactly the selector and its 32-byte words, and
//     address words must have 12 zero high bytes; otherwise a note says why and the
//     words are not read (the recipient, the token contract, is screened in any case);
//   - EIP-7702 authorisations: the authority recovered from each authorisation's
//     signature (screen.RoleAuthority; an authorisation whose signature does not recover is
//     listed in Unscreened, not an error) and the delegate code address (screen.RoleDelegate).
//     Hits carry the authorisation index.
//
// Undecodable input, a signature the sender cannot be recovered from, and a chain id of
// 0 in a typed transaction (or in an EIP-155 legacy one) are screen.ErrInvalidTx; input over
// MaxTxSize is screen.ErrInvalidTx and screen.ErrTooLarge. With WithReceiptSource
// and WithTraceSource the receipt's logs and the internal calls are screened too.
func ScreenTx(ctx context.Context, s *screen.Screener, raw []byte, opts ...Option) (screen.TxResult, error) {
	if len(raw) > MaxTxSize {
		return screen.TxResult{}, fmt.Errorf("%w: %w: %d bytes, the limit is %d", screen.ErrInvalidTx, screen.ErrTooLarge, len(raw), MaxTxSize)
	}
	if err := ctx.Err(); err != nil {
		return screen.TxResult{}, err
	}
	tx, from, err := decodeEthereumTx(raw)
	if err != nil {
		return screen.TxResult{}, err
	}
	return screenTx(ctx, s, tx, from, opts)
}

// ScreenTransaction screens a decoded signed transaction as ScreenTx does. The sender
// is recovered from the signature with the same rules; a signature that does not
// recover is screen.ErrInvalidTx.
func ScreenTransaction(ctx context.Context, s *screen.Screener, tx *types.Transaction, opts ...Option) (screen.TxResult, error) {
	if tx == nil {
		return screen.TxResult{}, fmt.Errorf("%w: nil transaction", screen.ErrInvalidTx)
	}
	if err := ctx.Err(); err != nil {
		return screen.TxResult{}, err
	}
	from, err := sender(tx)
	if err != nil {
		return screen.TxResult{}, err
	}
	return screenTx(ctx, s, tx, from, opts)
}

func screenTx(ctx context.Context, s *screen.Screener, tx *types.Transaction, from common.Address, opts []Option) (screen.TxResult, error) {
	snap, err := snapshot(s)
	if err != nil {
		return screen.TxResult{}, err
	}
	return screenSnap(ctx, snap, tx, from, options(opts))
}

func snapshot(s *screen.Screener) (*screen.Snapshot, error) {
	if s == nil {
		return nil, screen.ErrNoList
	}
	return s.Snapshot()
}

// evmLookup returns the lookup of one EVM address into t; it reports a hit.
func evmLookup(t *screen.TxScreen) func(a common.Address, role screen.Role, idx int) bool {
	return func(a common.Address, role screen.Role, idx int) bool {
		return t.Lookup(address.EVMKey(a), role, idx, a.Hex())
	}
}

// decodeEthereumTx decodes raw and recovers the sender, without panicking on any input.
func decodeEthereumTx(raw []byte) (tx *types.Transaction, from common.Address, err error) {
	defer func() {
		// go-ethereum panics on some hostile values (a zero chain id reaching a signer);
		// the checks below prevent the known ones, this guards the unknown.
		if r := recover(); r != nil {
			tx, from, err = nil, common.Address{}, fmt.Errorf("%w: ethereum: %v", screen.ErrInvalidTx, r)
		}
	}()
	if len(raw) == 0 {
		return nil, from, fmt.Errorf("%w: ethereum: empty input", screen.ErrInvalidTx)
	}
	tx = new(types.Transaction)
	if err := tx.UnmarshalBinary(raw); err != nil {
		return nil, from, fmt.Errorf("%w: ethereum: %v", screen.ErrInvalidTx, err)
	}
	from, err = sender(tx)
	if err != nil {
		return nil, from, err
	}
	return tx, from, nil
}

// sender recovers the sender of tx: pre-EIP-155 legacy transactions with the Homestead
// rules, others with the rules of their chain id; never panics.
func sender(tx *types.Transaction) (from common.Address, err error) {
	defer func() {
		if r := recover(); r != nil {
			from, err = common.Address{}, fmt.Errorf("%w: ethereum: %v", screen.ErrInvalidTx, r)
		}
	}()
	var signer types.Signer
	chainID := tx.ChainId()
	switch {
	case tx.Type() == types.LegacyTxType && !tx.Protected():
		signer = types.HomesteadSigner{}
	case chainID == nil || chainID.Sign() <= 0:
		return from, fmt.Errorf("%w: ethereum: type %d transaction with chain id %v", screen.ErrInvalidTx, tx.Type(), chainID)
	default:
		signer = types.LatestSignerForChainID(chainID)
	}
	from, err = types.Sender(signer, tx)
	if err != nil {
		return from, fmt.Errorf("%w: ethereum: sender: %v", screen.ErrInvalidTx, err)
	}
	return from, nil
}

// screenCalldata reads the ERC-20 arguments of known selectors. It reads them as a
// token contract does: the low 20 bytes of each address word, whatever the high bytes,
// and ignoring bytes after the arguments (Solidity does both for older contracts). Any
// such irregularity is noted; calldata too short to hold the address arguments cannot be
// screened and is reported UNSCREENED_INPUT, never passed as clean.
func screenCalldata(t *screen.TxScreen, data []byte, evm func(common.Address, screen.Role, int) bool) {
	if len(data) < 4 {
		return
	}
	var sel [4]byte
	copy(sel[:], data)
	var name string
	var roles []screen.Role
	switch sel {
	case selTransfer:
		name, roles = "transfer(address,uint256)", []screen.Role{screen.RoleTokenRecipient}
	case selTransferFrom:
		name, roles = "transferFrom(address,address,uint256)", []screen.Role{screen.RoleTokenSender, screen.RoleTokenRecipient}
	case selApprove:
		name, roles = "approve(address,uint256)", []screen.Role{screen.RoleSpender}
	default:
		return
	}
	need := 4 + 32*len(roles)
	if len(data) < need {
		reason := fmt.Sprintf("calldata has the %s selector but %d bytes: too short to hold the address arguments", name, len(data))
		for i, role := range roles {
			t.Unscreened(screen.UnscreenedInput{Role: role, Index: i, Reason: reason})
		}
		t.Note(reason)
		return
	}
	if want := need + 32; len(data) != want {
		t.Note(fmt.Sprintf("calldata has the %s selector and %d bytes, not %d: the address arguments were screened", name, len(data), want))
	}
	for i, role := range roles {
		w := data[4+32*i : 4+32*(i+1)]
		if !allZero(w[:12]) {
			t.Note(fmt.Sprintf("calldata has the %s selector and argument %d has non-zero high bytes: screened as its low 20 bytes, as the token contract reads it", name, i))
		}
		evm(common.BytesToAddress(w[12:]), role, -1)
	}
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// receiptJSON is the part of an eth_getTransactionReceipt result that is screened. It
// is decoded leniently (providers differ in the other fields), logs strictly.
type receiptJSON struct {
	TxHash          *common.Hash    `json:"transactionHash"`
	ContractAddress *common.Address `json:"contractAddress"`
	Logs            []*types.Log    `json:"logs"`
}

// ScreenReceiptJSON screens a transaction receipt in the JSON form that
// eth_getTransactionReceipt returns: its logs (see ScreenLogs) and, when set, the
// created contract (contractAddress, RoleContract). Input that is not such JSON is
// screen.ErrInvalidReceipt; input over MaxReceiptSize is screen.ErrInvalidReceipt and
// screen.ErrTooLarge.
func ScreenReceiptJSON(ctx context.Context, s *screen.Screener, receipt []byte) (screen.TxResult, error) {
	if len(receipt) > MaxReceiptSize {
		return screen.TxResult{}, fmt.Errorf("%w: %w: %d bytes, the limit is %d", screen.ErrInvalidReceipt, screen.ErrTooLarge, len(receipt), MaxReceiptSize)
	}
	var rc receiptJSON
	dec := json.NewDecoder(bytes.NewReader(receipt))
	if err := dec.Decode(&rc); err != nil {
		return screen.TxResult{}, fmt.Errorf("%w: %v", screen.ErrInvalidReceipt, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		// A second document after the receipt would otherwise go unscreened.
		return screen.TxResult{}, fmt.Errorf("%w: data after the receipt object", screen.ErrInvalidReceipt)
	}
	if rc.TxHash == nil && rc.Logs == nil {
		return screen.TxResult{}, fmt.Errorf("%w: no transactionHash and no logs", screen.ErrInvalidReceipt)
	}
	var contract common.Address
	if rc.ContractAddress != nil {
		contract = *rc.ContractAddress
	}
	return screenLogs(ctx, s, rc.TxHash, contract, rc.Logs)
}

// ScreenReceipt screens a decoded receipt as ScreenReceiptJSON does: its logs and the
// created contract (ContractAddress, when not zero).
func ScreenReceipt(ctx context.Context, s *screen.Screener, r *types.Receipt) (screen.TxResult, error) {
	if r == nil {
		return screen.TxResult{}, fmt.Errorf("%w: nil receipt", screen.ErrInvalidReceipt)
	}
	h := r.TxHash
	return screenLogs(ctx, s, &h, r.ContractAddress, r.Logs)
}

// ScreenLogs screens event logs: every emitting contract (RoleContract, with the log
// index) and the parties of token events, with the log index: ERC-20 and ERC-721
// Transfer (RoleLogTransferFrom, RoleLogTransferTo), Approval and ApprovalForAll
// (RoleLogApprovalOwner, RoleLogApprovalSpender), ERC-1155 TransferSingle and
// TransferBatch (RoleLogOperator, RoleLogTransferFrom, RoleLogTransferTo). Each event
// must have its standard shape (Transfer and Approval: 3 topics and 32 data bytes for
// ERC-20, 4 topics and no data for ERC-721; ApprovalForAll: 3 topics, 32 bytes;
// TransferSingle: 4 topics, 64 bytes; TransferBatch: 4 topics, at least 128 bytes) and
// its address topics 12 zero high bytes; other shapes are noted and their parties not
// read. TxID is the first log's transaction hash.
func ScreenLogs(ctx context.Context, s *screen.Screener, logs []*types.Log) (screen.TxResult, error) {
	return screenLogs(ctx, s, nil, common.Address{}, logs)
}

func screenLogs(ctx context.Context, s *screen.Screener, txHash *common.Hash, contract common.Address, logs []*types.Log) (screen.TxResult, error) {
	if err := ctx.Err(); err != nil {
		return screen.TxResult{}, err
	}
	snap, err := snapshot(s)
	if err != nil {
		return screen.TxResult{}, err
	}
	var txid string
	for _, l := range logs {
		if l != nil && l.TxHash != (common.Hash{}) {
			txid = l.TxHash.Hex()
			break
		}
	}
	if txHash != nil {
		txid = txHash.Hex()
	}
	t := snap.Tx(address.ChainEVM, txid)
	evm := evmLookup(t)
	if contract != (common.Address{}) {
		evm(contract, screen.RoleContract, -1)
	}
	screenLogsInto(t, logs, evm)
	return t.Result(), nil
}

// screenLogsInto screens logs into t.
func screenLogsInto(t *screen.TxScreen, logs []*types.Log, evm func(common.Address, screen.Role, int) bool) {
	for pos, l := range logs {
		if l == nil {
			t.Note(fmt.Sprintf("log at position %d is null", pos))
			continue
		}
		idx := int(l.Index)
		evm(l.Address, screen.RoleContract, idx)
		if len(l.Topics) == 0 {
			continue
		}
		var name string
		var roles []screen.Role // of topics 1.., in order
		var ok bool
		switch l.Topics[0] {
		case TransferTopic:
			name, roles = "Transfer", []screen.Role{screen.RoleLogTransferFrom, screen.RoleLogTransferTo}
			// ERC-20: 3 topics and the amount; ERC-721: 4 topics (the token id) and no data.
			ok = len(l.Topics) == 3 && len(l.Data) == 32 || len(l.Topics) == 4 && len(l.Data) == 0
		case ApprovalTopic:
			name, roles = "Approval", []screen.Role{RoleLogApprovalOwner, RoleLogApprovalSpender}
			ok = len(l.Topics) == 3 && len(l.Data) == 32 || len(l.Topics) == 4 && len(l.Data) == 0
		case ApprovalForAllTopic:
			name, roles = "ApprovalForAll", []screen.Role{RoleLogApprovalOwner, RoleLogApprovalSpender}
			ok = len(l.Topics) == 3 && len(l.Data) == 32
		case TransferSingleTopic:
			name, roles = "TransferSingle", []screen.Role{RoleLogOperator, screen.RoleLogTransferFrom, screen.RoleLogTransferTo}
			ok = len(l.Topics) == 4 && len(l.Data) == 64
		case TransferBatchTopic:
			name, roles = "TransferBatch", []screen.Role{RoleLogOperator, screen.RoleLogTransferFrom, screen.RoleLogTransferTo}
			// Two dynamic arrays: two offsets and two lengths at least.
			ok = len(l.Topics) == 4 && len(l.Data) >= 128 && len(l.Data)%32 == 0
		default:
			continue
		}
		if !ok {
			t.Note(fmt.Sprintf("log %d has the %s topic but %d topics and %d data bytes (no ERC-20, ERC-721 or ERC-1155 shape): parties not read",
				idx, name, len(l.Topics), len(l.Data)))
			continue
		}
		clean := true
		for i := range roles {
			clean = clean && allZero(l.Topics[1+i][:12])
		}
		if !clean {
			t.Note(fmt.Sprintf("log %d: %s topic with a non-address party (non-zero high bytes): parties not read", idx, name))
			continue
		}
		for i, role := range roles {
			evm(common.BytesToAddress(l.Topics[1+i][12:]), role, idx)
		}
	}
}
