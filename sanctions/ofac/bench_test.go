package ofac

import (
	"bytes"
	"compress/bzip2"
	"context"
	"encoding/xml"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"

	"github.com/orisano/gosax"
)

// The benchmarks run on the real 2025-11-19b publication (121 MB unpacked), unpacked once
// per test binary and held in memory, so that they measure parsing, not the disk.

const benchPublication = "2025-11-19b"

var benchXML struct {
	once sync.Once
	data []byte
	bz2  []byte
	err  error
}

func benchData(b *testing.B) (xmlBytes, bz2Bytes []byte) {
	b.Helper()
	path := testdata.Path(b, "ofac", "sdn_advanced", benchPublication+".xml.bz2")
	benchXML.once.Do(func() {
		benchXML.bz2, benchXML.err = os.ReadFile(path)
		if benchXML.err != nil {
			return
		}
		benchXML.data, benchXML.err = io.ReadAll(bzip2.NewReader(bytes.NewReader(benchXML.bz2)))
	})
	if benchXML.err != nil {
		b.Fatal(benchXML.err)
	}
	return benchXML.data, benchXML.bz2
}

// heapPeak samples the heap (runtime/metrics, no stop-the-world) while f runs and returns
// the highest heap-objects figure seen above the level before f, and the level after f
// once collected (what the result retains).
func heapPeak(f func()) (peak, retained uint64) {
	const name = "/memory/classes/heap/objects:bytes"
	read := func() uint64 {
		s := []metrics.Sample{{Name: name}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	runtime.GC()
	base := read()
	var max atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			if v := read(); v > max.Load() {
				max.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	if v := read(); v > max.Load() {
		max.Store(v)
	}
	runtime.GC()
	after := read()
	sub := func(a, b uint64) uint64 {
		if a < b {
			return 0
		}
		return a - b
	}
	return sub(max.Load(), base), sub(after, base)
}

// BenchmarkLoadOFACAdvancedXML is the whole load of the unpacked publication: XML parse,
// sha256, entity resolution and address classification.
func BenchmarkLoadOFACAdvancedXML(b *testing.B) {
	data, _ := benchData(b)
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var l *sanctions.List
	for b.Loop() {
		var err error
		l, err = ReadAdvanced(ctx, bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var keep *sanctions.List
	peak, retained := heapPeak(func() { keep, _ = ReadAdvanced(ctx, bytes.NewReader(data)) })
	runtime.KeepAlive(keep)
	b.ReportMetric(float64(peak), "peak-heap-B")
	b.ReportMetric(float64(retained), "retained-B")
	b.ReportMetric(float64(len(l.Addresses)), "addresses")
}

// BenchmarkBareEncodingXMLRawToken is the baseline of the standard library: one RawToken
// pass over the same bytes, doing nothing with the tokens.
func BenchmarkBareEncodingXMLRawToken(b *testing.B) {
	data, _ := benchData(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			_, err := d.RawToken()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkBareGosaxPass is the floor: one gosax event pass over the same bytes.
func BenchmarkBareGosaxPass(b *testing.B) {
	data, _ := benchData(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := gosax.NewReader(bytes.NewReader(data))
		for {
			ev, err := r.Event()
			if err != nil {
				b.Fatal(err)
			}
			if ev.Type() == gosax.EventEOF {
				break
			}
		}
	}
}

// BenchmarkDecompressBZ2 is the cost of the .bz2 form alone (bytes are the unpacked size).
func BenchmarkDecompressBZ2(b *testing.B) {
	data, bz := benchData(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n, err := io.Copy(io.Discard, bzip2.NewReader(bytes.NewReader(bz)))
		if err != nil || n != int64(len(data)) {
			b.Fatal(n, err)
		}
	}
}
