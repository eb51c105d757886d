package gethtest

import (
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNodeContracts starts the dev node and checks that each assembled contract does
// what its comment says, on the chain: the token's Transfer log, the forwarder's
// internal payment, the factory's created addresses, the self-destruct's payout.
func TestNodeContracts(t *testing.T) {
	start := time.Now()
	n := Start(t)
	t.Logf("dev node up in %v at %s", time.Since(start), n.URL)
	ctx := t.Context()
	c := n.Client()
	a, b := n.Accounts[0], n.Accounts[1]

	token := n.Deploy(t, a, Initcode(TokenRuntime()))
	to := common.HexToAddress("0x00000000000000000000000000000000000000a1")
	data := append([]byte{0xa9, 0x05, 0x9c, 0xbb}, common.LeftPadBytes(to.Bytes(), 32)...)
	data = append(data, common.LeftPadBytes(big.NewInt(1234).Bytes(), 32)...)
	r := n.MustMine(t, Tx{From: b, To: &token, Data: data})[0]
	require.Len(t, r.Logs, 1)
	l := r.Logs[0]
	assert.Equal(t, token, l.Address)
	require.Len(t, l.Topics, 3)
	assert.Equal(t, TransferTopic, l.Topics[0])
	assert.Equal(t, common.BytesToHash(b.Address.Bytes()), l.Topics[1])
	assert.Equal(t, common.BytesToHash(to.Bytes()), l.Topics[2])
	assert.Equal(t, common.LeftPadBytes(big.NewInt(1234).Bytes(), 32), l.Data)

	// Any other selector reverts.
	_, err := n.Mine(ctx, Tx{From: b, To: &token, Data: []byte{1, 2, 3, 4}, Gas: 100_000})
	assert.Error(t, err)

	target := common.HexToAddress("0x00000000000000000000000000000000000000b2")
	fwd := n.Deploy(t, a, Initcode(ForwarderRuntime(target)))
	n.MustMine(t, Tx{From: b, To: &fwd, Value: big.NewInt(777)})
	got, err := c.BalanceAt(ctx, target, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(777), got.Int64())

	factory := n.Deploy(t, a, Initcode(FactoryRuntime(9)))
	n.MustMine(t, Tx{From: b, To: &factory})
	created := crypto.CreateAddress(factory, 1)
	created2 := crypto.CreateAddress2(factory, common.BigToHash(big.NewInt(9)), crypto.Keccak256(ChildInitcode))
	for _, addr := range []common.Address{created, created2} {
		nonce, err := c.NonceAt(ctx, addr, nil)
		require.NoError(t, err)
		assert.Equal(t, uint64(1), nonce, "created contract %s has nonce 1 (EIP-161)", addr.Hex())
	}

	bene := common.HexToAddress("0x00000000000000000000000000000000000000c3")
	sd := n.Deploy(t, a, Initcode(SelfdestructRuntime(bene)))
	n.MustMine(t, Tx{From: b, To: &sd, Value: big.NewInt(55)})
	got, err = c.BalanceAt(ctx, bene, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(55), got.Int64())
}
