package address

import (
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

const (
	benchEVM      = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
	benchEVMLower = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"
	benchMonero   = "49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL"
)

var (
	sinkAddr Address
	sinkErr  error
	sinkEth  common.Address
	sinkBool bool
)

// BenchmarkParseEVM is Parse of an EVM address (EIP-55 checked, canonical form built).
// Compare with BenchmarkGethHexToAddress (no checksum check) and
// BenchmarkGethMixedcaseAddress (checksum check).
func BenchmarkParseEVM(b *testing.B) {
	for _, bc := range []struct{ name, in string }{{"eip55", benchEVM}, {"lower", benchEVMLower}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkAddr, sinkErr = Parse(bc.in)
			}
			if sinkErr != nil {
				b.Fatal(sinkErr)
			}
		})
	}
	b.Run("parseEVM", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkAddr, sinkErr = parseEVM(benchEVM, ChainUnknown)
		}
	})
}

// BenchmarkGethHexToAddress is go-ethereum's unchecked path: IsHexAddress + HexToAddress.
func BenchmarkGethHexToAddress(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkBool = common.IsHexAddress(benchEVM)
		sinkEth = common.HexToAddress(benchEVM)
	}
}

// BenchmarkGethMixedcaseAddress is go-ethereum's checked path:
// NewMixedcaseAddressFromString + ValidChecksum.
func BenchmarkGethMixedcaseAddress(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		m, err := common.NewMixedcaseAddressFromString(benchEVM)
		if err != nil {
			b.Fatal(err)
		}
		sinkBool = m.ValidChecksum()
	}
}

// BenchmarkParseTron is Parse of a base58check Tron address.
func BenchmarkParseTron(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkAddr, sinkErr = Parse(tronUSDT)
	}
	if sinkErr != nil {
		b.Fatal(sinkErr)
	}
}

// BenchmarkParseMonero is Parse of a standard Monero address (base58 blocks + keccak).
func BenchmarkParseMonero(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkAddr, sinkErr = Parse(benchMonero)
	}
	if sinkErr != nil {
		b.Fatal(sinkErr)
	}
}
