package nbctf_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/nbctf"
	_ "github.com/chainscreen/chainscreen/sanctions/ofac" // the list formats read by these tests
)

func benchFiles(b *testing.B) (w, r []byte) {
	dir := testdata.Path(b, "lists", "nbctf")
	w, err := os.ReadFile(filepath.Join(dir, nbctf.WalletsFile))
	if err != nil {
		b.Fatal(err)
	}
	r, err = os.ReadFile(filepath.Join(dir, nbctf.ReleasesFile))
	if err != nil {
		b.Fatal(err)
	}
	return w, r
}

// BenchmarkRead reads the real tables from memory into a List (parsing, quirks, the
// address index keys of NewList).
func BenchmarkRead(b *testing.B) {
	w, r := benchFiles(b)
	b.SetBytes(int64(len(w) + len(r)))
	b.ReportAllocs()
	for b.Loop() {
		l, err := nbctf.ReadFiles(context.Background(), bytes.NewReader(w), bytes.NewReader(r))
		if err != nil || len(l.Addresses) != wantListed {
			b.Fatal(err)
		}
	}
}

// BenchmarkBareCSV is the floor: encoding/csv reading the same two tables into records.
func BenchmarkBareCSV(b *testing.B) {
	w, r := benchFiles(b)
	b.SetBytes(int64(len(w) + len(r)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, in := range [][]byte{w, r} {
			cr := csv.NewReader(bytes.NewReader(in))
			cr.FieldsPerRecord = -1
			recs, err := cr.ReadAll()
			if err != nil {
				b.Fatal(err)
			}
			n += len(recs)
		}
		if n != 944+44 {
			b.Fatal(n)
		}
	}
}

// BenchmarkOpenDir is Read plus the two file reads, as sanctions.Open does it.
func BenchmarkOpenDir(b *testing.B) {
	dir := testdata.Path(b, "lists", "nbctf")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := nbctf.OpenDir(context.Background(), dir); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewList is the part of Read that is not the reader's: sanctions.NewList
// decoding the 887 listed values into index keys.
func BenchmarkNewList(b *testing.B) {
	w, r := benchFiles(b)
	l, err := nbctf.ReadFiles(context.Background(), bytes.NewReader(w), bytes.NewReader(r))
	if err != nil {
		b.Fatal(err)
	}
	addrs := make([]sanctions.ListedAddress, len(l.Addresses))
	b.ReportAllocs()
	for b.Loop() {
		for i, la := range l.Addresses {
			la.Addr, la.Err = address.Address{}, nil
			addrs[i] = la
		}
		if nl := sanctions.NewList(l.Source, addrs); len(nl.Addresses) != wantListed {
			b.Fatal(len(nl.Addresses))
		}
	}
}
