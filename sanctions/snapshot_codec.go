package sanctions

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// MarshalSnapshot returns the snapshot of l: the list as read (entities, values,
// issues, provenance), in the framed format the cache uses (see the notes on snapshots).
// The bytes are a function of the list alone, so a snapshot regenerated from the same
// publication is byte-identical. l.Source.SHA256 must be set (the publication's digest).
//
// A snapshot is only as trustworthy as the digest it is checked against: keep the
// sha256 of the returned bytes apart from them and give it to UnmarshalSnapshot.
func MarshalSnapshot(l *List) ([]byte, error) {
	if l == nil {
		return nil, fmt.Errorf("%w: no list", ErrSnapshot)
	}
	return encodeSnapshot("", l)
}

// UnmarshalSnapshot decodes a snapshot written by MarshalSnapshot after checking that
// the sha256 of b is wantSHA256 (hex, recorded apart from the snapshot). Any mismatch
// or defect is an error wrapping ErrSnapshot; it never panics. The list's addresses are
// parsed again on load, as when the publication itself is read.
func UnmarshalSnapshot(b []byte, wantSHA256 string) (*List, error) {
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); wantSHA256 == "" || !strings.EqualFold(got, wantSHA256) {
		return nil, fmt.Errorf("%w: snapshot sha256 %s, want %q", ErrSnapshot, got, wantSHA256)
	}
	l, _, err := decodeSnapshot(b)
	return l, err
}
