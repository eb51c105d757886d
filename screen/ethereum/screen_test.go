package ethereum

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"github.com/chainscreen/chainscreen/internal/listtest"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
)

// Real listed ETH values (OFAC SDN 2025-11-19b, lists/brave-intl).
var (
	listedETH1 = common.HexToAddress("0x04DBA1194ee10112fE6C3207C0687DEf0e78baCf")
	listedETH2 = common.HexToAddress("0x08723392Ed15743cc38513C4925f5e6be5c17243")
	listedETH3 = common.HexToAddress(lazarusETH)
	cleanETH   = common.HexToAddress("0x1111111111111111111111111111111111111111")
	chainOne   = big.NewInt(1)
)

// ethFixture is a Screener over the real listed values above plus the addresses of two
// throwaway keys (so that sender, authority and created-contract roles can be hit).
type ethFixture struct {
	s        *screen.Screener
	listed   *ecdsa.PrivateKey // its address is on the in-memory list
	clean    *ecdsa.PrivateKey
	creation common.Address // CREATE(address of clean, 7), listed
}

func newEthFixture(t testing.TB) ethFixture {
	t.Helper()
	listed, err := crypto.GenerateKey()
	require.NoError(t, err)
	clean, err := crypto.GenerateKey()
	require.NoError(t, err)
	creation := crypto.CreateAddress(crypto.PubkeyToAddress(clean.PublicKey), 7)
	l := listtest.MemList(t, "2025-11-19",
		[3]string{"ETH", listedETH1.Hex(), "1"},
		[3]string{"ETH", listedETH2.Hex(), "2"},
		[3]string{"ETH", listedETH3.Hex(), "3"},
		[3]string{"ETH", crypto.PubkeyToAddress(listed.PublicKey).Hex(), "4"},
		[3]string{"ETH", creation.Hex(), "5"},
	)
	s, err := screen.New([]*sanctions.List{l})
	require.NoError(t, err)
	return ethFixture{s: s, listed: listed, clean: clean, creation: creation}
}

func calldata(sel [4]byte, words ...[]byte) []byte {
	out := append([]byte(nil), sel[:]...)
	for _, w := range words {
		out = append(out, common.LeftPadBytes(w, 32)...)
	}
	return out
}

func rawTx(t testing.TB, tx *types.Transaction, signer types.Signer, key *ecdsa.PrivateKey) []byte {
	t.Helper()
	signed, err := types.SignTx(tx, signer, key)
	require.NoError(t, err)
	raw, err := signed.MarshalBinary()
	require.NoError(t, err)
	return raw
}

type roleHit struct {
	role screen.Role
	addr common.Address
}

func hitsOf(r screen.TxResult) []roleHit {
	var out []roleHit
	for _, h := range r.Hits {
		out = append(out, roleHit{h.Role, common.HexToAddress(h.Address)})
	}
	return out
}

func blobSidecar(t testing.TB) *types.BlobTxSidecar {
	t.Helper()
	// Decoding does not verify the KZG commitment (and computing one costs seconds of
	// trusted-setup loading), so the sidecar carries an empty blob with a fixed commitment.
	var blob kzg4844.Blob
	var c kzg4844.Commitment
	var p kzg4844.Proof
	c[0], p[0] = 0xc0, 0xc0
	return types.NewBlobTxSidecar(types.BlobSidecarVersion0, []kzg4844.Blob{blob}, []kzg4844.Commitment{c}, []kzg4844.Proof{p})
}

