package cache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chainscreen/chainscreen/internal/atomicfile"
	"github.com/chainscreen/chainscreen/internal/retry"
	"github.com/chainscreen/chainscreen/sanctions"
)

// Fetcher defaults.
const (
	DefaultTimeout     = 5 * time.Minute
	DefaultRetries     = 3
	defaultBackoffBase = time.Second
	defaultBackoffMax  = 30 * time.Second
	metaFile           = "current.json"
	previousMetaFile   = "previous.json"
	metaVersion        = 1
)

// Errors of the Fetcher. Every error returned by Update wraps one of these, or one of the
// readers' errors (ErrFormat, ErrNoDate, ErrEmpty), or the context's error; test with
// errors.Is.
var (
	// ErrDownload: the publication could not be downloaded (network failure, connection
	// reset, unexpected HTTP status, truncated body, timeout).
	ErrDownload = errors.New("cache: download failed")
	// ErrNoList: the cache holds no good publication.
	ErrNoList = errors.New("cache: no cached list")
	// ErrCorrupt: the cached publication no longer matches what was validated.
	ErrCorrupt = errors.New("cache: cached publication does not match its record")
)

// HTTPStatusError is an unexpected HTTP status. It wraps ErrDownload.
type HTTPStatusError struct {
	URL        string
	StatusCode int
	Status     string
	// RetryAfter is the server's Retry-After on a 429 or 503 (zero when absent).
	RetryAfter time.Duration
}

func (e *HTTPStatusError) Error() string {
	return fmt.Sprintf("cache: GET %s: HTTP %s", e.URL, e.Status)
}

// Unwrap makes errors.Is(err, ErrDownload) true.
func (e *HTTPStatusError) Unwrap() error { return ErrDownload }

// Config configures a Fetcher. Only CacheDir is required.
type Config struct {
	// Format is the registered format of the source ("ofac" when empty). Downloads are
	// read as that format, and its Format.URLs are the default URLs.
	Format string
	// URLs are tried in order until one yields a usable publication. Default: the
	// format's official URLs (OFAC: the official .ZIP, then the official .XML).
	URLs []string
	// CacheDir holds the last good publication, the previous one, their metadata and
	// their snapshots. It is created when missing.
	CacheDir string
	// Client is the HTTP client (default: a client without timeout; Timeout applies).
	Client *http.Client
	// Timeout bounds one download attempt, body included (default 5 minutes).
	Timeout time.Duration
	// Retries is how many times a transient failure (network error, connection reset,
	// truncated body, timeout, HTTP 408/429/5xx) is retried per URL. Zero means the
	// default (3); a negative value means no retry.
	Retries int
	// BackoffBase and BackoffMax shape the exponential backoff between retries
	// (defaults 1 s and 30 s); each wait is drawn uniformly from [d/2, d] (jitter).
	BackoffBase, BackoffMax time.Duration
	// MaxShrink is the largest accepted drop of unique address values relative to the
	// publication in service, as a fraction (default 0.20; a negative value accepts no
	// drop at all).
	MaxShrink float64
	// AllowShrink accepts any drop (the operator confirmed a large delisting).
	AllowShrink bool
	// Logger receives progress and the failures the Fetcher does not return, such as a
	// source that failed before another answered (default: discard). A failed Update is
	// only a debug line: its error is returned, and the caller reports it.
	Logger *slog.Logger
	// Clock is the time source for Status and metadata (default time.Now).
	Clock func() time.Time
}

// Fetcher downloads the publications of one source (one registered format) into a
// cache directory with all-or-nothing updates: a download replaces the cached
// publication only after it was parsed completely and passed the sanity checks. It is safe for concurrent use; concurrent
// Updates are serialised.
type Fetcher struct {
	cfg Config

	updateMu sync.Mutex // serialises Update

	mu     sync.Mutex
	status FetchStatus
}

// UpdateStatus says what an Update did.
type UpdateStatus string

// Update outcomes.
const (
	// StatusUpdated: a new publication replaced the cached one (or filled an empty cache).
	StatusUpdated UpdateStatus = "updated"
	// StatusNotModified: the server answered 304 Not Modified.
	StatusNotModified UpdateStatus = "not-modified"
	// StatusUnchanged: the server sent the publication already cached (same sha256).
	StatusUnchanged UpdateStatus = "unchanged"
	// StatusFailed: the update failed; the cached publication stays in service.
	StatusFailed UpdateStatus = "failed"
)

