package gethtest

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
)

// Asm assembles EVM bytecode from go-ethereum's opcode constants, with labels for
// jump targets (each label reference is a PUSH1, so code stays under 256 bytes).
type Asm struct {
	code   []byte
	labels map[string]int
	refs   map[int]string // position of a PUSH1 argument → label
}

// NewAsm starts empty code.
func NewAsm() *Asm { return &Asm{labels: map[string]int{}, refs: map[int]string{}} }

// Op appends opcodes.
func (a *Asm) Op(ops ...vm.OpCode) *Asm {
	for _, op := range ops {
		a.code = append(a.code, byte(op))
	}
	return a
}

// Push appends the shortest PUSHn of b (PUSH0 for no bytes).
func (a *Asm) Push(b []byte) *Asm {
	if len(b) == 0 {
		return a.Op(vm.PUSH0)
	}
	if len(b) > 32 {
		panic("gethtest: push of more than 32 bytes")
	}
	a.code = append(a.code, byte(vm.PUSH1)+byte(len(b)-1))
	a.code = append(a.code, b...)
	return a
}

// PushN appends PUSH1 of a small number.
func (a *Asm) PushN(n byte) *Asm { return a.Push([]byte{n}) }

// PushAddr appends PUSH20 of an address.
func (a *Asm) PushAddr(addr common.Address) *Asm { return a.Push(addr.Bytes()) }

// Label marks the next position as a JUMPDEST called name.
func (a *Asm) Label(name string) *Asm {
	a.labels[name] = len(a.code)
	return a.Op(vm.JUMPDEST)
}

// PushLabel appends PUSH1 of the position of label name (resolved by Bytes).
func (a *Asm) PushLabel(name string) *Asm {
	a.code = append(a.code, byte(vm.PUSH1), 0)
	a.refs[len(a.code)-1] = name
	return a
}

// Bytes resolves the labels and returns the code.
func (a *Asm) Bytes() []byte {
	out := append([]byte(nil), a.code...)
	for pos, name := range a.refs {
		at, ok := a.labels[name]
		if !ok || at > 0xff {
			panic(fmt.Sprintf("gethtest: label %q undefined or beyond PUSH1", name))
		}
		out[pos] = byte(at)
	}
	return out
}

// Initcode wraps runtime code (under 256 bytes) in the creation code that returns it:
//
//	PUSH1 len; PUSH1 12; PUSH1 0; CODECOPY   memory[0:len] = code[12:12+len]
//	PUSH1 len; PUSH1 0; RETURN               return memory[0:len] as the contract's code
func Initcode(runtime []byte) []byte {
	if len(runtime) > 0xff {
		panic("gethtest: runtime code over 255 bytes")
	}
	n := byte(len(runtime))
	head := NewAsm().
		PushN(n).PushN(12).PushN(0).Op(vm.CODECOPY).
		PushN(n).PushN(0).Op(vm.RETURN).Bytes()
	if len(head) != 12 {
		panic("gethtest: initcode header is not 12 bytes")
	}
	return append(head, runtime...)
}

// TransferTopic is keccak256("Transfer(address,address,uint256)").
var TransferTopic = crypto.Keccak256Hash([]byte("Transfer(address,address,uint256)"))

// TokenRuntime is an ERC-20-like token reduced to its event: transfer(address to,
// uint256 amount) (selector 0xa9059cbb) emits Transfer(msg.sender, to, amount) and
// returns true; any other call reverts. It keeps no balances: the screen reads the log,
// which is what a real token emits.
func TokenRuntime() []byte {
	return NewAsm().
		PushN(0).Op(vm.CALLDATALOAD).                   // word 0 of the calldata
		PushN(0xe0).Op(vm.SHR).                         // >> 224: the 4-byte selector
		Push([]byte{0xa9, 0x05, 0x9c, 0xbb}).Op(vm.EQ). // == transfer(address,uint256)?
		PushLabel("transfer").Op(vm.JUMPI).             // yes: jump
		PushN(0).Op(vm.DUP1, vm.REVERT).                // no: revert(0, 0)
		Label("transfer").
		PushN(0x24).Op(vm.CALLDATALOAD). // amount (argument 1)
		PushN(0).Op(vm.MSTORE).          // memory[0:32] = amount, the log data
		PushN(0x04).Op(vm.CALLDATALOAD). // to (argument 0): topic 2
		Op(vm.CALLER).                   // msg.sender: topic 1
		Push(TransferTopic.Bytes()).     // topic 0
		PushN(0x20).PushN(0).            // size 32, offset 0
		Op(vm.LOG3).                     // LOG3(0, 32, Transfer, sender, to)
		PushN(1).PushN(0).Op(vm.MSTORE). // memory[0:32] = true
		PushN(0x20).PushN(0).Op(vm.RETURN).
		Bytes()
}

// ForwarderRuntime forwards msg.value to target with an internal CALL (no calldata)
// and reverts when that call fails.
func ForwarderRuntime(target common.Address) []byte {
	return NewAsm().
		PushN(0).PushN(0).PushN(0).PushN(0). // retSize, retOffset, argsSize, argsOffset
		Op(vm.CALLVALUE).                    // value: msg.value
		PushAddr(target).                    // address
		Op(vm.GAS).                          // all the gas left
		Op(vm.CALL).                         // CALL(gas, target, value, 0, 0, 0, 0)
		Op(vm.ISZERO).PushLabel("fail").Op(vm.JUMPI).
		Op(vm.STOP).
		Label("fail").
		PushN(0).Op(vm.DUP1, vm.REVERT).
		Bytes()
}

// SelfdestructRuntime sends the contract's balance to beneficiary with SELFDESTRUCT
// on any call (after EIP-6780 the code stays; the balance moves all the same).
func SelfdestructRuntime(beneficiary common.Address) []byte {
	return NewAsm().
		PushAddr(beneficiary).
		Op(vm.SELFDESTRUCT).
		Bytes()
}

// ChildInitcode is the 5-byte creation code of an empty contract: RETURN(0, 0).
var ChildInitcode = NewAsm().PushN(0).PushN(0).Op(vm.RETURN).Bytes()

// FactoryRuntime creates one contract with CREATE and one with CREATE2 (salt) from
// ChildInitcode on every call. The created addresses are
// crypto.CreateAddress(factory, nonce) (the factory's nonce starts at 1) and
// crypto.CreateAddress2(factory, salt, keccak256(ChildInitcode)).
func FactoryRuntime(salt byte) []byte {
	if len(ChildInitcode) != 5 {
		panic("gethtest: child initcode is not 5 bytes")
	}
	return NewAsm().
		Push(ChildInitcode).PushN(0).Op(vm.MSTORE). // memory[27:32] = the child's initcode
		PushN(5).PushN(27).PushN(0).Op(vm.CREATE).  // CREATE(value 0, offset 27, size 5)
		Op(vm.POP).                                 // drop the created address
		PushN(salt).PushN(5).PushN(27).PushN(0).    // salt, size, offset, value
		Op(vm.CREATE2).                             // CREATE2(0, 27, 5, salt)
		Op(vm.POP, vm.STOP).
		Bytes()
}

// RouterRuntime calls next with msg.value (and no calldata), so that a transaction to
// a router over a forwarder has the call path 0 (router → forwarder) and 0.0
// (forwarder → target).
func RouterRuntime(next common.Address) []byte { return ForwarderRuntime(next) }
