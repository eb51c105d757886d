package screen

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
)

// Size limits for Ethereum input.
const (
	// MaxEthereumTxSize is the largest raw transaction accepted: 4 MiB, enough for the
	// network form of a blob transaction with 21 blobs and their cell proofs (about
	// 2.9 MB); a transaction without blobs is far smaller (the mempool limit is 128 KiB).
	MaxEthereumTxSize = 4 << 20
	// MaxEthereumReceiptSize is the largest receipt JSON accepted (16 MiB).
	MaxEthereumReceiptSize = 16 << 20
)

// RoleTokenSender is the token holder named by ERC-20 transferFrom(from, to, amount):
// the account the tokens leave (the transaction's sender is then the spender acting
// on an allowance). It mirrors RoleTokenRecipient.
const RoleTokenSender Role = "token_sender"

// ERC-20 function selectors and the Transfer event topic.
var (
	selTransfer     = [4]byte{0xa9, 0x05, 0x9c, 0xbb} // transfer(address,uint256)
	selTransferFrom = [4]byte{0x23, 0xb8, 0x72, 0xdd} // transferFrom(address,address,uint256)
	selApprove      = [4]byte{0x09, 0x5e, 0xa7, 0xb3} // approve(address,uint256)
	// TransferTopic is keccak256("Transfer(address,address,uint256)"), topic 0 of the
	// ERC-20 and ERC-721 Transfer events.
	TransferTopic = crypto.Keccak256Hash([]byte("Transfer(address,address,uint256)"))
)

// ScreenEthereumTx decodes a raw signed transaction (the RLP of a legacy transaction
// or the typed envelope: EIP-2930, EIP-1559, EIP-4844 with or without its blob
// sidecar, EIP-7702) and screens:
//
//   - the sender, recovered from the signature (RoleSender): pre-EIP-155 legacy
//     transactions with the Homestead rules, others with the rules of their chain id;
//   - the recipient (RoleRecipient), or for a contract creation the created address
//     CREATE(sender, nonce) (RoleContract);
//   - ERC-20 calldata, parsed strictly by selector: transfer(to, amount) →
//     to as RoleTokenRecipient; transferFrom(from, to, amount) → from as
//     RoleTokenSender and to as RoleTokenRecipient; approve(spender, amount) → spender
//     as RoleSpender. Calldata must be exactly the selector and its 32-byte words, and
//     address words must have 12 zero high bytes; otherwise a note says why and the
//     words are not read (the recipient, the token contract, is screened in any case);
//   - EIP-7702 authorisations: the authority recovered from each authorisation's
//     signature (RoleAuthority; an authorisation whose signature does not recover is
//     listed in Unscreened, not an error) and the delegate code address (RoleDelegate).
//     Hits carry the authorisation index.
//
// Undecodable input, a signature the sender cannot be recovered from, and a chain id of
// 0 in a typed transaction (or in an EIP-155 legacy one) are ErrInvalidTx; input over
// MaxEthereumTxSize is ErrInvalidTx and ErrTooLarge.
func (s *Screener) ScreenEthereumTx(ctx context.Context, raw []byte) (TxResult, error) {
	if len(raw) > MaxEthereumTxSize {
		return TxResult{}, fmt.Errorf("%w: %w: %d bytes, the limit is %d", ErrInvalidTx, ErrTooLarge, len(raw), MaxEthereumTxSize)
	}
	if err := ctx.Err(); err != nil {
		return TxResult{}, err
	}
	ix, stale, err := s.current()
	if err != nil {
		return TxResult{}, err
	}
	tx, from, err := decodeEthereumTx(raw)
	if err != nil {
		return TxResult{}, err
	}
	t := newTxScreen(ix, address.ChainEVM, stale)
	t.txid = tx.Hash().Hex()
	evm := func(a common.Address, role Role, idx int) {
		t.lookup(address.EVMKey(a), role, idx, a.Hex())
	}
	evm(from, RoleSender, -1)
	if to := tx.To(); to != nil {
		evm(*to, RoleRecipient, -1)
		screenCalldata(t, tx.Data(), evm)
	} else {
		evm(crypto.CreateAddress(from, tx.Nonce()), RoleContract, -1)
	}
	for i, auth := range tx.SetCodeAuthorizations() {
		evm(auth.Address, RoleDelegate, i)
		authority, err := auth.Authority()
		if err != nil {
			t.unscreened(UnscreenedInput{Role: RoleAuthority, Index: i,
				Reason: "authorisation signature does not recover an authority: " + err.Error()})
			continue
		}
		evm(authority, RoleAuthority, i)
	}
	return t.finish(), nil
}

