package embedded

import (
	"context"
	_ "embed"
	"fmt"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
)

//go:embed ofac.snapshot
var snapshot []byte

// Publication describes the embedded publication.
type Publication struct {
	// Source is the list's name ("OFAC SDN").
	Source string
	// File is the name of the official file it was read from.
	File string
	// Published is the publication's date of issue.
	Published time.Time
	// SHA256 is the hex sha256 of the official publication (unpacked XML), as results
	// report it.
	SHA256 string
	// SnapshotSHA256 is the hex sha256 of the embedded snapshot.
	SnapshotSHA256 string
	// Values and Entities count the listed digital-currency values and their parties.
	Values, Entities int
}

// Info describes the embedded publication without decoding it.
func Info() Publication {
	p, _ := time.Parse(time.DateOnly, published)
	return Publication{Source: source, File: file, Published: p, SHA256: publicationSHA256,
		SnapshotSHA256: snapshotSHA256, Values: values, Entities: entities}
}

// Location is the Source.Location of the embedded list.
const Location = "embedded:" + file

// OFAC decodes the embedded publication. Each call returns a new List (callers may
// keep or change it). The snapshot is checked against its recorded digest and the
// list against the recorded publication; a mismatch (a corrupted build) is an error
// wrapping sanctions.ErrSnapshot, never a partial list.
func OFAC() (*sanctions.List, error) {
	l, err := sanctions.UnmarshalSnapshot(snapshot, snapshotSHA256)
	if err != nil {
		return nil, fmt.Errorf("embedded publication: %w", err)
	}
	if l.Source.SHA256 != publicationSHA256 || l.Source.Published.Format(time.DateOnly) != published ||
		len(l.Addresses) != values {
		return nil, fmt.Errorf("embedded publication: %w: snapshot of %s %s (%d values), recorded %s %s (%d values)",
			sanctions.ErrSnapshot, l.Source.Published.Format(time.DateOnly), l.Source.SHA256, len(l.Addresses),
			published, publicationSHA256, values)
	}
	l.Source.Location = Location
	l.Source.LoadedAt = time.Now().UTC()
	return l, nil
}

// Name is the list argument that names the embedded publication (as in the CLI's
// --list embedded). A file of that name is given as "./embedded".
const Name = "embedded"

// Open opens the list a program's --list argument names: Name is the embedded
// publication (see OFAC); any other argument is a file or directory read by
// sanctions.Open with opts. Programs that take a --list argument use it so that they
// run on a fresh clone, offline, with "--list embedded".
func Open(ctx context.Context, arg string, opts ...sanctions.Option) (*sanctions.List, error) {
	if arg == Name {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return OFAC()
	}
	return sanctions.Open(ctx, arg, opts...)
}
