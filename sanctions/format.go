package sanctions

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// ErrUnknownFormat: a list file matches no registered format (the error names the
// formats it tried, and also wraps ErrFormat), or a forced format name is not registered.
var ErrUnknownFormat = errors.New("sanctions: unknown list format")

// ErrSameSource: two publications of the same source were given where one is expected
// (merging them would screen against the older one as if it were current).
var ErrSameSource = errors.New("sanctions: two publications of the same source")

// Format is a registered list format: a sniffer that recognises its files from their
// first bytes and a reader. Each source package (sanctions/ofac, sanctions/nbctf,
// sanctions/opensanctions, sanctions/freeze, sanctions/custom) registers its formats in
// an init function, in the spirit of image.RegisterFormat; import the package (or
// sanctions/all) for Open to know them.
type Format struct {
	// Name is the format's short name, used to force it ("ofac", "ofac-csv", "nbctf",
	// "ftm", "freeze-logs", "custom").
	Name string
	// Description says what the format is, for error messages and `lists info`.
	Description string
	// Sniff reports whether head (the first bytes of the unpacked file, at most
	// SniffLen, fewer for a short file) looks like this format. nil: the format is
	// only used when forced.
	Sniff func(head []byte) bool
	// Read reads one publication. Options carry the location, clock, logger and the
	// file's name and modification time (see ReadOptions).
	Read func(ctx context.Context, r io.Reader, opts ...Option) (*List, error)
	// OpenDir reads a publication that is a directory of files (the OFAC legacy CSV
	// set); nil when the format is a single file.
	OpenDir func(ctx context.Context, dir string, opts ...Option) (*List, error)
	// SniffDir reports whether a directory holds a publication of this format (from the
	// names of its files). nil: the format's OpenDir is only used when forced.
	SniffDir func(dir string) bool
	// URLs are the official download locations of the source, in order of preference;
	// empty when the source publishes no file to download.
	URLs []string
}

// SniffLen is how many leading bytes of a file are given to the sniffers.
const SniffLen = 4096

var registry struct {
	sync.RWMutex
	formats []Format
}

// RegisterFormat registers a list format. It panics when the name is empty or already
// registered (a programming error, caught at init).
func RegisterFormat(f Format) {
	registry.Lock()
	defer registry.Unlock()
	if f.Name == "" || (f.Read == nil && f.OpenDir == nil) {
		panic("sanctions: RegisterFormat of a format without a name or a reader")
	}
	for _, g := range registry.formats {
		if g.Name == f.Name {
			panic("sanctions: RegisterFormat called twice for " + f.Name)
		}
	}
	registry.formats = append(registry.formats, f)
}

// Formats returns the registered formats, in registration order.
func Formats() []Format {
	registry.RLock()
	defer registry.RUnlock()
	return slices.Clone(registry.formats)
}

// LookupFormat returns the registered format of that name.
func LookupFormat(name string) (Format, bool) {
	registry.RLock()
	defer registry.RUnlock()
	for _, f := range registry.formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// FormatNames returns the names of the registered formats, for messages.
func FormatNames() []string {
	fs := Formats()
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Name
	}
	return names
}

// sniff returns the first registered format whose sniffer accepts head.
func sniff(head []byte) (Format, error) {
	for _, f := range Formats() {
		if f.Sniff != nil && f.Sniff(head) {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("%w (%w): the content matches none of the registered formats (%s); force one with FORMAT:FILE",
		ErrUnknownFormat, ErrFormat, strings.Join(FormatNames(), ", "))
}

// CheckDistinctSources returns an error wrapping ErrSameSource when two lists are
// publications of the same source (same Source.Name).
func CheckDistinctSources(lists []*List) error {
	seen := map[string]*List{}
	for _, l := range lists {
		if o, ok := seen[l.Source.Name]; ok {
			return fmt.Errorf("%w: %q published %s and %s; give one publication per source",
				ErrSameSource, l.Source.Name, o.Source.Published.Format("2006-01-02"),
				l.Source.Published.Format("2006-01-02"))
		}
		seen[l.Source.Name] = l
	}
	return nil
}
