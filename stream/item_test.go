package stream

import (
	"errors"
	"testing"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Items in the shape blockchain-etl writes them (ethereumetl stream, bitcoinetl stream).
const (
	ethTx = `{"type":"transaction","hash":"0xabc1","nonce":7,"transaction_index":0,` +
		`"from_address":"0x098b716b8aaf21512996dc57eb0615e2383e2f96","to_address":"0x1111111111111111111111111111111111111111",` +
		`"value":1000000000000000000000000,"gas":21000,"gas_price":1,"input":"0x","block_timestamp":1700000000,` +
		`"block_number":18000000,"block_hash":"0xbb","receipt_contract_address":null,"item_id":"transaction_0xabc1","item_timestamp":"2023-11-14T22:13:20Z"}`
	ethCreate = `{"type":"transaction","hash":"0xabc2","from_address":"0x1111111111111111111111111111111111111111",` +
		`"to_address":null,"value":0,"block_number":1,"receipt_contract_address":"0x2222222222222222222222222222222222222222"}`
	tokenTransfer = `{"type":"token_transfer","token_address":"0xdac17f958d2ee523a2206206994597c13d831ec7",` +
		`"from_address":"0x1111111111111111111111111111111111111111","to_address":"0x098b716b8aaf21512996dc57eb0615e2383e2f96",` +
		`"value":"5000000","transaction_hash":"0xabc3","log_index":12,"block_number":18000001,"item_id":"token_transfer_0xabc3_12"}`
	traceCall = `{"type":"trace","transaction_hash":"0xabc4","transaction_index":3,"from_address":"0x3333333333333333333333333333333333333333",` +
		`"to_address":"0x098b716b8aaf21512996dc57eb0615e2383e2f96","value":7,"input":"0x","output":"0x","trace_type":"call",` +
		`"call_type":"call","reward_type":null,"gas":1,"gas_used":1,"subtraces":0,"trace_address":[0,1],"error":null,` +
		`"status":1,"block_number":18000002,"trace_id":"call_0xabc4_0_1"}`
	traceSuicide = `{"type":"trace","transaction_hash":"0xabc5","from_address":"0x3333333333333333333333333333333333333333",` +
		`"to_address":"0x4444444444444444444444444444444444444444","value":0,"trace_type":"suicide","trace_address":[0],"block_number":5}`
	btcTx = `{"type":"transaction","hash":"ff00","size":225,"virtual_size":144,"version":2,"lock_time":0,"block_number":800000,` +
		`"block_hash":"00aa","block_timestamp":1690000000,"is_coinbase":false,"index":5,` +
		`"inputs":[{"index":0,"spent_transaction_hash":"ee11","spent_output_index":1,"script_asm":"","script_hex":"",` +
		`"sequence":4294967295,"required_signatures":1,"type":"witness_v0_keyhash","addresses":["bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw"],"value":5000},` +
		`{"index":1,"spent_transaction_hash":"ee22","spent_output_index":0,"type":"nonstandard","addresses":[],"value":1}],` +
		`"outputs":[{"index":0,"script_asm":"","script_hex":"","required_signatures":1,"type":"pubkeyhash",` +
		`"addresses":["1NpHuti9NSM9fVTXLkvSDU4AnhqGQ5N53d"],"value":4000},{"index":1,"type":"nulldata","addresses":["nonstandard1234"],"value":0}],` +
		`"input_count":2,"output_count":2,"input_value":5001,"output_value":4000,"fee":1001}`
)

func TestDecodeItems(t *testing.T) {
	cases := []struct {
		name, json string
		chain      address.Chain
		typ, hash  string
		parties    []Party
		unscreened int
	}{
		{"eth transaction", ethTx, address.ChainEVM, TypeTransaction, "0xabc1", []Party{
			{"0x098b716b8aaf21512996dc57eb0615e2383e2f96", screen.RoleSender, -1},
			{"0x1111111111111111111111111111111111111111", screen.RoleRecipient, -1}}, 0},
		{"contract creation", ethCreate, address.ChainEVM, TypeTransaction, "0xabc2", []Party{
			{"0x1111111111111111111111111111111111111111", screen.RoleSender, -1},
			{"0x2222222222222222222222222222222222222222", screen.RoleContract, -1}}, 0},
		{"token transfer", tokenTransfer, address.ChainEVM, TypeTokenTransfer, "0xabc3", []Party{
			{"0x1111111111111111111111111111111111111111", RoleTokenSender, 12},
			{"0x098b716b8aaf21512996dc57eb0615e2383e2f96", screen.RoleTokenRecipient, 12},
			{"0xdac17f958d2ee523a2206206994597c13d831ec7", screen.RoleContract, 12}}, 0},
		{"trace with value", traceCall, address.ChainEVM, TypeTrace, "0xabc4", []Party{
			{"0x3333333333333333333333333333333333333333", RoleInternalSender, -1},
			{"0x098b716b8aaf21512996dc57eb0615e2383e2f96", RoleInternalRecipient, -1}}, 0},
		{"selfdestruct", traceSuicide, address.ChainEVM, TypeTrace, "0xabc5", []Party{
			{"0x3333333333333333333333333333333333333333", RoleInternalSender, -1},
			{"0x4444444444444444444444444444444444444444", RoleSelfdestructBeneficiary, -1}}, 0},
		{"bitcoin transaction", btcTx, address.ChainBitcoin, TypeTransaction, "ff00", []Party{
			{"bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw", screen.RoleInput, 0},
			{"1NpHuti9NSM9fVTXLkvSDU4AnhqGQ5N53d", screen.RoleOutput, 0}}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			it, err := DecodeItem([]byte(c.json), address.ChainUnknown)
			require.NoError(t, err)
			assert.Equal(t, c.chain, it.Chain)
			assert.Equal(t, c.typ, it.Type)
			assert.Equal(t, c.hash, it.TxHash)
			assert.NotEmpty(t, it.ItemID)
			assert.Equal(t, c.parties, it.Parties)
			assert.Len(t, it.Unscreened, c.unscreened)
		})
	}
}

