package sanctions

import (
	"crypto/sha256"
	"encoding/binary"
	"testing"
	"time"
)

// FuzzReadSnapshot feeds arbitrary payloads, framed with a valid header and checksum
// (so that the gob decoder and the consistency checks behind it are reached), to
// decodeSnapshot: it must return a list or an error wrapping errSnapshot, never panic.
// It works in memory (no file per execution) and the decoder refuses gob messages
// longer than the payload before encoding/gob allocates them.
func FuzzReadSnapshot(f *testing.F) {
	e := &Entity{ID: "1", Name: "PARTY", Type: "entity", Programs: []string{"CYBER2"}}
	l := NewList(Source{Name: "T", Published: time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC), SHA256: "ab"},
		[]ListedAddress{{Value: "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", Ticker: "ETH", Entity: e},
			{Value: "not an address", Ticker: "XMR", Entity: e, Tag: "7", Kind: ValueExchangeAccount}})
	b, err := encodeSnapshot("", l)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b[snapshotHeader : len(b)-sha256.Size])
	f.Add([]byte{})
	f.Add([]byte{0xf8, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}) // a gob message of 2^63 bytes
	f.Fuzz(func(t *testing.T, payload []byte) {
		buf := make([]byte, 0, snapshotHeader+len(payload)+sha256.Size)
		buf = append(buf, snapshotMagic...)
		buf = binary.BigEndian.AppendUint32(buf, snapshotVersion)
		buf = binary.BigEndian.AppendUint64(buf, uint64(len(payload)))
		buf = append(buf, payload...)
		sum := sha256.Sum256(payload)
		buf = append(buf, sum[:]...)
		l, _, err := decodeSnapshot(buf)
		if err == nil && (l == nil || l.Source.Published.IsZero()) {
			t.Fatalf("accepted a snapshot without a date of issue: %+v", l)
		}
	})
}