// UpdateResult describes a successful Update.
type UpdateResult struct {
	Status UpdateStatus `json:"status"`
	// URL is where the publication was (or would have been) downloaded from.
	URL string `json:"url"`
	// Current is the publication in the cache after the update.
	Current PublicationInfo `json:"current"`
	// Previous is the publication that was replaced (zero unless Status is "updated").
	Previous PublicationInfo `json:"previous,omitzero"`
	// List is the newly parsed list when Status is "updated" (nil otherwise: use Current).
	List *sanctions.List `json:"-"`
}

// PublicationInfo describes a cached publication.
type PublicationInfo struct {
	// File is the file name inside the cache directory.
	File string `json:"file"`
	// URL is where it was downloaded from.
	URL string `json:"url"`
	// Published is its date of issue.
	Published time.Time `json:"published"`
	// SHA256 is the sha256 of the unpacked XML (Source.SHA256).
	SHA256 string `json:"sha256"`
	// FileSHA256 is the sha256 of the file as downloaded.
	FileSHA256 string `json:"file_sha256"`
	// Size is the size of the file as downloaded.
	Size int64 `json:"size"`
	// Values is the number of unique address values.
	Values int `json:"values"`
	// Entities is the number of parties in the publication.
	Entities int `json:"entities"`
	// ETag and LastModified are the server's validators, for conditional requests.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// FetchedAt is when the publication was downloaded; CheckedAt is the last time the
	// server confirmed it is current (download, 304, or same content).
	FetchedAt time.Time `json:"fetched_at"`
	CheckedAt time.Time `json:"checked_at"`
	// ModTime is the cached file's modification time after it was installed.
	ModTime time.Time `json:"mod_time,omitzero"`
	// SnapshotSHA256 is the sha256 of the snapshot file written when the publication
	// was installed ("" when none was written): a snapshot whose digest differs is
	// ignored and the publication parsed again (see docs/SNAPSHOTS.md).
	SnapshotSHA256 string `json:"snapshot_sha256,omitempty"`
}

// IsZero reports whether p describes no publication.
func (p PublicationInfo) IsZero() bool { return p.File == "" }