// decodeEthereumTx decodes raw and recovers the sender, without panicking on any input.
func decodeEthereumTx(raw []byte) (tx *types.Transaction, from common.Address, err error) {
	defer func() {
		// go-ethereum panics on some hostile values (a zero chain id reaching a signer);
		// the checks below prevent the known ones, this guards the unknown.
		if r := recover(); r != nil {
			tx, from, err = nil, common.Address{}, fmt.Errorf("%w: ethereum: %v", ErrInvalidTx, r)
		}
	}()
	if len(raw) == 0 {
		return nil, from, fmt.Errorf("%w: ethereum: empty input", ErrInvalidTx)
	}
	tx = new(types.Transaction)
	if err := tx.UnmarshalBinary(raw); err != nil {
		return nil, from, fmt.Errorf("%w: ethereum: %v", ErrInvalidTx, err)
	}
	var signer types.Signer
	chainID := tx.ChainId()
	switch {
	case tx.Type() == types.LegacyTxType && !tx.Protected():
		signer = types.HomesteadSigner{}
	case chainID == nil || chainID.Sign() <= 0:
		return nil, from, fmt.Errorf("%w: ethereum: type %d transaction with chain id %v", ErrInvalidTx, tx.Type(), chainID)
	default:
		signer = types.LatestSignerForChainID(chainID)
	}
	from, err = types.Sender(signer, tx)
	if err != nil {
		return nil, from, fmt.Errorf("%w: ethereum: sender: %v", ErrInvalidTx, err)
	}
	return tx, from, nil
}

