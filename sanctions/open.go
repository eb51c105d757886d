package sanctions

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Option configures a reader.
type Option func(*options)

type options struct {
	logger   *slog.Logger
	clock    func() time.Time
	location string
}

// WithLogger sets the logger that receives a summary of each read (level Info). The
// default discards.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.logger = l
		}
	}
}

// WithClock sets the clock that stamps Source.LoadedAt. The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(o *options) {
		if now != nil {
			o.clock = now
		}
	}
}

// WithLocation sets Source.Location (the path or URL the publication came from) for
// readers that only see an io.Reader. Open sets it to the path.
func WithLocation(loc string) Option {
	return func(o *options) { o.location = loc }
}

func buildOptions(opts []Option) options {
	o := options{logger: slog.New(slog.DiscardHandler), clock: time.Now}
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	return o
}

// Open reads an OFAC SDN_ADVANCED.XML publication from a file: plain XML, bzip2
// (.xml.bz2), gzip (.xml.gz) or zip (the official SDN_ADVANCED.ZIP: its single .xml
// member). The form is detected from the content (magic bytes); the extension only
// decides what a file that matches no magic should have been. Source.SHA256 is the sha256
// of the unpacked XML and Source.Location is path.
//
// A missing file returns the os error (errors.Is(err, fs.ErrNotExist)); a corrupt or
// truncated archive returns an error wrapping ErrFormat.
func Open(ctx context.Context, path string, opts ...Option) (*List, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	opts = append(opts[:len(opts):len(opts)], WithLocation(path))

	br := bufio.NewReaderSize(f, 64<<10)
	magic, _ := br.Peek(4)
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case bytes.HasPrefix(magic, []byte("BZh")):
		return ReadOFACAdvanced(ctx, &formatErrReader{r: bzip2.NewReader(br), what: "bzip2 " + path}, opts...)
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%w: gzip %s: %w", ErrFormat, path, err)
		}
		defer zr.Close()
		return ReadOFACAdvanced(ctx, &formatErrReader{r: zr, what: "gzip " + path}, opts...)
	case bytes.HasPrefix(magic, []byte("PK")):
		return openZip(ctx, f, path, opts)
	case ext == ".bz2" || ext == ".zip" || ext == ".gz":
		return nil, fmt.Errorf("%w: %s is not a %s archive (magic %q)", ErrFormat, path, ext[1:], magic)
	}
	return ReadOFACAdvanced(ctx, br, opts...)
}

func openZip(ctx context.Context, f *os.File, path string, opts []Option) (*List, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("%w: zip %s: %w", ErrFormat, path, err)
	}
	var xmls []*zip.File
	for _, m := range zr.File {
		if !m.FileInfo().IsDir() && strings.EqualFold(filepath.Ext(m.Name), ".xml") {
			xmls = append(xmls, m)
		}
	}
	switch len(xmls) {
	case 0:
		return nil, fmt.Errorf("%w: zip %s holds no .xml member (%d members)", ErrFormat, path, len(zr.File))
	case 1:
	default:
		names := make([]string, len(xmls))
		for i, m := range xmls {
			names[i] = m.Name
		}
		return nil, fmt.Errorf("%w: zip %s holds %d .xml members %q, want one", ErrFormat, path, len(xmls), names)
	}
	rc, err := xmls[0].Open()
	if err != nil {
		return nil, fmt.Errorf("%w: zip %s: %s: %w", ErrFormat, path, xmls[0].Name, err)
	}
	defer rc.Close()
	return ReadOFACAdvanced(ctx, &formatErrReader{r: rc, what: "zip " + path + ": " + xmls[0].Name}, opts...)
}

// formatErrReader marks the errors of a decompressor that mean "corrupt or truncated
// archive" as ErrFormat, so that callers can tell them from I/O failures.
type formatErrReader struct {
	r    io.Reader
	what string
}

func (fr *formatErrReader) Read(b []byte) (int, error) {
	n, err := fr.r.Read(b)
	if err != nil && err != io.EOF && isCorrupt(err) {
		err = fmt.Errorf("%w: %s: %w", ErrFormat, fr.what, err)
	}
	return n, err
}

func isCorrupt(err error) bool {
	var se bzip2.StructuralError
	var ce flate.CorruptInputError
	return errors.As(err, &se) || errors.As(err, &ce) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, zip.ErrChecksum) ||
		errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrAlgorithm) ||
		errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader)
}
