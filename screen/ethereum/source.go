package ethereum

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainscreen/chainscreen/screen"
)

// Roles of the parties of internal calls (see TraceSource).
const (
	// RoleInternalRecipient receives value in an internal call (a CALL with value, the
	// value of a CREATE, a SELFDESTRUCT's balance).
	RoleInternalRecipient screen.Role = "internal_recipient"
	// RoleInternalSender sends value in an internal call.
	RoleInternalSender screen.Role = "internal_sender"
	// RoleCreatedContract is a contract created by CREATE or CREATE2 inside the transaction.
	RoleCreatedContract screen.Role = "created_contract"
	// RoleSelfdestructBeneficiary receives the balance of a SELFDESTRUCT.
	RoleSelfdestructBeneficiary screen.Role = "selfdestruct_beneficiary"
	// RoleContractCalled is a contract called inside the transaction without value
	// moving to it (a CALL without value, STATICCALL, DELEGATECALL, CALLCODE).
	RoleContractCalled screen.Role = "contract_called"
)

// Roles of the parties of approval and ERC-1155 events in a receipt's logs.
const (
	// RoleLogApprovalOwner is the owner of an ERC-20/ERC-721 Approval or an
	// ApprovalForAll event.
	RoleLogApprovalOwner screen.Role = "log_approval_owner"
	// RoleLogApprovalSpender is the approved spender or operator of an Approval or
	// ApprovalForAll event.
	RoleLogApprovalSpender screen.Role = "log_approval_spender"
	// RoleLogOperator is the operator of an ERC-1155 TransferSingle or TransferBatch event.
	RoleLogOperator screen.Role = "log_operator"
)

// ErrNoTraces is what a TraceSource returns when the node does not trace calls
// (debug_traceTransaction is missing or the callTracer is not available). The
// transaction is then reported UNSCREENED_INPUT ("no call traces"), never complete.
var ErrNoTraces = errors.New("ethereum: no call traces")

// ReceiptSource gives transaction receipts by transaction hash. *ethclient.Client
// implements it.
type ReceiptSource interface {
	TransactionReceipt(ctx context.Context, txHash common.Hash) (*types.Receipt, error)
}

// TraceSource gives the call tree of a transaction, as debug_traceTransaction with the
// callTracer returns it. A node that cannot trace returns an error wrapping ErrNoTraces.
type TraceSource interface {
	CallTrace(ctx context.Context, txHash common.Hash) (*CallFrame, error)
}

// CallFrame is one call of a transaction's call tree (the callTracer's frame).
type CallFrame struct {
	// Type is the call type: CALL, STATICCALL, DELEGATECALL, CALLCODE, CREATE,
	// CREATE2, SELFDESTRUCT.
	Type string `json:"type"`
	// From is the caller.
	From common.Address `json:"from"`
	// To is the callee, the created contract (CREATE, CREATE2) or the beneficiary
	// (SELFDESTRUCT). Nil for a creation that failed.
	To *common.Address `json:"to,omitempty"`
	// Value is the value sent, in wei (nil or zero: none).
	Value *hexutil.Big `json:"value,omitempty"`
	// Error is set when the call reverted.
	Error string `json:"error,omitempty"`
	// Calls are the calls this one made, in order.
	Calls []CallFrame `json:"calls,omitempty"`
}

// Option configures Ethereum transaction screening. A nil Option is ignored.
type Option func(*config)

type config struct {
	receipts ReceiptSource
	traces   TraceSource
}

// WithReceiptSource screens the transaction's receipt too: its logs (every ERC-20 and
// ERC-721 Transfer, the emitting contracts) and the created contract, in the same
// result. An error of the source fails the screening (nothing is reported clean).
func WithReceiptSource(src ReceiptSource) Option { return func(c *config) { c.receipts = src } }

