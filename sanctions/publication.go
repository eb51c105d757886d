package sanctions

import (
	"time"

	"github.com/chainscreen/chainscreen/internal/boundio"
)

// Meta is what a publication does not say about itself: its name and date of issue.
// The legacy CSV set and custom lists carry neither.
type Meta struct {
	// Name becomes Source.Name. Readers document their default.
	Name string
	// Published is the date of issue (Source.Published). Readers of files default to the
	// file's modification time, readers of streams return ErrNoDate without it.
	Published time.Time
}

// MaxPublicationSize bounds the unpacked publication a reader or a download accepts (the 2025 publications are
// about 121 MB): a bigger stream — a decompression bomb, a server that never stops — is
// refused with ErrFormat before it exhausts memory or time.
const MaxPublicationSize = 1 << 30

// MaxTokenSize bounds one token or record of a publication as the readers see it: an XML
// token (a text between two tags, a tag, a comment), one element of a JSON array, one
// JSON line, one CSV record. The longest in the real publications is a few hundred bytes
// to a few KB (docs/RELIABILITY.md); a longer one is refused with an error wrapping
// ErrTooLarge and ErrFormat as soon as the limit is passed, so that a decompression bomb
// (a run of white space that never ends) costs the limit, not the size of the bomb.
const MaxTokenSize = 1 << 20

// ErrTooLarge is wrapped (with ErrFormat) by the error of a reader that met a token,
// record or file longer than its limit (MaxTokenSize, MaxPublicationSize or a reader's
// own). It is the error of internal/boundio's bounded readers.
var ErrTooLarge = boundio.ErrTooLarge