// ethCases builds one signed transaction of every type, each hitting a role.
func ethCases(t testing.TB, f ethFixture) []struct {
	name string
	raw  []byte
	want []roleHit
} {
	listedFrom := crypto.PubkeyToAddress(f.listed.PublicKey)
	amount := big.NewInt(1000).Bytes()
	sidecar := blobSidecar(t)
	blob := &types.BlobTx{ChainID: uint256.NewInt(1), Nonce: 1, GasTipCap: uint256.NewInt(1), GasFeeCap: uint256.NewInt(10),
		Gas: 21000, To: listedETH2, BlobFeeCap: uint256.NewInt(1), BlobHashes: sidecar.BlobHashes()}
	blobWithSidecar := *blob
	blobWithSidecar.Sidecar = sidecar

	auth1, err := types.SignSetCode(f.listed, types.SetCodeAuthorization{ChainID: *uint256.NewInt(1), Address: cleanETH, Nonce: 3})
	require.NoError(t, err)
	auth2, err := types.SignSetCode(f.clean, types.SetCodeAuthorization{ChainID: *uint256.NewInt(1), Address: listedETH3, Nonce: 4})
	require.NoError(t, err)

	homestead := types.HomesteadSigner{}
	london := types.LatestSignerForChainID(chainOne)
	return []struct {
		name string
		raw  []byte
		want []roleHit
	}{
		{"legacy pre-EIP-155 to listed", rawTx(t, types.NewTx(&types.LegacyTx{Nonce: 1, GasPrice: big.NewInt(1), Gas: 21000, To: &listedETH1, Value: big.NewInt(1)}), homestead, f.clean),
			[]roleHit{{screen.RoleRecipient, listedETH1}}},
		{"legacy EIP-155 transfer to listed", rawTx(t, types.NewTx(&types.LegacyTx{Nonce: 1, GasPrice: big.NewInt(1), Gas: 60000, To: &cleanETH,
			Data: calldata(selTransfer, listedETH2.Bytes(), amount)}), types.NewEIP155Signer(chainOne), f.clean),
			[]roleHit{{screen.RoleTokenRecipient, listedETH2}}},
		{"access list transferFrom listed to listed, listed sender", rawTx(t, types.NewTx(&types.AccessListTx{ChainID: chainOne, Nonce: 1, GasPrice: big.NewInt(1), Gas: 60000, To: &cleanETH,
			Data: calldata(selTransferFrom, listedETH1.Bytes(), listedETH3.Bytes(), amount)}), london, f.listed),
			[]roleHit{{screen.RoleSender, listedFrom}, {screen.RoleTokenSender, listedETH1}, {screen.RoleTokenRecipient, listedETH3}}},
		{"dynamic fee approve listed spender", rawTx(t, types.NewTx(&types.DynamicFeeTx{ChainID: chainOne, Nonce: 1, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2), Gas: 60000, To: &cleanETH,
			Data: calldata(selApprove, listedETH2.Bytes(), amount)}), london, f.clean),
			[]roleHit{{screen.RoleSpender, listedETH2}}},
		{"dynamic fee token contract listed", rawTx(t, types.NewTx(&types.DynamicFeeTx{ChainID: chainOne, Nonce: 1, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2), Gas: 60000, To: &listedETH3,
			Data: calldata(selTransfer, cleanETH.Bytes(), amount)}), london, f.clean),
			[]roleHit{{screen.RoleRecipient, listedETH3}}},
		{"contract creation at a listed address", rawTx(t, types.NewTx(&types.DynamicFeeTx{ChainID: chainOne, Nonce: 7, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2), Gas: 100000,
			Data: []byte{0x60, 0x00}}), london, f.clean),
			[]roleHit{{screen.RoleContract, f.creation}}},
		{"blob without sidecar", rawTx(t, types.NewTx(blob), london, f.clean), []roleHit{{screen.RoleRecipient, listedETH2}}},
		{"blob with sidecar", rawTx(t, types.NewTx(&blobWithSidecar), london, f.clean), []roleHit{{screen.RoleRecipient, listedETH2}}},
		{"set code: listed authority, listed delegate", rawTx(t, types.NewTx(&types.SetCodeTx{ChainID: uint256.NewInt(1), Nonce: 1, GasTipCap: uint256.NewInt(1), GasFeeCap: uint256.NewInt(2), Gas: 100000,
			To: cleanETH, AuthList: []types.SetCodeAuthorization{auth1, auth2}}), london, f.clean),
			[]roleHit{{screen.RoleAuthority, listedFrom}, {screen.RoleDelegate, listedETH3}}},
	}
}

func TestScreenEthereumTxRoles(t *testing.T) {
	f := newEthFixture(t)
	for _, c := range ethCases(t, f) {
		t.Run(c.name, func(t *testing.T) {
			res, err := ScreenTx(context.Background(), f.s, c.raw)
			require.NoError(t, err)
			assert.ElementsMatch(t, c.want, hitsOf(res))
			assert.Equal(t, []screen.Flag{screen.FlagSanctioned}, res.Flags)
			assert.Equal(t, screen.SeverityCritical, res.Severity)
			var tx types.Transaction
			require.NoError(t, tx.UnmarshalBinary(c.raw))
			assert.Equal(t, tx.Hash().Hex(), res.TxID)
			for _, h := range res.Hits {
				assert.Equal(t, res.TxID, h.TxID)
				if h.Role == screen.RoleAuthority || h.Role == screen.RoleDelegate {
					require.NotNil(t, h.Index)
				}
			}
		})
	}
}

func TestScreenEthereumTxClean(t *testing.T) {
	f := newEthFixture(t)
	raw := rawTx(t, types.NewTx(&types.DynamicFeeTx{ChainID: chainOne, Nonce: 1, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2), Gas: 60000, To: &cleanETH,
		Data: calldata(selTransfer, cleanETH.Bytes(), big.NewInt(5).Bytes())}), types.LatestSignerForChainID(chainOne), f.clean)
	res, err := ScreenTx(context.Background(), f.s, raw)
	require.NoError(t, err)
	assert.Empty(t, res.Hits)
	assert.Empty(t, res.Flags)
	assert.Empty(t, res.Unscreened)
	assert.Equal(t, 3, res.Addresses) // sender, recipient, token recipient
	assert.Equal(t, screen.SeverityInfo, res.Severity)
}