// WithTraceSource screens the transaction's internal calls too: every frame below the
// top-level call, with the roles RoleInternalRecipient, RoleInternalSender,
// RoleCreatedContract, RoleSelfdestructBeneficiary and RoleContractCalled; a hit's
// index is the frame's number in depth-first order and a note gives its call path. A
// source that cannot trace (ErrNoTraces) makes the transaction UNSCREENED_INPUT with
// "no call traces"; any other error fails the screening.
func WithTraceSource(src TraceSource) Option { return func(c *config) { c.traces = src } }

func options(opts []Option) config {
	if len(opts) == 0 {
		return config{} // no allocation on the common path
	}
	c := new(config)
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return *c
}

// screenSources screens what the configured sources return for the transaction hash.
func screenSources(ctx context.Context, cfg config, t *screen.TxScreen, hash common.Hash,
	evm func(common.Address, screen.Role, int) bool) error {
	if cfg.receipts != nil {
		r, err := cfg.receipts.TransactionReceipt(ctx, hash)
		if errors.Is(err, ErrNotFound) {
			// The node has the transaction but no receipt: pending (or not kept). Its logs
			// and internal calls do not exist yet; say so, never report it complete.
			t.Unscreened(screen.UnscreenedInput{Role: screen.RoleContract, Index: 0,
				Reason: "no receipt (pending transaction?): logs and internal calls were not screened"})
			return nil
		}
		if err != nil {
			return fmt.Errorf("ethereum: receipt of %s: %w", hash.Hex(), err)
		}
		if r == nil {
			return fmt.Errorf("ethereum: receipt of %s: %w", hash.Hex(), screen.ErrInvalidReceipt)
		}
		if r.ContractAddress != (common.Address{}) {
			evm(r.ContractAddress, screen.RoleContract, -1)
		}
		screenLogsInto(t, r.Logs, evm)
	}
	if cfg.traces != nil {
		root, err := cfg.traces.CallTrace(ctx, hash)
		switch {
		case errors.Is(err, ErrNoTraces):
			t.Unscreened(screen.UnscreenedInput{Role: RoleInternalRecipient, Index: 0,
				Reason: "no call traces: internal transfers were not screened (" + err.Error() + ")"})
		case err != nil:
			return fmt.Errorf("ethereum: call trace of %s: %w", hash.Hex(), err)
		case root == nil:
			return fmt.Errorf("ethereum: call trace of %s: empty answer", hash.Hex())
		default:
			n := 0
			for i := range root.Calls {
				screenFrame(t, &root.Calls[i], strconv.Itoa(i), &n, evm)
			}
		}
	}
	return nil
}

// screenFrame screens one internal call and its children; n numbers the frames in
// depth-first order.
func screenFrame(t *screen.TxScreen, f *CallFrame, path string, n *int, evm func(common.Address, screen.Role, int) bool) {
	idx := *n
	*n++
	hit := false
	typ := strings.ToUpper(f.Type)
	// DELEGATECALL reports the caller's value and CALLCODE sends value to the caller
	// itself: no value moves to the callee in either. STATICCALL cannot carry value.
	valued := f.Value != nil && f.Value.ToInt().Sign() > 0 &&
		typ != "DELEGATECALL" && typ != "STATICCALL" && typ != "CALLCODE"
	if f.To != nil {
		switch typ {
		case "CREATE", "CREATE2":
			hit = evm(*f.To, RoleCreatedContract, idx) || hit
		case "SELFDESTRUCT":
			hit = evm(*f.To, RoleSelfdestructBeneficiary, idx) || hit
		default:
			if valued {
				hit = evm(*f.To, RoleInternalRecipient, idx) || hit
			} else {
				hit = evm(*f.To, RoleContractCalled, idx) || hit
			}
		}
	}
	if valued || typ == "SELFDESTRUCT" {
		hit = evm(f.From, RoleInternalSender, idx) || hit
	}
	if hit {
		note := fmt.Sprintf("internal call %d (%s, path %s)", idx, typ, path)
		if f.Error != "" {
			note += ": reverted (" + f.Error + ")"
		}
		t.Note(note)
	}
	for i := range f.Calls {
		screenFrame(t, &f.Calls[i], path+"."+strconv.Itoa(i), n, evm)
	}
}
