package sanctions_test

import (
	"archive/zip"
	"compress/bzip2"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
)

// BenchmarkListStart compares a cold start (parsing the full 2025-11-19b publication,
// 121 MB of XML, plain or in the official .ZIP form) with a warm start (OpenCached with
// a valid snapshot). The publication is unpacked once, in the parent benchmark.
//
//	go test ./sanctions -run '^$' -bench ListStart -benchtime 10x
func BenchmarkListStart(b *testing.B) {
	src := testdata.Path(b, "ofac", "sdn_advanced", "2025-11-19b.xml.bz2")
	dir := b.TempDir()
	xmlPath := filepath.Join(dir, "SDN_ADVANCED.XML")
	zipPath := filepath.Join(dir, "SDN_ADVANCED.ZIP")
	unpackBench(b, src, xmlPath, zipPath)
	ctx := context.Background()

	b.Run("cold-xml", func(b *testing.B) {
		for b.Loop() {
			if _, err := sanctions.Open(ctx, xmlPath); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cold-zip", func(b *testing.B) {
		for b.Loop() {
			if _, err := sanctions.Open(ctx, zipPath); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm-snapshot", func(b *testing.B) {
		snaps := sanctions.WithSnapshotDir(b.TempDir())
		if _, err := sanctions.OpenCached(ctx, xmlPath, snaps); err != nil { // writes the snapshot
			b.Fatal(err)
		}
		for b.Loop() {
			l, err := sanctions.OpenCached(ctx, xmlPath, snaps)
			if err != nil {
				b.Fatal(err)
			}
			if len(l.Addresses) == 0 {
				b.Fatal("empty list")
			}
		}
	})
}

// unpackBench writes the unpacked XML and a zip of it.
func unpackBench(b *testing.B, src, xmlPath, zipPath string) {
	b.Helper()
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(xmlPath)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, bzip2.NewReader(in)); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	x, err := os.Open(xmlPath)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	z, err := os.Create(zipPath)
	if err != nil {
		b.Fatal(err)
	}
	zw := zip.NewWriter(z)
	w, err := zw.Create("SDN_ADVANCED.XML")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(w, x); err != nil {
		b.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	if err := z.Close(); err != nil {
		b.Fatal(err)
	}
}