func TestScreenEthereumTxIrregularCalldata(t *testing.T) {
	f := newEthFixture(t)
	london := types.LatestSignerForChainID(chainOne)
	dirty := common.LeftPadBytes(listedETH1.Bytes(), 32)
	dirty[0] = 1 // non-zero high byte: a token contract still pays the low 20 bytes
	screenData := func(t *testing.T, data []byte) screen.TxResult {
		raw := rawTx(t, types.NewTx(&types.DynamicFeeTx{ChainID: chainOne, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2), Gas: 2_000_000,
			To: &cleanETH, Data: data}), london, f.clean)
		res, err := ScreenTx(context.Background(), f.s, raw)
		require.NoError(t, err)
		return res
	}
	// Irregular but long enough: the listed party is found, and the irregularity noted.
	for name, data := range map[string][]byte{
		"high bytes": append(selTransfer[:], append(dirty, make([]byte, 32)...)...),
		"long":       append(calldata(selTransfer, listedETH1.Bytes(), []byte{1}), 0),
		"huge":       append(calldata(selApprove, listedETH1.Bytes(), []byte{1}), make([]byte, 100_000)...),
	} {
		t.Run(name, func(t *testing.T) {
			res := screenData(t, data)
			require.Len(t, res.Hits, 1)
			assert.Equal(t, listedETH1.Hex(), res.Hits[0].Address)
			assert.Contains(t, res.Flags, screen.FlagSanctioned)
			require.Len(t, res.Notes, 1)
			assert.Contains(t, res.Notes[0], "screened")
		})
	}
	// Too short to hold the address: not screenable, so never clean.
	res := screenData(t, append(selTransfer[:], listedETH1.Bytes()...))
	assert.Empty(t, res.Hits)
	assert.Equal(t, []screen.Flag{screen.FlagUnscreenedInput}, res.Flags)
	require.Len(t, res.Unscreened, 1)
	assert.Equal(t, screen.RoleTokenRecipient, res.Unscreened[0].Role)
}

func TestScreenEthereumTxBadAuthorisation(t *testing.T) {
	f := newEthFixture(t)
	bad := types.SetCodeAuthorization{ChainID: *uint256.NewInt(1), Address: listedETH1, Nonce: 1, V: 0,
		R: *uint256.NewInt(0), S: *uint256.NewInt(0)}
	raw := rawTx(t, types.NewTx(&types.SetCodeTx{ChainID: uint256.NewInt(1), GasTipCap: uint256.NewInt(1), GasFeeCap: uint256.NewInt(2), Gas: 100000,
		To: cleanETH, AuthList: []types.SetCodeAuthorization{bad}}), types.LatestSignerForChainID(chainOne), f.clean)
	res, err := ScreenTx(context.Background(), f.s, raw)
	require.NoError(t, err)
	assert.Equal(t, []roleHit{{screen.RoleDelegate, listedETH1}}, hitsOf(res))
	require.Len(t, res.Unscreened, 1)
	assert.Equal(t, screen.RoleAuthority, res.Unscreened[0].Role)
	assert.Equal(t, 0, res.Unscreened[0].Index)
	assert.Equal(t, []screen.Flag{screen.FlagSanctioned, screen.FlagUnscreenedInput}, res.Flags)
}

// hostileEthTxs are inputs that must give screen.ErrInvalidTx without panicking.
func hostileEthTxs(t testing.TB) map[string][]byte {
	f := newEthFixture(t)
	good := rawTx(t, types.NewTx(&types.DynamicFeeTx{ChainID: chainOne, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2), Gas: 21000, To: &cleanETH}),
		types.LatestSignerForChainID(chainOne), f.clean)
	marshal := func(d types.TxData) []byte {
		raw, err := types.NewTx(d).MarshalBinary()
		require.NoError(t, err)
		return raw
	}
	one := big.NewInt(1)
	return map[string][]byte{
		"empty":                  {},
		"garbage":                []byte("hello"),
		"truncated":              good[:len(good)-5],
		"trailing":               append(append([]byte(nil), good...), 0),
		"unknown type":           append([]byte{0x7f}, good[1:]...),
		"typed chain id 0":       marshal(&types.DynamicFeeTx{ChainID: new(big.Int), GasTipCap: one, GasFeeCap: one, Gas: 21000, To: &cleanETH, V: one, R: one, S: one}),
		"set code chain id 0":    marshal(&types.SetCodeTx{ChainID: new(uint256.Int), GasTipCap: uint256.NewInt(1), GasFeeCap: uint256.NewInt(1), To: cleanETH, AuthList: []types.SetCodeAuthorization{{}}, V: uint256.NewInt(1), R: uint256.NewInt(1), S: uint256.NewInt(1)}),
		"access list chain id 0": marshal(&types.AccessListTx{ChainID: new(big.Int), GasPrice: one, Gas: 21000, To: &cleanETH, V: one, R: one, S: one}),
		"legacy V=35 chain id 0": marshal(&types.LegacyTx{GasPrice: one, Gas: 21000, To: &cleanETH, V: big.NewInt(35), R: one, S: one}),
		"legacy zero signature":  marshal(&types.LegacyTx{GasPrice: one, Gas: 21000, To: &cleanETH, V: big.NewInt(27), R: new(big.Int), S: new(big.Int)}),
		"dynamic bad signature":  marshal(&types.DynamicFeeTx{ChainID: chainOne, GasTipCap: one, GasFeeCap: one, Gas: 21000, To: &cleanETH, V: big.NewInt(5), R: one, S: one}),
		"oversized":              make([]byte, MaxTxSize+1),
	}
}

