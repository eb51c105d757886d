package sanctions

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// Snapshots.
//
// Parsing the 121 MB SDN_ADVANCED.XML takes seconds (more from a .bz2); the list it
// yields is a few hundred kilobytes. After a publication has been parsed once, its list
// is written as a snapshot and later starts read the snapshot instead.
//
// Snapshots are verified, never trusted (see docs/SNAPSHOTS.md for the threat model).
// A snapshot is accepted only when the sha256 of the whole snapshot file equals the
// digest recorded, when it was written, in a record kept apart from it: the cache's
// current.json for the Fetcher's publications, a per-file record in the snapshot
// directory for OpenCached. A snapshot replaced, altered, truncated or swapped for
// another publication's (even one with a valid internal checksum) does not match its
// record: it is ignored with a warning and the publication is parsed again.
//
// OpenCached binds a record to the publication file by its identity and change state
// (device, inode, size, modification time and status-change time): any write to the
// file changes its ctime, which no unprivileged process can set back, so a file
// rewritten in place is parsed again. Checking costs one stat and one read of the small
// snapshot; hashing the unpacked 121 MB publication on every start would cost most of a
// second.
//
// Layout: magic "CSSNAP\x00\x00" | version uint32 BE | payload length uint64 BE | payload
// (encoding/gob of snapshot) | sha256(payload).

const (
	snapshotSuffix  = ".snapshot"
	snapshotMagic   = "CSSNAP\x00\x00"
	snapshotVersion = 2
	snapshotHeader  = len(snapshotMagic) + 4 + 8
	// snapshotMaxSize bounds what is read: the 2025 list's snapshot is well under 1 MB.
	snapshotMaxSize = 256 << 20
	recordSuffix    = ".json"
	recordVersion   = 1
)

// ErrSnapshot marks a snapshot that cannot be used (OpenCached and Fetcher.Current
// then parse the publication; the error only reaches the log).
var ErrSnapshot = errors.New("sanctions: snapshot unusable")

// errSnapshot is ErrSnapshot (the name used inside the package).
var errSnapshot = ErrSnapshot

// snapshotKey ties a snapshot to one publication: the sha256 of the unpacked
// publication (Source.SHA256) and the format it was read as ("" = detected).
type snapshotKey struct {
	SHA256 string
	Format string
}

// snapshotAddr is a ListedAddress without its derived fields (Addr, Err: classify
// sets them on load) and with its entity as an index into snapshot.Entities (-1: none).
type snapshotAddr struct {
	Value, Ticker        string
	Entity               int32
	Category             Category
	Kind, Tag, Reference string
	ListedOn, Until      time.Time
	EndedBy              string
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

// snapshotRecord is the record OpenCached keeps apart from a snapshot: what file it was
// made from and the digest of the snapshot file.
type snapshotRecord struct {
	Version int    `json:"version"`
	Path    string `json:"path"`
	fileKey
	Format         string `json:"format"`
	SHA256         string `json:"sha256"`
	SnapshotSHA256 string `json:"snapshot_sha256"`
}

// fileKey is the identity and change state of a file (see the notes on snapshots).
type fileKey struct {
	Dev        uint64 `json:"dev"`
	Ino        uint64 `json:"ino"`
	Size       int64  `json:"size"`
	ModTime    int64  `json:"mtime_ns"`
	ChangeTime int64  `json:"ctime_ns"`
}

func keyOfFile(st fs.FileInfo) fileKey {
	k := fileKey{Size: st.Size(), ModTime: st.ModTime().UnixNano()}
	k.Dev, k.Ino, k.ChangeTime = sysFileKey(st)
	return k
}

// SnapshotPath returns where the Fetcher keeps the snapshot of the cached publication
// at path.
func SnapshotPath(path string) string { return path + snapshotSuffix }

// WithSnapshotDir sets the directory where OpenCached keeps snapshots and their records
// (default: <user cache dir>/chainscreen/snapshots). Only the process's user should be
// able to write it (see docs/SNAPSHOTS.md).
func WithSnapshotDir(dir string) Option {
	return func(o *options) { o.snapshotDir = dir }
}

// DefaultSnapshotDir returns <user cache dir>/chainscreen/snapshots.
func DefaultSnapshotDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "chainscreen", "snapshots"), nil
}

