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
	name     string
	modTime  time.Time
	format   string
	// snapshotDir is where OpenCached keeps snapshots (WithSnapshotDir).
	snapshotDir string
}

// ReadOptions are the resolved options, for readers in the source packages.
type ReadOptions struct {
	// Logger is never nil (the default discards).
	Logger *slog.Logger
	// Clock is never nil (default time.Now).
	Clock func() time.Time
	// Location is the path or URL the publication came from ("" when unknown).
	Location string
	// Name is the file's base name ("" when unknown).
	Name string
	// ModTime is the file's modification time (zero when unknown): a fallback date for
	// formats that carry none (custom lists).
	ModTime time.Time
	// Format is the forced format name ("" to detect).
	Format string
}

// ResolveOptions applies opts over the defaults. Readers in the source packages call it.
func ResolveOptions(opts ...Option) ReadOptions {
	o := buildOptions(opts)
	return ReadOptions{Logger: o.logger, Clock: o.clock, Location: o.location, Name: o.name,
		ModTime: o.modTime, Format: o.format}
}

// WithFile sets the file's base name and modification time (Open sets them).
func WithFile(name string, modTime time.Time) Option {
	return func(o *options) { o.name, o.modTime = name, modTime }
}

// WithFormat forces a registered format instead of detecting it from the content.
func WithFormat(name string) Option {
	return func(o *options) { o.format = name }
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

// Open reads a list publication from a file of any registered format (see Format). The
// file may be plain or packed: bzip2 (.bz2), gzip (.gz) or zip (a single member of the
// format, such as the official SDN_ADVANCED.ZIP's .xml). The packing is detected from the
// magic bytes; the format from the unpacked content by the registered sniffers, unless
// WithFormat forces one. A directory is read by the format that reads directories (the
// OFAC legacy CSV set). Source.Location is path; readers of formats without a date of
// issue default it to the file's modification time (see the source package).
//
// A missing file returns the os error (errors.Is(err, fs.ErrNotExist)); a corrupt or
// truncated archive returns an error wrapping ErrFormat; content of no registered format
// returns ErrUnknownFormat naming the formats tried.
func Open(ctx context.Context, path string, opts ...Option) (*List, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o := buildOptions(opts)
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	// The path's defaults first: a caller's WithFile or WithLocation (the Fetcher reading
	// a temp file) wins.
	opts = append([]Option{WithLocation(path), WithFile(filepath.Base(path), st.ModTime())}, opts...)
	if st.IsDir() {
		return openDir(ctx, path, o.format, opts)
	}
	if !st.Mode().IsRegular() {
		// A FIFO, device or socket would block or never end: refused before any read.
		return nil, fmt.Errorf("%w: %s is a %s, not a regular file", ErrNotRegularFile, path, fileKind(st.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()

	br := bufio.NewReaderSize(f, 64<<10)
	magic, _ := br.Peek(4)
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case bytes.HasPrefix(magic, []byte("BZh")):
		return readFormat(ctx, &formatErrReader{r: bzip2.NewReader(br), what: "bzip2 " + path}, o.format, opts)
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%w: gzip %s: %w", ErrFormat, path, err)
		}
		defer zr.Close()
		return readFormat(ctx, &formatErrReader{r: zr, what: "gzip " + path}, o.format, opts)
	case bytes.HasPrefix(magic, []byte("PK")):
		return openZip(ctx, f, path, o.format, opts)
	case ext == ".bz2" || ext == ".zip" || ext == ".gz":
		return nil, fmt.Errorf("%w: %s is not a %s archive (magic %q)", ErrFormat, path, ext[1:], magic)
	}
	return readFormat(ctx, br, o.format, opts)
}

// ReadFormat reads one publication from r: of the forced format when format is not
// empty, otherwise of the format the registered sniffers recognise in its first bytes.
func ReadFormat(ctx context.Context, r io.Reader, format string, opts ...Option) (*List, error) {
	return readFormat(ctx, r, format, opts)
}

func readFormat(ctx context.Context, r io.Reader, format string, opts []Option) (*List, error) {
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < SniffLen {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	var f Format
	if format != "" {
		var ok bool
		if f, ok = LookupFormat(format); !ok || f.Read == nil {
			return nil, fmt.Errorf("%w: %q (registered: %s)", ErrUnknownFormat, format, strings.Join(FormatNames(), ", "))
		}
	} else {
		head, err := br.Peek(SniffLen)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return nil, err
		}
		if f, err = sniff(head); err != nil {
			return nil, err
		}
	}
	return f.Read(ctx, br, opts...)
}

func openDir(ctx context.Context, dir, format string, opts []Option) (*List, error) {
	var tried []string
	for _, f := range Formats() {
		if f.OpenDir == nil {
			continue
		}
		if (format != "" && f.Name == format) || (format == "" && f.SniffDir != nil && f.SniffDir(dir)) {
			return f.OpenDir(ctx, dir, opts...)
		}
	}
	for _, f := range Formats() {
		if f.OpenDir != nil {
			tried = append(tried, f.Name)
		}
	}
	return nil, fmt.Errorf("%w: %s is a directory and no registered format %s reads directories (those that do: %s)",
		ErrUnknownFormat, dir, format, strings.Join(tried, ", "))
}

func openZip(ctx context.Context, f *os.File, path, format string, opts []Option) (*List, error) {
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
	if len(xmls) == 0 {
		// Not an OFAC zip: a zip of one file of another format.
		for _, m := range zr.File {
			if !m.FileInfo().IsDir() {
				xmls = append(xmls, m)
			}
		}
		if len(xmls) > 1 {
			xmls = nil
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
	return readFormat(ctx, &formatErrReader{r: rc, what: "zip " + path + ": " + xmls[0].Name}, format, opts)
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

// ErrNotRegularFile: a list path names a FIFO, a device or a socket. Open refuses it
// before reading (a FIFO blocks until a writer comes, a device may never end).
var ErrNotRegularFile = errors.New("sanctions: list is not a regular file")

func fileKind(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "named pipe (FIFO)"
	case m&os.ModeSocket != 0:
		return "socket"
	case m&os.ModeCharDevice != 0:
		return "character device"
	case m&os.ModeDevice != 0:
		return "device"
	}
	return "special file (" + m.Type().String() + ")"
}