// screenCalldata reads the ERC-20 arguments of known selectors. It reads them as a
// token contract does: the low 20 bytes of each address word, whatever the high bytes,
// and ignoring bytes after the arguments (Solidity does both for older contracts). Any
// such irregularity is noted; calldata too short to hold the address arguments cannot be
// screened and is reported UNSCREENED_INPUT, never passed as clean.
func screenCalldata(t *txScreen, data []byte, evm func(common.Address, Role, int)) {
	if len(data) < 4 {
		return
	}
	var sel [4]byte
	copy(sel[:], data)
	var name string
	var roles []Role
	switch sel {
	case selTransfer:
		name, roles = "transfer(address,uint256)", []Role{RoleTokenRecipient}
	case selTransferFrom:
		name, roles = "transferFrom(address,address,uint256)", []Role{RoleTokenSender, RoleTokenRecipient}
	case selApprove:
		name, roles = "approve(address,uint256)", []Role{RoleSpender}
	default:
		return
	}
	need := 4 + 32*len(roles)
	if len(data) < need {
		reason := fmt.Sprintf("calldata has the %s selector but %d bytes: too short to hold the address arguments", name, len(data))
		for i, role := range roles {
			t.unscreened(UnscreenedInput{Role: role, Index: i, Reason: reason})
		}
		t.note(reason)
		return
	}
	if want := need + 32; len(data) != want {
		t.note(fmt.Sprintf("calldata has the %s selector and %d bytes, not %d: the address arguments were screened", name, len(data), want))
	}
	for i, role := range roles {
		w := data[4+32*i : 4+32*(i+1)]
		if !allZero(w[:12]) {
			t.note(fmt.Sprintf("calldata has the %s selector and argument %d has non-zero high bytes: screened as its low 20 bytes, as the token contract reads it", name, i))
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

// ScreenEthereumReceipt screens a transaction receipt in the JSON form that
// eth_getTransactionReceipt returns: its logs (see ScreenEthereumLogs) and, when set,
// the created contract (contractAddress, RoleContract). Input that is not such JSON is
// ErrInvalidReceipt; input over MaxEthereumReceiptSize is ErrInvalidReceipt and ErrTooLarge.
func (s *Screener) ScreenEthereumReceipt(ctx context.Context, receipt []byte) (TxResult, error) {
	if len(receipt) > MaxEthereumReceiptSize {
		return TxResult{}, fmt.Errorf("%w: %w: %d bytes, the limit is %d", ErrInvalidReceipt, ErrTooLarge, len(receipt), MaxEthereumReceiptSize)
	}
	var rc receiptJSON
	dec := json.NewDecoder(bytes.NewReader(receipt))
	if err := dec.Decode(&rc); err != nil {
		return TxResult{}, fmt.Errorf("%w: %v", ErrInvalidReceipt, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		// A second document after the receipt would otherwise go unscreened.
		return TxResult{}, fmt.Errorf("%w: data after the receipt object", ErrInvalidReceipt)
	}
	if rc.TxHash == nil && rc.Logs == nil {
		return TxResult{}, fmt.Errorf("%w: no transactionHash and no logs", ErrInvalidReceipt)
	}
	res, err := s.screenLogs(ctx, rc.Logs, func(t *txScreen) {
		if rc.TxHash != nil {
			t.txid = rc.TxHash.Hex()
		}
		if rc.ContractAddress != nil && *rc.ContractAddress != (common.Address{}) {
			a := *rc.ContractAddress
			t.lookup(address.EVMKey(a), RoleContract, -1, a.Hex())
		}
	})
	return res, err
}

// ScreenEthereumLogs screens event logs: every emitting contract (RoleContract, with
// the log index) and the parties of ERC-20 and ERC-721 Transfer events
// (RoleLogTransferFrom, RoleLogTransferTo, with the log index). A Transfer event is
// ERC-20 with exactly 3 topics and 32 data bytes, ERC-721 with exactly 4 topics and no
// data; the address topics must have 12 zero high bytes. Other shapes with the
// Transfer topic are noted and their parties not read. TxID is the first log's
// transaction hash.
func (s *Screener) ScreenEthereumLogs(ctx context.Context, logs []*types.Log) (TxResult, error) {
	return s.screenLogs(ctx, logs, nil)
}

func (s *Screener) screenLogs(ctx context.Context, logs []*types.Log, pre func(*txScreen)) (TxResult, error) {
	if err := ctx.Err(); err != nil {
		return TxResult{}, err
	}
	ix, stale, err := s.current()
	if err != nil {
		return TxResult{}, err
	}
	t := newTxScreen(ix, address.ChainEVM, stale)
	for _, l := range logs {
		if l != nil && l.TxHash != (common.Hash{}) {
			t.txid = l.TxHash.Hex()
			break
		}
	}
	if pre != nil {
		pre(t)
	}
	evm := func(a common.Address, role Role, idx int) {
		t.lookup(address.EVMKey(a), role, idx, a.Hex())
	}
	for pos, l := range logs {
		if l == nil {
			t.note(fmt.Sprintf("log at position %d is null", pos))
			continue
		}
		idx := int(l.Index)
		evm(l.Address, RoleContract, idx)
		if len(l.Topics) == 0 || l.Topics[0] != TransferTopic {
			continue
		}
		erc20 := len(l.Topics) == 3 && len(l.Data) == 32
		erc721 := len(l.Topics) == 4 && len(l.Data) == 0
		if !erc20 && !erc721 {
			t.note(fmt.Sprintf("log %d has the Transfer topic but %d topics and %d data bytes (neither ERC-20 nor ERC-721): parties not read",
				idx, len(l.Topics), len(l.Data)))
			continue
		}
		if !allZero(l.Topics[1][:12]) || !allZero(l.Topics[2][:12]) {
			t.note(fmt.Sprintf("log %d: Transfer topic with a non-address from/to (non-zero high bytes): parties not read", idx))
			continue
		}
		evm(common.BytesToAddress(l.Topics[1][12:]), RoleLogTransferFrom, idx)
		evm(common.BytesToAddress(l.Topics[2][12:]), RoleLogTransferTo, idx)
	}
	return t.finish(), nil
}
