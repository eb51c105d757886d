package sanctions

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"sort"
	"time"
)

// Snapshots.
//
// Parsing the 121 MB SDN_ADVANCED.XML takes a noticeable fraction of a second (more from
// a .bz2); the list it yields is a few hundred kilobytes. After a publication has been
// parsed once, OpenCached writes that list next to it as a snapshot (<path>.snapshot) and
// later starts read the snapshot instead.
//
// Validity: a snapshot is keyed by the publication file's size and modification time and
// by the sha256 of the unpacked publication recorded when it was parsed, plus a format
// version. Checking the key costs one stat; re-hashing the publication on every start
// would cost about 0.3 s and defeat the purpose. The trade-off: a file rewritten in place
// with the same size within the same mtime tick would not be noticed. The Fetcher never
// rewrites a publication in place (each one gets a new file name, derived from its
// sha256), and callers that know the expected sha256 (Fetcher.Current) check it too.
//
// Integrity: the snapshot carries a sha256 of its own payload; a snapshot that is
// truncated, corrupt, of another version or of another file is ignored (with a log line)
// and the publication is parsed again. A snapshot is never trusted partially.
//
// Layout: magic "CSSNAP\x00\x00" | version uint32 BE | payload length uint64 BE | payload
// (encoding/gob of snapshot) | sha256(payload).

const (
	snapshotSuffix  = ".snapshot"
	snapshotMagic   = "CSSNAP\x00\x00"
	snapshotVersion = 1
	snapshotHeader  = len(snapshotMagic) + 4 + 8
	// snapshotMaxSize bounds what is read: the 2025 list's snapshot is well under 1 MB.
	snapshotMaxSize = 256 << 20
)

// errSnapshot marks a snapshot that cannot be used.
var errSnapshot = errors.New("sanctions: snapshot unusable")

// snapshotKey ties a snapshot to one publication file.
type snapshotKey struct {
	Size    int64
	ModTime int64 // UnixNano
	SHA256  string
}

type snapshotAddr struct {
	Value  string
	Ticker string
	Entity int32 // index into Entities, -1 for none
}

// snapshot is the gob payload: the list as read, before classification. Addresses are
// re-classified on load (fast; it keeps address parsing in one place).
type snapshot struct {
	Key         snapshotKey
	Source      Source
	Entities    []Entity
	EntityKeys  []string // key of Entities[i] in List.Entities; "" = not in the map
	Addresses   []snapshotAddr
	Issues      []Issue
	Tickers     map[string]string
	EntityCount int
}

// SnapshotPath returns where OpenCached keeps the snapshot of the publication at path.
func SnapshotPath(path string) string { return path + snapshotSuffix }

// OpenCached reads the publication at path like Open, from its snapshot when the
// snapshot is valid for the file (see the package notes on snapshots in snapshot.go);
// otherwise it parses the file with Open and writes a snapshot for the next call. A
// snapshot that cannot be read or written is logged, never fatal. Source.Location is
// path and Source.LoadedAt is now, whichever way the list was read.
func OpenCached(ctx context.Context, path string, opts ...Option) (*List, error) {
	return openCached(ctx, path, "", opts)
}

// openCached is OpenCached; a non-empty wantSHA also requires the snapshot to be of the
// publication with that sha256.
func openCached(ctx context.Context, path, wantSHA string, opts []Option) (*List, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o := buildOptions(opts)
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	l, err := readSnapshot(SnapshotPath(path), st, wantSHA)
	if err == nil {
		l.Source.Location = path
		l.Source.LoadedAt = o.clock()
		o.logger.LogAttrs(ctx, slog.LevelInfo, "sanctions: list read from its snapshot",
			slog.String("location", path),
			slog.String("published", l.Source.Published.Format(time.DateOnly)),
			slog.String("sha256", l.Source.SHA256),
			slog.Int("addresses", len(l.Addresses)),
			slog.Duration("took", time.Since(start)))
		return l, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		o.logger.LogAttrs(ctx, slog.LevelWarn, "sanctions: snapshot ignored, parsing the publication",
			slog.String("location", path), slog.Any("error", err))
	}
	l, err = Open(ctx, path, opts...)
	if err != nil {
		return nil, err
	}
	// Write the snapshot only when the file did not change while it was parsed.
	if st2, err := os.Stat(path); err == nil && sameFile(st, st2) {
		if err := writeSnapshot(path, st, l); err != nil {
			o.logger.LogAttrs(ctx, slog.LevelWarn, "sanctions: could not write the list snapshot",
				slog.String("location", path), slog.Any("error", err))
		}
	}
	return l, nil
}

