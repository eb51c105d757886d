package sanctions

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzReadSnapshot feeds arbitrary payloads, framed with a valid header and checksum
// (so that the gob decoder and the consistency checks behind it are reached), to
// readSnapshot: it must return a list or an error wrapping errSnapshot, never panic.
func FuzzReadSnapshot(f *testing.F) {
	dir := f.TempDir()
	pub := filepath.Join(dir, "pub.xml")
	if err := os.WriteFile(pub, []byte("publication"), 0o600); err != nil {
		f.Fatal(err)
	}
	st, err := os.Stat(pub)
	if err != nil {
		f.Fatal(err)
	}
	e := &Entity{ID: "1", Name: "PARTY", Type: "entity", Programs: []string{"CYBER2"}}
	l := NewList(Source{Name: "T", Published: time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC), SHA256: "ab"},
		[]ListedAddress{{Value: "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", Ticker: "ETH", Entity: e},
			{Value: "not an address", Ticker: "XMR", Entity: e}})
	if err := writeSnapshot(pub, st, l); err != nil {
		f.Fatal(err)
	}
	b, err := os.ReadFile(SnapshotPath(pub))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b[snapshotHeader : len(b)-sha256.Size])
	f.Add([]byte{})
	snap := filepath.Join(dir, "fuzz.snapshot")
	f.Fuzz(func(t *testing.T, payload []byte) {
		var buf bytes.Buffer
		buf.WriteString(snapshotMagic)
		_ = binary.Write(&buf, binary.BigEndian, uint32(snapshotVersion))
		_ = binary.Write(&buf, binary.BigEndian, uint64(len(payload)))
		buf.Write(payload)
		sum := sha256.Sum256(payload)
		buf.Write(sum[:])
		if err := os.WriteFile(snap, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		l, err := readSnapshot(snap, st, "")
		if err == nil && (l == nil || l.Source.Published.IsZero()) {
			t.Fatalf("accepted a snapshot without a date of issue: %+v", l)
		}
	})
}
