package ethereum

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
)

// benchScreener screens against the full 2025-11-19b publication (the realistic index size).
func benchScreener(b *testing.B) *screen.Screener {
	b.Helper()
	s, err := screen.New([]*sanctions.List{ofacList(b, "2025-11-19b")})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func benchEthTx(b *testing.B) []byte {
	fx := newEthFixture(b)
	for _, c := range ethCases(b, fx) {
		if c.name == "access list transferFrom listed to listed, listed sender" {
			return c.raw
		}
	}
	b.Fatal("no case")
	return nil
}

// BenchmarkScreenEthereumTx decodes an EIP-2930 transferFrom, recovers the sender and
// screens sender, recipient and both token parties.
func BenchmarkScreenEthereumTx(b *testing.B) {
	raw := benchEthTx(b)
	s := benchScreener(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ScreenTx(context.Background(), s, raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGethDecodeAndSender is the baseline: UnmarshalBinary and types.Sender.
func BenchmarkGethDecodeAndSender(b *testing.B) {
	raw := benchEthTx(b)
	signer := types.LatestSignerForChainID(big.NewInt(1))
	b.ReportAllocs()
	for b.Loop() {
		var tx types.Transaction
		if err := tx.UnmarshalBinary(raw); err != nil {
			b.Fatal(err)
		}
		if _, err := types.Sender(signer, &tx); err != nil {
			b.Fatal(err)
		}
	}
}
