package opensanctions_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"testing"

	"github.com/chainscreen/chainscreen/sanctions/opensanctions"
)

func benchBytes(b *testing.B) []byte {
	data := ftmBytes(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	return data
}

// BenchmarkRead: the reader on entities.ftm.json (2,966 lines, 1.5 MB) from a seekable
// reader (two passes).
func BenchmarkRead(b *testing.B) {
	data := benchBytes(b)
	for b.Loop() {
		if _, err := opensanctions.Read(context.Background(), bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadSpooled: the same from a reader that cannot seek (one pass and a spool
// of the lines that precede their wallets).
func BenchmarkReadSpooled(b *testing.B) {
	data := benchBytes(b)
	for b.Loop() {
		if _, err := opensanctions.Read(context.Background(), onlyReader{bytes.NewReader(data)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBareLineScan is a floor: splitting the same bytes into lines.
func BenchmarkBareLineScan(b *testing.B) {
	data := benchBytes(b)
	for b.Loop() {
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 1<<20), 1<<26)
		n := 0
		for sc.Scan() {
			n++
		}
		if n == 0 {
			b.Fatal("no lines")
		}
	}
}

// BenchmarkBareTokenPass is the other floor: a json.Decoder token pass over the stream.
func BenchmarkBareTokenPass(b *testing.B) {
	data := benchBytes(b)
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
