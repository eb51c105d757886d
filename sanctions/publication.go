package sanctions

import "time"

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
