package boundio_test

import (
	"bytes"
	"compress/bzip2"
	"io"
	"os"
	"sync"
	"testing"

	"github.com/chainscreen/chainscreen/internal/boundio"
	"github.com/chainscreen/chainscreen/internal/testdata"
)

var (
	pubOnce sync.Once
	pub     []byte
)

// publication is the unpacked 2025-11-19b SDN_ADVANCED.XML (121 MB), read once.
func publication(b *testing.B) []byte {
	pubOnce.Do(func() {
		f, err := os.Open(testdata.Path(b, "ofac", "sdn_advanced", "2025-11-19b.xml.bz2"))
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		pub, err = io.ReadAll(bzip2.NewReader(f))
		if err != nil {
			b.Fatal(err)
		}
	})
	return pub
}

// BenchmarkXMLBound: the XML token bound over the real publication, against the bare
// copy of the same bytes (BenchmarkBareCopy).
func BenchmarkXMLBound(b *testing.B) {
	p := publication(b)
	b.SetBytes(int64(len(p)))
	buf := make([]byte, 64<<10)
	for b.Loop() {
		if _, err := io.CopyBuffer(io.Discard, boundio.XML(bytes.NewReader(p), 1<<20), buf); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBareCopy(b *testing.B) {
	p := publication(b)
	b.SetBytes(int64(len(p)))
	buf := make([]byte, 64<<10)
	for b.Loop() {
		if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{bytes.NewReader(p)}, buf); err != nil {
			b.Fatal(err)
		}
	}
}