// OpenCached reads the publication at path like Open, from its snapshot when one was
// recorded for this very file (same device, inode, size, mtime and ctime, same forced
// format) and the snapshot's digest matches its record; otherwise it parses the file
// with Open and writes a snapshot and its record for the next call. A snapshot that
// cannot be read or written is logged (level Warn when it exists but does not match),
// never fatal. A directory (the OFAC legacy CSV set) is always parsed. Source.Location is
// path and Source.LoadedAt is now, whichever way the list was read.
func OpenCached(ctx context.Context, path string, opts ...Option) (*List, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o := buildOptions(opts)
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	dir := o.snapshotDir
	if dir == "" {
		if dir, err = DefaultSnapshotDir(); err != nil {
			o.logger.LogAttrs(ctx, slog.LevelDebug, "sanctions: no snapshot directory", slog.Any("error", err))
			return Open(ctx, path, opts...)
		}
	}
	if st.IsDir() || !st.Mode().IsRegular() {
		return Open(ctx, path, opts...)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return Open(ctx, path, opts...)
	}
	id := sha256.Sum256([]byte(abs))
	base := filepath.Join(dir, hex.EncodeToString(id[:16]))
	start := time.Now()
	l, err := readRecorded(base, abs, keyOfFile(st), o.format)
	if err == nil {
		l.Source.Location = path
		l.Source.LoadedAt = o.clock()
		logSnapshotRead(ctx, o.logger, path, l, start)
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
	if st2, err := os.Stat(path); err == nil && keyOfFile(st) == keyOfFile(st2) {
		if err := writeRecorded(base, abs, keyOfFile(st), o.format, l); err != nil {
			o.logger.LogAttrs(ctx, slog.LevelWarn, "sanctions: could not write the list snapshot",
				slog.String("location", path), slog.Any("error", err))
		}
	}
	return l, nil
}

func logSnapshotRead(ctx context.Context, log *slog.Logger, path string, l *List, start time.Time) {
	log.LogAttrs(ctx, slog.LevelInfo, "sanctions: list read from its snapshot",
		slog.String("location", path),
		slog.String("published", l.Source.Published.Format(time.DateOnly)),
		slog.String("sha256", l.Source.SHA256),
		slog.Int("addresses", len(l.Addresses)),
		slog.Duration("took", time.Since(start)))
}

// readRecorded reads the snapshot at base+".snapshot" when the record at base+".json"
// describes the file (abs, key, format) and the snapshot's digest.
func readRecorded(base, abs string, key fileKey, format string) (*List, error) {
	b, err := os.ReadFile(base + recordSuffix)
	if err != nil {
		return nil, err
	}
	var r snapshotRecord
	if err := json.Unmarshal(b, &r); err != nil || r.Version != recordVersion {
		return nil, fmt.Errorf("%w: %s: unreadable record (version %d): %v", errSnapshot, base+recordSuffix, r.Version, err)
	}
	switch {
	case r.Path != abs:
		return nil, fmt.Errorf("%w: %s: record of %s, not %s", errSnapshot, base+recordSuffix, r.Path, abs)
	case r.fileKey != key:
		return nil, fmt.Errorf("%w: the publication file changed since its snapshot was made (%+v, recorded %+v)", errSnapshot, key, r.fileKey)
	case r.Format != format:
		return nil, fmt.Errorf("%w: snapshot made with format %q, %q asked", errSnapshot, r.Format, format)
	}
	return readSnapshotFile(base+snapshotSuffix, r.SnapshotSHA256, r.SHA256, format)
}

// writeRecorded writes the snapshot of l, then its record (both atomically).
func writeRecorded(base, abs string, key fileKey, format string, l *List) error {
	if err := os.MkdirAll(filepath.Dir(base), 0o700); err != nil {
		return err
	}
	sum, err := writeSnapshot(base+snapshotSuffix, format, l)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(snapshotRecord{Version: recordVersion, Path: abs, fileKey: key, Format: format,
		SHA256: l.Source.SHA256, SnapshotSHA256: sum}, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(base+recordSuffix, append(b, '\n'))
}

// encodeSnapshot returns the framed snapshot of l, read as format.
func encodeSnapshot(format string, l *List) ([]byte, error) {
	if l.Source.SHA256 == "" {
		return nil, errors.New("list has no sha256")
	}
	s := snapshot{
		Key:         snapshotKey{SHA256: l.Source.SHA256, Format: format},
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
			return nil, fmt.Errorf("entity %q is in the map under two keys", e.ID)
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
		s.Addresses[i] = snapshotAddr{Value: a.Value, Ticker: a.Ticker, Entity: ei, Category: a.Category,
			Kind: a.Kind, Tag: a.Tag, Reference: a.Reference, ListedOn: a.ListedOn, Until: a.Until, EndedBy: a.EndedBy}
	}
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(&s); err != nil {
		return nil, err
	}
	buf := make([]byte, 0, snapshotHeader+payload.Len()+sha256.Size)
	buf = append(buf, snapshotMagic...)
	buf = binary.BigEndian.AppendUint32(buf, snapshotVersion)
	buf = binary.BigEndian.AppendUint64(buf, uint64(payload.Len()))
	buf = append(buf, payload.Bytes()...)
	sum := sha256.Sum256(payload.Bytes())
	buf = append(buf, sum[:]...)
	return buf, nil
}

// writeSnapshot writes the snapshot of l atomically to snapPath and returns the sha256
// of the file written, to be recorded apart from it.
func writeSnapshot(snapPath, format string, l *List) (string, error) {
	buf, err := encodeSnapshot(format, l)
	if err != nil {
		return "", err
	}
	if err := writeFileAtomic(snapPath, buf); err != nil {
		return "", err
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:]), nil
}

// readSnapshotFile reads the snapshot at snapPath and checks it against its recorded
// digest (wantSnapSHA, required) and publication (wantSHA, required; format).
func readSnapshotFile(snapPath, wantSnapSHA, wantSHA, format string) (*List, error) {
	if wantSnapSHA == "" || wantSHA == "" {
		return nil, fmt.Errorf("%w: %s: no digest recorded for it", errSnapshot, snapPath)
	}
	f, err := os.Open(snapPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, snapshotMaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", errSnapshot, snapPath, err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != wantSnapSHA {
		return nil, fmt.Errorf("%w: %s: its sha256 is not the one recorded when it was written (altered, truncated or replaced)", errSnapshot, snapPath)
	}
	l, k, err := decodeSnapshot(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", snapPath, err)
	}
	switch {
	case k.SHA256 != wantSHA:
		return nil, fmt.Errorf("%w: %s: publication sha256 %s, want %s", errSnapshot, snapPath, k.SHA256, wantSHA)
	case k.Format != format:
		return nil, fmt.Errorf("%w: %s: made with format %q, %q asked", errSnapshot, snapPath, k.Format, format)
	}
	return l, nil
}

// decodeSnapshot decodes a framed snapshot. Any defect is an error wrapping
// errSnapshot; it never panics (FuzzReadSnapshot).
func decodeSnapshot(b []byte) (*List, snapshotKey, error) {
	if len(b) < snapshotHeader+sha256.Size || len(b) > snapshotMaxSize {
		return nil, snapshotKey{}, fmt.Errorf("%w: size %d", errSnapshot, len(b))
	}
	if string(b[:len(snapshotMagic)]) != snapshotMagic {
		return nil, snapshotKey{}, fmt.Errorf("%w: not a snapshot", errSnapshot)
	}
	if v := binary.BigEndian.Uint32(b[len(snapshotMagic):]); v != snapshotVersion {
		return nil, snapshotKey{}, fmt.Errorf("%w: format version %d, want %d", errSnapshot, v, snapshotVersion)
	}
	n := binary.BigEndian.Uint64(b[len(snapshotMagic)+4:])
	if n != uint64(len(b)-snapshotHeader-sha256.Size) {
		return nil, snapshotKey{}, fmt.Errorf("%w: truncated (payload %d bytes, file %d)", errSnapshot, n, len(b))
	}
	payload := b[snapshotHeader : snapshotHeader+int(n)]
	if sum := sha256.Sum256(payload); !bytes.Equal(sum[:], b[snapshotHeader+int(n):]) {
		return nil, snapshotKey{}, fmt.Errorf("%w: checksum mismatch", errSnapshot)
	}
	l, k, err := decodePayload(payload)
	if err != nil {
		return nil, snapshotKey{}, err
	}
	return l, k, nil
}

// decodePayload decodes and checks the gob payload of a snapshot.
func decodePayload(payload []byte) (l *List, k snapshotKey, err error) {
	if err := checkGobFraming(payload); err != nil {
		return nil, k, err
	}
	var s snapshot
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&s); err != nil {
		return nil, k, fmt.Errorf("%w: %w", errSnapshot, err)
	}
	switch {
	case s.Key.SHA256 == "" || s.Source.SHA256 != s.Key.SHA256:
		return nil, k, fmt.Errorf("%w: inconsistent sha256", errSnapshot)
	case len(s.EntityKeys) != len(s.Entities):
		return nil, k, fmt.Errorf("%w: inconsistent entity table", errSnapshot)
	case s.Source.Published.IsZero() || s.EntityCount == 0:
		return nil, k, fmt.Errorf("%w: no date of issue or no entities", errSnapshot)
	}
	l = &List{
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
		switch {
		case a.Entity >= 0 && int(a.Entity) < len(ents):
			e = ents[a.Entity]
		case a.Entity != -1:
			return nil, k, fmt.Errorf("%w: address %d refers to entity %d of %d", errSnapshot, i, a.Entity, len(ents))
		}
		l.Addresses[i] = ListedAddress{Value: a.Value, Ticker: a.Ticker, Entity: e, Category: a.Category,
			Kind: a.Kind, Tag: a.Tag, Reference: a.Reference, ListedOn: a.ListedOn, Until: a.Until, EndedBy: a.EndedBy}
	}
	// classify sets Addr and Err; the issues it appends were already in the publication's
	// issue list when the snapshot was written, so that list replaces them.
	l.classify()
	l.Issues = s.Issues
	return l, s.Key, nil
}

// checkGobFraming walks the message lengths of a gob stream held in memory and refuses
// one longer than the bytes that follow. encoding/gob allocates a message's buffer from
// its declared length before reading it (up to gigabytes), so a corrupt length in a
// small snapshot would cost that much memory and time: this is what kept
// FuzzReadSnapshot to a handful of executions.
func checkGobFraming(b []byte) error {
	for len(b) > 0 {
		n, w := gobUint(b)
		if w == 0 || n > uint64(len(b)-w) {
			return fmt.Errorf("%w: gob message of %d bytes with %d left", errSnapshot, n, len(b)-w)
		}
		b = b[w+int(n):]
	}
	return nil
}

// gobUint decodes a gob unsigned integer: one byte below 0x80, else the negated byte
// count followed by that many big-endian bytes. w is 0 when b is too short or invalid.
func gobUint(b []byte) (n uint64, w int) {
	if len(b) == 0 {
		return 0, 0
	}
	if b[0] < 0x80 {
		return uint64(b[0]), 1
	}
	c := int(-int8(b[0]))
	if c > 8 || c < 1 || len(b) < 1+c {
		return 0, 0
	}
	for _, x := range b[1 : 1+c] {
		n = n<<8 | uint64(x)
	}
	return n, 1 + c
}