// FetchStatus is the Fetcher's state, for monitoring.
type FetchStatus struct {
	// LastAttempt is when the last Update started; LastSuccess when one last succeeded
	// (including not-modified).
	LastAttempt time.Time `json:"last_attempt,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	// LastResult is the outcome of the last Update.
	LastResult UpdateStatus `json:"last_result,omitempty"`
	// LastError is the error of the last Update (nil after a success).
	LastError error `json:"-"`
	// LastErrorText is LastError's text, for JSON.
	LastErrorText string `json:"last_error,omitempty"`
	// ConsecutiveFailures counts failed Updates since the last success.
	ConsecutiveFailures int `json:"consecutive_failures"`
	// Current is the cached publication in service (zero when none).
	Current PublicationInfo `json:"current,omitzero"`
}

// cacheMeta is the JSON metadata file next to a cached publication.
type cacheMeta struct {
	Version int `json:"version"`
	PublicationInfo
}

// New returns a Fetcher. It does no I/O.
func New(cfg Config) (*Fetcher, error) {
	if cfg.CacheDir == "" {
		return nil, errors.New("cache: New: no cache directory")
	}
	if cfg.Format == "" {
		cfg.Format = "ofac"
	}
	if len(cfg.URLs) == 0 {
		if lf, ok := sanctions.LookupFormat(cfg.Format); ok {
			cfg.URLs = lf.URLs
		}
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{}
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	switch {
	case cfg.Retries == 0:
		cfg.Retries = DefaultRetries
	case cfg.Retries < 0:
		cfg.Retries = 0
	}
	if cfg.BackoffBase <= 0 {
		cfg.BackoffBase = defaultBackoffBase
	}
	if cfg.BackoffMax <= 0 {
		cfg.BackoffMax = defaultBackoffMax
	}
	switch {
	case cfg.MaxShrink == 0:
		cfg.MaxShrink = sanctions.DefaultMaxShrink
	case cfg.MaxShrink < 0:
		cfg.MaxShrink = 0
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	return &Fetcher{cfg: cfg}, nil
}

// CacheDir returns the cache directory.
func (f *Fetcher) CacheDir() string { return f.cfg.CacheDir }

// Status returns the state of the last Update and the cached publication.
func (f *Fetcher) Status() FetchStatus {
	f.mu.Lock()
	st := f.status
	f.mu.Unlock()
	if m, err := f.readMeta(metaFile); err == nil {
		st.Current = m.PublicationInfo
	}
	return st
}

// Current loads the last good publication from the cache, from its snapshot when that
// is valid (see OpenCached). An empty cache is an error wrapping ErrNoList; a
// cached file that no longer matches the sha256 recorded when it was validated wraps
// ErrCorrupt.
func (f *Fetcher) Current(ctx context.Context, opts ...sanctions.Option) (*sanctions.List, error) {
	m, err := f.readMeta(metaFile)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(f.cfg.CacheDir, m.File)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%w in %s: %s: %w", ErrNoList, f.cfg.CacheDir, m.File, err)
	}
	opts = append([]sanctions.Option{sanctions.WithLogger(f.cfg.Logger), sanctions.WithClock(f.cfg.Clock)}, opts...)
	o := sanctions.ResolveOptions(opts...)
	start := time.Now()
	var l *sanctions.List
	serr := fmt.Errorf("%w: the cached publication's size or mtime is not the one recorded", sanctions.ErrSnapshot)
	if f.intact(m) {
		l, serr = sanctions.ReadSnapshotFile(sanctions.SnapshotPath(path), m.SnapshotSHA256, m.SHA256, "")
	}
	if serr == nil {
		l.Source.Location = path
		l.Source.LoadedAt = o.Clock()
		o.Logger.LogAttrs(ctx, slog.LevelInfo, "cache: list read from its snapshot",
			slog.String("location", path), slog.String("published", l.Source.Published.Format(time.DateOnly)),
			slog.String("sha256", l.Source.SHA256), slog.Int("addresses", len(l.Addresses)),
			slog.Duration("took", time.Since(start)))
		return l, nil
	}
	if !errors.Is(serr, fs.ErrNotExist) || m.SnapshotSHA256 != "" {
		o.Logger.LogAttrs(ctx, slog.LevelWarn, "cache: snapshot ignored, parsing the publication",
			slog.String("location", path), slog.Any("error", serr))
	}
	l, err = sanctions.Open(ctx, path, opts...)
	if err != nil {
		return nil, err
	}
	if l.Source.SHA256 != m.SHA256 {
		return nil, fmt.Errorf("%w: %s has sha256 %s, recorded %s", ErrCorrupt, path, l.Source.SHA256, m.SHA256)
	}
	f.repairSnapshot(ctx, m, path, l)
	return l, nil
}

// repairSnapshot rewrites the snapshot of the cached publication m (just parsed as l)
// and records its digest, unless an Update is running or current.json changed.
func (f *Fetcher) repairSnapshot(ctx context.Context, m cacheMeta, path string, l *sanctions.List) {
	if !f.updateMu.TryLock() {
		return
	}
	defer f.updateMu.Unlock()
	if now, err := f.readMeta(metaFile); err != nil || now != m {
		return
	}
	sum, err := sanctions.WriteSnapshotFile(sanctions.SnapshotPath(path), "", l)
	if err == nil {
		m.SnapshotSHA256 = sum
		err = f.writeMeta(metaFile, m)
	}
	if err != nil {
		f.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "cache: could not rewrite the list snapshot",
			slog.String("path", path), slog.Any("error", err))
	}
}

// readMeta reads a metadata file of the cache. A missing or unreadable file is
// ErrNoList.
func (f *Fetcher) readMeta(name string) (cacheMeta, error) {
	var m cacheMeta
	b, err := os.ReadFile(filepath.Join(f.cfg.CacheDir, name))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return m, fmt.Errorf("%w in %s", ErrNoList, f.cfg.CacheDir)
		}
		return m, fmt.Errorf("%w in %s: %w", ErrNoList, f.cfg.CacheDir, err)
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Version != metaVersion || m.File == "" ||
		m.File != filepath.Base(m.File) {
		return cacheMeta{}, fmt.Errorf("%w in %s: unreadable %s (version %d): %v", ErrNoList, f.cfg.CacheDir, name, m.Version, err)
	}
	return m, nil
}

// writeMeta writes a metadata file atomically (temp file, sync, rename).
func (f *Fetcher) writeMeta(name string, m cacheMeta) error {
	m.Version = metaVersion
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(f.cfg.CacheDir, name), append(b, '\n'))
}

// Update downloads the publication and, when it is new and sane, makes it the cached
// one. Steps: conditional GET (ETag / If-Modified-Since of the cached publication, when
// it came from the same URL); download to a temp file in the cache directory; parse it
// completely; require a date of issue and at least one address value (ErrNoDate,
// ErrEmpty); refuse a publication older than the cached one (ErrOlder) or one that
// drops more than MaxShrink of the unique address values (ErrShrink, unless
// AllowShrink); then move it into place atomically and keep the replaced publication
// as the previous one. On any failure the cache is left as it was and the error is
// recorded in Status.
//
// Transient failures are retried with exponential backoff and jitter; when a URL fails
// (after its retries) the next URL is tried, except after a sanity failure (ErrOlder,
// ErrShrink), which the other form of the same publication would repeat.
func (f *Fetcher) Update(ctx context.Context) (UpdateResult, error) {
	f.updateMu.Lock()
	defer f.updateMu.Unlock()
	start := f.cfg.Clock()
	f.mu.Lock()
	f.status.LastAttempt = start
	f.mu.Unlock()

	res, err := f.update(ctx)

	f.mu.Lock()
	defer f.mu.Unlock()
	if err != nil {
		f.status.LastResult = StatusFailed
		f.status.LastError = err
		f.status.LastErrorText = err.Error()
		f.status.ConsecutiveFailures++
		// The error is returned: the caller reports it (a warning from here would say it twice).
		f.cfg.Logger.LogAttrs(ctx, slog.LevelDebug, "cache: list update failed",
			slog.String("cache", f.cfg.CacheDir), slog.Any("error", err),
			slog.Int("consecutive_failures", f.status.ConsecutiveFailures))
		return UpdateResult{Status: StatusFailed, URL: res.URL, Current: res.Current}, err
	}
	f.status.LastResult = res.Status
	f.status.LastError = nil
	f.status.LastErrorText = ""
	f.status.ConsecutiveFailures = 0
	f.status.LastSuccess = f.cfg.Clock()
	f.cfg.Logger.LogAttrs(ctx, slog.LevelInfo, "cache: list update",
		slog.String("status", string(res.Status)), slog.String("url", res.URL),
		slog.String("published", res.Current.Published.Format(time.DateOnly)),
		slog.String("sha256", res.Current.SHA256), slog.Int("values", res.Current.Values),
		slog.Duration("took", f.cfg.Clock().Sub(start)))
	return res, nil
}

func (f *Fetcher) update(ctx context.Context) (UpdateResult, error) {
	if err := os.MkdirAll(f.cfg.CacheDir, 0o755); err != nil {
		return UpdateResult{}, fmt.Errorf("cache: cache directory: %w", err)
	}
	cur, err := f.readMeta(metaFile)
	haveCur := err == nil
	if !haveCur {
		cur = cacheMeta{}
	}
	if haveCur && !f.intact(cur) {
		// The cached file is gone or was changed after it was validated: the sanity checks
		// still compare with what it was, but no conditional request may keep it.
		f.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "cache: the cached publication changed on disk; downloading it again",
			slog.String("file", cur.File))
		cur.ETag, cur.LastModified, cur.SHA256 = "", "", ""
	}
	var errs []error
	for _, u := range f.cfg.URLs {
		res, err := f.updateFrom(ctx, u, cur, haveCur)
		if err == nil {
			if len(errs) > 0 {
				// The update succeeded, so these failures are returned to nobody: say them here.
				f.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "cache: list sources failed before one answered",
					slog.String("url", u), slog.Any("error", errors.Join(errs...)))
			}
			return res, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil || errors.Is(err, sanctions.ErrOlder) || errors.Is(err, sanctions.ErrShrink) {
			break
		}
		f.cfg.Logger.LogAttrs(ctx, slog.LevelDebug, "cache: list source failed", slog.String("url", u), slog.Any("error", err))
	}
	return UpdateResult{URL: f.cfg.URLs[0], Current: cur.PublicationInfo}, errors.Join(errs...)
}

// download is the outcome of one successful HTTP exchange.
type download struct {
	name         string    // file name, for formats that name their source after it (--from)
	modTime      time.Time // its modification time, for formats that carry no date (--from)
	notModified  bool
	tmp          string // temp file (when !notModified)
	size         int64
	fileSHA256   string
	etag         string
	lastModified string
}

// updateFrom runs one URL: download with retries, then parse, check and install.
func (f *Fetcher) updateFrom(ctx context.Context, u string, cur cacheMeta, haveCur bool) (UpdateResult, error) {
	res := UpdateResult{URL: u, Current: cur.PublicationInfo}
	var cond *cacheMeta
	if haveCur && cur.URL == u && cur.SHA256 != "" && (cur.ETag != "" || cur.LastModified != "") {
		cond = &cur
	}
	d, err := f.downloadWithRetry(ctx, u, cond)
	if err != nil {
		return res, err
	}
	return f.accept(ctx, u, d, cur, haveCur)
}

// accept parses, checks and installs a downloaded (or seeded) publication.
func (f *Fetcher) accept(ctx context.Context, u string, d download, cur cacheMeta, haveCur bool) (UpdateResult, error) {
	res := UpdateResult{URL: u, Current: cur.PublicationInfo}
	now := f.cfg.Clock()
	if d.notModified {
		cur.CheckedAt = now
		if err := f.writeMeta(metaFile, cur); err != nil {
			f.cfg.Logger.Warn("cache: could not record the check time", "error", err)
		}
		res.Status, res.Current = StatusNotModified, cur.PublicationInfo
		return res, nil
	}
	defer os.Remove(d.tmp) // a no-op after the rename

	ropts := []sanctions.Option{sanctions.WithLogger(f.cfg.Logger), sanctions.WithClock(f.cfg.Clock), sanctions.WithFormat(f.cfg.Format), sanctions.WithLocation(u)}
	if d.name != "" {
		ropts = append(ropts, sanctions.WithFile(d.name, d.modTime))
	}
	l, err := sanctions.Open(ctx, d.tmp, ropts...)
	if err != nil {
		return res, fmt.Errorf("cache: %s: %w", u, err)
	}
	l.Source.Location = u
	values := uniqueValues(l)
	switch {
	case l.Source.Published.IsZero():
		return res, fmt.Errorf("%w: %s", sanctions.ErrNoDate, u)
	case l.EntityCount == 0 || values == 0:
		return res, fmt.Errorf("%w: %s lists %d parties and %d address values", sanctions.ErrEmpty, u, l.EntityCount, values)
	}
	if haveCur && l.Source.SHA256 == cur.SHA256 {
		// The same publication again (a server without validators): keep the file.
		cur.CheckedAt, cur.ETag, cur.LastModified, cur.URL = now, d.etag, d.lastModified, u
		if err := f.writeMeta(metaFile, cur); err != nil {
			f.cfg.Logger.Warn("cache: could not record the check time", "error", err)
		}
		res.Status, res.Current = StatusUnchanged, cur.PublicationInfo
		return res, nil
	}
	if haveCur {
		if err := sanctions.CheckNotOlder(l.Source.Name, l.Source.Published, cur.Published); err != nil {
			return res, fmt.Errorf("%s: %w", u, err)
		}
		if !f.cfg.AllowShrink {
			if err := sanctions.CheckShrink(u, values, cur.Values, f.cfg.MaxShrink); err != nil {
				return res, fmt.Errorf("%w; allow with AllowShrink (--allow-shrink)", err)
			}
		}
		if l.Source.Published.Equal(cur.Published) && !f.cfg.AllowShrink {
			if old, err := f.Current(ctx); err == nil {
				if err := sanctions.CheckNotEarlierIssue(old, l); err != nil {
					return res, fmt.Errorf("%s: %w; allow with AllowShrink (--allow-shrink)", u, err)
				}
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}

	next := cacheMeta{PublicationInfo: PublicationInfo{
		File: publicationFileName(l, d.tmp), URL: u, Published: l.Source.Published,
		SHA256: l.Source.SHA256, FileSHA256: d.fileSHA256, Size: d.size, Values: values,
		Entities: l.EntityCount, ETag: d.etag, LastModified: d.lastModified, FetchedAt: now, CheckedAt: now,
	}}
	if err := f.install(ctx, d.tmp, &next, cur, haveCur, l); err != nil {
		return res, err
	}
	res.Status, res.Current, res.List = StatusUpdated, next.PublicationInfo, l
	if haveCur {
		res.Previous = cur.PublicationInfo
	}
	return res, nil
}

// install moves a checked publication into place. The commit point is the rename of
// current.json: before it the old publication is in service, after it the new one.
// previous.json is written first (pointing at the old file, which stays on disk).
func (f *Fetcher) install(ctx context.Context, tmp string, next *cacheMeta, cur cacheMeta, haveCur bool, l *sanctions.List) error {
	dst := filepath.Join(f.cfg.CacheDir, next.File)
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("cache: installing %s: %w", dst, err)
	}
	st, err := os.Stat(dst)
	if err != nil {
		return fmt.Errorf("cache: installing %s: %w", dst, err)
	}
	// The snapshot saves the next start a full parse; failing to write it is not fatal.
	// Its digest is recorded in current.json, the commit point.
	l.Source.Location = dst
	next.ModTime = st.ModTime()
	if sum, err := sanctions.WriteSnapshotFile(sanctions.SnapshotPath(dst), "", l); err != nil {
		f.cfg.Logger.Warn("cache: could not write the list snapshot", "path", dst, "error", err)
	} else {
		next.SnapshotSHA256 = sum
	}
	if haveCur && cur.File != next.File && cur.SHA256 != "" { // "": the old file was not intact
		if err := f.writeMeta(previousMetaFile, cur); err != nil {
			return fmt.Errorf("cache: recording the previous publication: %w", err)
		}
	}
	if err := f.writeMeta(metaFile, *next); err != nil {
		return fmt.Errorf("cache: recording the new publication: %w", err)
	}
	f.prune(ctx)
	return nil
}

// intact reports whether the cached file is still the one installed (same size and
// modification time as recorded; see the notes on snapshots for why not its sha256).
func (f *Fetcher) intact(m cacheMeta) bool {
	st, err := os.Stat(filepath.Join(f.cfg.CacheDir, m.File))
	return err == nil && st.Size() == m.Size && (m.ModTime.IsZero() || st.ModTime().Equal(m.ModTime))
}

// pruneAfter is the age under which unreferenced files are left alone: another process
// updating the same cache may have just moved its publication into place and not yet
// recorded it.
const pruneAfter = time.Hour

// prune removes publication files, snapshots and temp files that neither current.json
// nor previous.json refers to (left by a crash or by older updates) once they are older
// than pruneAfter. Failures are logged.
func (f *Fetcher) prune(ctx context.Context) {
	keep := map[string]bool{}
	for _, name := range []string{metaFile, previousMetaFile} {
		if m, err := f.readMeta(name); err == nil {
			keep[m.File] = true
			keep[sanctions.SnapshotPath(m.File)] = true
		}
	}
	entries, err := os.ReadDir(f.cfg.CacheDir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || keep[n] || !(strings.HasPrefix(n, pubFilePrefix) || strings.HasPrefix(n, f.cfg.Format+"-") ||
			strings.HasPrefix(n, ".download-") ||
			strings.HasPrefix(n, ".tmp-")) {
			continue
		}
		if info, err := e.Info(); err != nil || time.Since(info.ModTime()) < pruneAfter {
			continue
		}
		if err := os.Remove(filepath.Join(f.cfg.CacheDir, n)); err != nil {
			f.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "cache: pruning the cache", slog.Any("error", err))
		}
	}
}

const pubFilePrefix = "SDN_ADVANCED-"

// publicationFileName names a cached publication by date and digest, with the
// extension of its form (detected from its first bytes).
func publicationFileName(l *sanctions.List, tmp string) string {
	ext := ".xml"
	if fh, err := os.Open(tmp); err == nil {
		var magic [4]byte
		n, _ := io.ReadFull(fh, magic[:])
		fh.Close()
		switch m := string(magic[:n]); {
		case strings.HasPrefix(m, "PK"):
			ext = ".zip"
		case strings.HasPrefix(m, "BZh"):
			ext = ".xml.bz2"
		case strings.HasPrefix(m, "\x1f\x8b"):
			ext = ".xml.gz"
		}
	}
	prefix := pubFilePrefix
	if l.Source.Format != "" && !strings.HasPrefix(l.Source.Format, "ofac") {
		prefix = l.Source.Format + "-"
		if ext == ".xml" {
			ext = ".list" // not XML: the format is in the name
		}
	}
	return prefix + l.Source.Published.Format("2006-01-02") + "-" + l.Source.SHA256[:16] + ext
}

// uniqueValues counts the distinct address values of a list (white space trimmed).
func uniqueValues(l *sanctions.List) int { return sanctions.UniqueValues(l) }

// downloadWithRetry runs download attempts through the project's one retry helper:
// exponential backoff with jitter between transient failures, and never earlier than
// the server's Retry-After (a longer wait than MaxRetryAfter fails the URL instead).
func (f *Fetcher) downloadWithRetry(ctx context.Context, u string, cond *cacheMeta) (download, error) {
	var d download
	retries := f.cfg.Retries // New made it >= 0
	if retries == 0 {
		retries = -1 // retry.Policy: negative is none, zero its default
	}
	p := retry.Policy{Retries: retries, Base: f.cfg.BackoffBase, Max: f.cfg.BackoffMax,
		MaxRetryAfter: MaxRetryAfter, Now: f.cfg.Clock, Retryable: transient,
		OnRetry: func(attempt int, wait time.Duration, err error) {
			f.cfg.Logger.LogAttrs(ctx, slog.LevelInfo, "cache: download failed, retrying",
				slog.String("url", u), slog.Int("attempt", attempt+1), slog.Duration("wait", wait), slog.Any("error", err))
		}}
	err := retry.Do(ctx, p, func(ctx context.Context, _ int) error {
		var err error
		d, err = f.downloadOnce(ctx, u, cond)
		return err
	})
	if err != nil {
		if ce := ctx.Err(); ce != nil && !errors.Is(err, ce) {
			err = errors.Join(err, ce)
		}
		return download{}, err
	}
	return d, nil
}

// transient reports whether a download error is worth retrying against the same URL.
func transient(err error) bool {
	var he *HTTPStatusError
	if errors.As(err, &he) {
		return he.StatusCode == http.StatusRequestTimeout || he.StatusCode == http.StatusTooManyRequests ||
			he.StatusCode >= 500
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return false // no such host: offline or a wrong URL, not worth waiting for
	}
	var ne net.Error
	return errors.Is(err, ErrDownload) && (errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, io.EOF) || errors.Is(err, errShortBody))
}

var errShortBody = errors.New("body shorter than Content-Length")

// MaxRetryAfter is the longest Retry-After the Fetcher waits for before a retry; a server
// asking for longer fails that URL (the error wraps retry's "wait longer than the limit").
const MaxRetryAfter = 5 * time.Minute

// downloadOnce runs one GET into a temp file in the cache directory, within Timeout.
func (f *Fetcher) downloadOnce(ctx context.Context, u string, cond *cacheMeta) (d download, err error) {
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	fail := func(err error) (download, error) {
		if parent.Err() == nil && ctx.Err() != nil {
			err = fmt.Errorf("%w (timeout %s): %w", err, f.cfg.Timeout, context.DeadlineExceeded)
		}
		return download{}, fmt.Errorf("%w: GET %s: %w", ErrDownload, u, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return download{}, fmt.Errorf("%w: %w", ErrDownload, err)
	}
	if cond != nil {
		if cond.ETag != "" {
			req.Header.Set("If-None-Match", cond.ETag)
		}
		if cond.LastModified != "" {
			req.Header.Set("If-Modified-Since", cond.LastModified)
		}
	}
	resp, err := f.cfg.Client.Do(req)
	if err != nil {
		return fail(err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && cond != nil:
		return download{notModified: true}, nil
	case resp.StatusCode != http.StatusOK:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		he := &HTTPStatusError{URL: u, StatusCode: resp.StatusCode, Status: resp.Status}
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			he.RetryAfter = retry.FromResponse(resp, f.cfg.Clock())
		}
		return download{}, retry.After(he, he.RetryAfter) // never retried earlier
	}
	tmp, err := os.CreateTemp(f.cfg.CacheDir, ".download-*")
	if err != nil {
		return download{}, fmt.Errorf("cache: cache directory: %w", err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(resp.Body, sanctions.MaxPublicationSize+1))
	if err == nil && n > sanctions.MaxPublicationSize {
		// Not retried: a server that sends more than any publication is not transient.
		tmp.Close()
		return download{}, fmt.Errorf("%w: %s sends more than %d bytes", sanctions.ErrFormat, u, int64(sanctions.MaxPublicationSize))
	}
	if err == nil && resp.ContentLength >= 0 && n != resp.ContentLength {
		err = fmt.Errorf("%w: got %d of %d bytes", errShortBody, n, resp.ContentLength)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil && cerr != nil {
		return download{}, fmt.Errorf("cache: writing %s: %w", tmp.Name(), cerr)
	}
	if err != nil {
		return fail(err)
	}
	return download{tmp: tmp.Name(), size: n, fileSHA256: hex.EncodeToString(h.Sum(nil)),
		etag: resp.Header.Get("ETag"), lastModified: resp.Header.Get("Last-Modified")}, nil
}

// Seed installs the publication in the file at path as if it had been downloaded
// (`lists update --from FILE`, offline): the same parse, sanity checks (date, not
// empty, not older, same-day earlier issue, shrink) and all-or-nothing install. The
// file is copied into the cache; Current.URL records "file://" + its absolute path.
func (f *Fetcher) Seed(ctx context.Context, path string) (UpdateResult, error) {
	f.updateMu.Lock()
	defer f.updateMu.Unlock()
	abs, err := filepath.Abs(path)
	if err != nil {
		return UpdateResult{Status: StatusFailed}, err
	}
	u := "file://" + filepath.ToSlash(abs)
	if err := os.MkdirAll(f.cfg.CacheDir, 0o755); err != nil {
		return UpdateResult{Status: StatusFailed, URL: u}, fmt.Errorf("cache: cache directory: %w", err)
	}
	cur, err := f.readMeta(metaFile)
	haveCur := err == nil
	if !haveCur {
		cur = cacheMeta{}
	}
	d, err := f.copyIn(abs)
	if err == nil {
		var res UpdateResult
		if res, err = f.accept(ctx, u, d, cur, haveCur); err == nil {
			return res, nil
		}
	}
	f.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "cache: seeding the cache failed; the cached list stays in service",
		slog.String("cache", f.cfg.CacheDir), slog.String("from", abs), slog.Any("error", err))
	return UpdateResult{Status: StatusFailed, URL: u, Current: cur.PublicationInfo}, err
}

// copyIn copies a local publication file into a temp file of the cache directory.
func (f *Fetcher) copyIn(path string) (d download, err error) {
	src, err := os.Open(path)
	if err != nil {
		return d, err
	}
	defer src.Close()
	st, err := src.Stat()
	if err != nil {
		return d, err
	}
	if !st.Mode().IsRegular() {
		return d, fmt.Errorf("%w: %s is not a regular file", sanctions.ErrFormat, path)
	}
	tmp, err := os.CreateTemp(f.cfg.CacheDir, ".download-*")
	if err != nil {
		return d, fmt.Errorf("cache: cache directory: %w", err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(src, sanctions.MaxPublicationSize+1))
	if err == nil && n > sanctions.MaxPublicationSize {
		err = fmt.Errorf("%w: %s is larger than %d bytes", sanctions.ErrFormat, path, int64(sanctions.MaxPublicationSize))
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return d, err
	}
	return download{name: filepath.Base(path), modTime: st.ModTime(), tmp: tmp.Name(), size: n,
		fileSHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