func TestDecodeItemBadInput(t *testing.T) {
	for _, c := range []struct {
		name, json string
		want       error
	}{
		{"not json", `hello`, ErrMalformed},
		{"truncated", ethTx[:40], ErrMalformed},
		{"trailing", ethTx + `{}`, ErrMalformed},
		{"no type", `{"hash":"0x1"}`, ErrMalformed},
		{"wrong field type", `{"type":"transaction","hash":"0x1","from_address":7}`, ErrMalformed},
		{"no sender", `{"type":"transaction","hash":"0x1","to_address":"0x1111111111111111111111111111111111111111"}`, ErrMalformed},
		{"no hash", `{"type":"token_transfer","from_address":"0x1","to_address":"0x2"}`, ErrMalformed},
		{"bad value", `{"type":"trace","transaction_hash":"0x1","value":"lots","trace_type":"call"}`, ErrMalformed},
		{"bad trace type", `{"type":"trace","transaction_hash":"0x1","value":0,"trace_type":"teleport"}`, ErrMalformed},
		{"block item", `{"type":"block","number":1}`, ErrUnsupported},
		{"log item", `{"type":"log","transaction_hash":"0x1"}`, ErrUnsupported},
	} {
		_, err := DecodeItem([]byte(c.json), address.ChainUnknown)
		assert.True(t, errors.Is(err, c.want), "%s: %v", c.name, err)
	}
}

func FuzzDecodeItem(f *testing.F) {
	for _, s := range []string{ethTx, ethCreate, tokenTransfer, traceCall, traceSuicide, btcTx, `{}`, `{"type":null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		it, err := DecodeItem(b, address.ChainUnknown)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		if it.TxHash == "" || it.ItemID == "" {
			t.Fatalf("decoded item without identity: %+v", it)
		}
	})
}
