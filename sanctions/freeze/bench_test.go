package freeze_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"testing"

	"github.com/chainscreen/chainscreen/sanctions/freeze"
)

func benchFile(b *testing.B) []byte {
	data, err := os.ReadFile(usdtLogsPath(b))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	return data
}

// BenchmarkRead is the reader on the real USDT logs (1,480 logs, 627 kB), from memory.
func BenchmarkRead(b *testing.B) {
	data := benchFile(b)
	for b.Loop() {
		if _, err := freeze.Read(context.Background(), bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBareTokenPass is the floor: a json.Decoder token pass over the same bytes.
func BenchmarkBareTokenPass(b *testing.B) {
	data := benchFile(b)
	for b.Loop() {
		dec := json.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}