func sameFile(a, b fs.FileInfo) bool {
	return a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// writeSnapshot writes the snapshot of l, read from the publication file described by
// st, atomically next to path.
func writeSnapshot(path string, st fs.FileInfo, l *List) error {
	if l.Source.SHA256 == "" {
		return errors.New("list has no sha256")
	}
	s := snapshot{
		Key:         snapshotKey{Size: st.Size(), ModTime: st.ModTime().UnixNano(), SHA256: l.Source.SHA256},
		Source:      l.Source,
		Issues:      l.Issues,
		Tickers:     l.Tickers,
		EntityCount: l.EntityCount,
		Addresses:   make([]snapshotAddr, len(l.Addresses)),
	}
	s.Source.Location, s.Source.LoadedAt = "", time.Time{}
	idx := make(map[*Entity]int32, len(l.Entities))
	keys := make([]string, 0, len(l.Entities))
	for k := range l.Entities {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		e := l.Entities[k]
		if e == nil {
			continue
		}
		if _, ok := idx[e]; ok {
			return fmt.Errorf("entity %q is in the map under two keys", e.ID)
		}
		idx[e] = int32(len(s.Entities))
		s.Entities = append(s.Entities, *e)
		s.EntityKeys = append(s.EntityKeys, k)
	}
	for i, a := range l.Addresses {
		ei := int32(-1)
		if a.Entity != nil {
			var ok bool
			if ei, ok = idx[a.Entity]; !ok {
				ei = int32(len(s.Entities))
				idx[a.Entity] = ei
				s.Entities = append(s.Entities, *a.Entity)
				s.EntityKeys = append(s.EntityKeys, "")
			}
		}
		s.Addresses[i] = snapshotAddr{Value: a.Value, Ticker: a.Ticker, Entity: ei}
	}
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(&s); err != nil {
		return err
	}
	buf := make([]byte, 0, snapshotHeader+payload.Len()+sha256.Size)
	buf = append(buf, snapshotMagic...)
	buf = binary.BigEndian.AppendUint32(buf, snapshotVersion)
	buf = binary.BigEndian.AppendUint64(buf, uint64(payload.Len()))
	buf = append(buf, payload.Bytes()...)
	sum := sha256.Sum256(payload.Bytes())
	buf = append(buf, sum[:]...)
	return writeFileAtomic(SnapshotPath(path), buf)
}

// readSnapshot reads and checks a snapshot against the publication file described by
// st. Any defect is an error wrapping errSnapshot (or fs.ErrNotExist when there is none).
func readSnapshot(snapPath string, st fs.FileInfo, wantSHA string) (*List, error) {
	f, err := os.Open(snapPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fst, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fst.Size() < int64(snapshotHeader+sha256.Size) || fst.Size() > snapshotMaxSize {
		return nil, fmt.Errorf("%w: %s: size %d", errSnapshot, snapPath, fst.Size())
	}
	b := make([]byte, fst.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", errSnapshot, snapPath, err)
	}
	if string(b[:len(snapshotMagic)]) != snapshotMagic {
		return nil, fmt.Errorf("%w: %s: not a snapshot", errSnapshot, snapPath)
	}
	if v := binary.BigEndian.Uint32(b[len(snapshotMagic):]); v != snapshotVersion {
		return nil, fmt.Errorf("%w: %s: format version %d, want %d", errSnapshot, snapPath, v, snapshotVersion)
	}
	n := binary.BigEndian.Uint64(b[len(snapshotMagic)+4:])
	if n != uint64(len(b)-snapshotHeader-sha256.Size) {
		return nil, fmt.Errorf("%w: %s: truncated (payload %d bytes, file %d)", errSnapshot, snapPath, n, len(b))
	}
	payload := b[snapshotHeader : snapshotHeader+int(n)]
	if sum := sha256.Sum256(payload); !bytes.Equal(sum[:], b[snapshotHeader+int(n):]) {
		return nil, fmt.Errorf("%w: %s: checksum mismatch", errSnapshot, snapPath)
	}
	var s snapshot
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&s); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", errSnapshot, snapPath, err)
	}
	switch {
	case s.Key.Size != st.Size() || s.Key.ModTime != st.ModTime().UnixNano():
		return nil, fmt.Errorf("%w: %s: made for another version of the publication file", errSnapshot, snapPath)
	case s.Key.SHA256 == "" || s.Source.SHA256 != s.Key.SHA256:
		return nil, fmt.Errorf("%w: %s: inconsistent sha256", errSnapshot, snapPath)
	case wantSHA != "" && s.Key.SHA256 != wantSHA:
		return nil, fmt.Errorf("%w: %s: publication sha256 %s, want %s", errSnapshot, snapPath, s.Key.SHA256, wantSHA)
	case len(s.EntityKeys) != len(s.Entities):
		return nil, fmt.Errorf("%w: %s: inconsistent entity table", errSnapshot, snapPath)
	case s.Source.Published.IsZero() || s.EntityCount == 0:
		return nil, fmt.Errorf("%w: %s: no date of issue or no entities", errSnapshot, snapPath)
	}
	l := &List{
		Source:      s.Source,
		Entities:    make(map[string]*Entity, len(s.Entities)),
		Addresses:   make([]ListedAddress, len(s.Addresses)),
		Tickers:     s.Tickers,
		EntityCount: s.EntityCount,
	}
	if l.Tickers == nil {
		l.Tickers = map[string]string{}
	}
	ents := make([]*Entity, len(s.Entities))
	for i := range s.Entities {
		ents[i] = &s.Entities[i]
		if k := s.EntityKeys[i]; k != "" {
			l.Entities[k] = ents[i]
		}
	}
	for i, a := range s.Addresses {
		var e *Entity
		if a.Entity >= 0 {
			if int(a.Entity) >= len(ents) {
				return nil, fmt.Errorf("%w: %s: address %d refers to entity %d of %d", errSnapshot, snapPath, i, a.Entity, len(ents))
			}
			e = ents[a.Entity]
		}
		l.Addresses[i] = ListedAddress{Value: a.Value, Ticker: a.Ticker, Entity: e}
	}
	// classify sets Addr and Err; the issues it appends were already in the publication's
	// issue list when the snapshot was written, so that list replaces them.
	l.classify()
	l.Issues = s.Issues
	return l, nil
}