func TestScreenEthereumTxHostile(t *testing.T) {
	f := newEthFixture(t)
	for name, raw := range hostileEthTxs(t) {
		t.Run(name, func(t *testing.T) {
			_, err := ScreenTx(context.Background(), f.s, raw)
			require.ErrorIs(t, err, screen.ErrInvalidTx)
			if name == "oversized" {
				assert.ErrorIs(t, err, screen.ErrTooLarge)
			}
		})
	}
}

func TestLatestSignerChainIDZeroPanics(t *testing.T) {
	// The trap the guard exists for: keep it documented by a test.
	assert.Panics(t, func() {
		tx := types.NewTx(&types.DynamicFeeTx{ChainID: new(big.Int), V: big.NewInt(1), R: big.NewInt(1), S: big.NewInt(1)})
		_, _ = types.Sender(types.LatestSignerForChainID(new(big.Int)), tx)
	})
}

func transferLog(contract common.Address, idx uint, from, to common.Address, topics int, data []byte) *types.Log {
	l := &types.Log{Address: contract, Index: idx, TxHash: common.HexToHash("0xabcd"), Data: data,
		Topics: []common.Hash{TransferTopic, common.BytesToHash(from.Bytes()), common.BytesToHash(to.Bytes())}}
	if topics == 4 {
		l.Topics = append(l.Topics, common.BigToHash(big.NewInt(42)))
	}
	return l
}

func TestScreenEthereumReceipt(t *testing.T) {
	f := newEthFixture(t)
	amount := common.LeftPadBytes([]byte{1}, 32)
	token := common.HexToAddress("0x2222222222222222222222222222222222222222")
	logs := []*types.Log{
		transferLog(token, 3, listedETH1, cleanETH, 3, amount),                      // ERC-20 from listed
		transferLog(token, 4, cleanETH, listedETH2, 4, nil),                         // ERC-721 to listed
		transferLog(token, 5, listedETH3, listedETH3, 3, append(amount, amount...)), // malformed: noted
		transferLog(listedETH3, 6, cleanETH, cleanETH, 3, amount),                   // listed emitting contract
	}
	rc := map[string]any{"transactionHash": common.HexToHash("0xabcd"), "contractAddress": f.creation, "logs": logs, "status": "0x1"}
	js, err := json.Marshal(rc)
	require.NoError(t, err)
	res, err := ScreenReceiptJSON(context.Background(), f.s, js)
	require.NoError(t, err)
	assert.ElementsMatch(t, []roleHit{{screen.RoleContract, f.creation}, {screen.RoleLogTransferFrom, listedETH1}, {screen.RoleLogTransferTo, listedETH2},
		{screen.RoleContract, listedETH3}}, hitsOf(res))
	for _, h := range res.Hits {
		if h.Role == screen.RoleLogTransferFrom {
			require.NotNil(t, h.Index)
			assert.Equal(t, 3, *h.Index)
		}
	}
	require.Len(t, res.Notes, 1)
	assert.Contains(t, res.Notes[0], "log 5")
	assert.Equal(t, common.HexToHash("0xabcd").Hex(), res.TxID)

	for _, bad := range [][]byte{nil, []byte("{"), []byte(`{"logs":[{"address":"0x1"}]}`), []byte(`[]`), bytes.Repeat([]byte(" "), MaxReceiptSize+1),
		append(append([]byte(`{"logs":[]}`), js...), ' ')} {
		_, err := ScreenReceiptJSON(context.Background(), f.s, bad)
		assert.ErrorIs(t, err, screen.ErrInvalidReceipt, "%.40q", bad)
	}
}
