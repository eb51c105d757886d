package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/cache"
	"github.com/chainscreen/chainscreen/sanctions/embedded"
	"github.com/chainscreen/chainscreen/sanctions/ofac"
	"github.com/chainscreen/chainscreen/screen"
)

// officialURL is the default list source: OFAC's SDN_ADVANCED publication. With this
// default the Fetcher tries the official .ZIP, then the official .XML.
const officialURL = ofac.AdvancedZIPURL

// Refresh policy of the commands that screen against the cache (not `lists update`).
const (
	// autoRefreshAfter: a cached publication the server has not confirmed for this long
	// is refreshed (once, quickly) before screening. A failed refresh is a warning: the
	// cached list is used.
	autoRefreshAfter = 24 * time.Hour
	// autoRefreshTimeout bounds that refresh.
	autoRefreshTimeout = 60 * time.Second
)

// loadLists reads the --list files, or the last good publication in the cache
// (downloading one when the cache is empty). Any failure is an exit-3 error: nothing can
// be screened.
func (a *app) loadLists(ctx context.Context) ([]*sanctions.List, error) {
	if len(a.lists) == 0 {
		l, err := a.cachedList(ctx)
		if err != nil {
			return nil, withCode(exitUnavailable, err)
		}
		return []*sanctions.List{l}, nil
	}
	return a.openListArgs(ctx, "--list", a.lists)
}

// openListArgs reads the lists named by the arguments of flag ([FORMAT:]FILE each) and
// refuses two publications of one source.
func (a *app) openListArgs(ctx context.Context, flag string, args []string) ([]*sanctions.List, error) {
	lists := make([]*sanctions.List, 0, len(args))
	for _, arg := range args {
		l, err := a.openListArg(ctx, arg)
		if err != nil {
			return nil, withCode(exitUnavailable, err)
		}
		lists = append(lists, l)
	}
	if err := sanctions.CheckDistinctSources(lists); err != nil {
		// A usage error: the operator gave two publications of one source.
		return nil, withCode(exitInvalid, fmt.Errorf("%w (%s %s)", err, flag, strings.Join(args, " "+flag+" ")))
	}
	return lists, nil
}

// embeddedListArg is the --list argument that names the embedded publication.
const embeddedListArg = embedded.Name

// splitListArg splits a --list argument into a forced format and a path: "FORMAT:FILE"
// when the part before the first ':' is a registered format name, otherwise the whole
// argument is a path (so "C:\lists\sdn.xml" or "./a:b.csv" stay paths).
func splitListArg(arg string) (format, path string) {
	if i := strings.IndexByte(arg, ':'); i > 0 {
		if _, ok := sanctions.LookupFormat(arg[:i]); ok {
			return arg[:i], arg[i+1:]
		}
	}
	return "", arg
}

// openListArg reads one --list argument ([FORMAT:]FILE), through the snapshot cache
// (the second read of the same unchanged file skips the parse). "embedded" is the
// publication embedded in the binary, asked for by name (offline, no cache, no download,
// no fallback warning); a file of that name is ./embedded.
func (a *app) openListArg(ctx context.Context, arg string) (*sanctions.List, error) {
	if arg == embeddedListArg {
		l, err := embedded.OFAC()
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", arg, err)
		}
		return l, nil
	}
	format, path := splitListArg(arg)
	start := time.Now()
	opts := []sanctions.Option{sanctions.WithLogger(a.logger), sanctions.WithFormat(format)}
	if dir, err := a.snapshotDirectory(); err == nil {
		opts = append(opts, sanctions.WithSnapshotDir(dir))
	}
	l, err := sanctions.OpenCached(ctx, path, opts...)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", arg, err)
	}
	a.logger.Debug("list loaded", "path", path, "format", l.Source.Format, "published", l.Source.Published.Format(time.DateOnly),
		"values", len(l.Addresses), "issues", len(l.Issues), "took", time.Since(start))
	return l, nil
}

// snapshotDirectory is <cache>/snapshots: where the parsed snapshots of --list files
// are kept (see docs/SNAPSHOTS.md).
func (a *app) snapshotDirectory() (string, error) {
	dir, err := a.cacheDirectory()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "snapshots"), nil
}

// screener builds a Screener from the lists.
func (a *app) screener(ctx context.Context) (*screen.Screener, error) {
	lists, err := a.loadLists(ctx)
	if err != nil {
		return nil, err
	}
	s, err := screen.New(lists, a.screenOptions()...)
	if err != nil {
		return nil, withCode(exitUnavailable, err)
	}
	return s, nil
}

// cacheDirectory is --cache, or <user cache dir>/chainscreen.
func (a *app) cacheDirectory() (string, error) {
	if a.cacheDir != "" {
		return a.cacheDir, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no user cache directory (%v); pass --cache DIR or --list PATH", err)
	}
	return filepath.Join(base, "chainscreen"), nil
}

// fetcherConfig is the Fetcher configuration for the cache directory and list URL.
func (a *app) fetcherConfig() (cache.Config, error) {
	dir, err := a.cacheDirectory()
	if err != nil {
		return cache.Config{}, err
	}
	cfg := cache.Config{CacheDir: dir, Logger: a.logger}
	if a.listURL != "" && a.listURL != officialURL {
		cfg.URLs = []string{a.listURL}
	}
	return cfg, nil
}

// cachedList returns the last good publication in the cache. An empty cache is filled
// by one update; a cached list that the server has not confirmed for autoRefreshAfter
// is refreshed first, and a failed refresh only logs a warning.
func (a *app) cachedList(ctx context.Context) (*sanctions.List, error) {
	cfg, err := a.fetcherConfig()
	if err != nil {
		return nil, err
	}
	f, err := cache.New(cfg)
	if err != nil {
		return nil, err
	}
	cur := f.Status().Current
	if !cur.IsZero() && time.Since(cur.CheckedAt) > autoRefreshAfter && a.mayAttemptRefresh(cfg.CacheDir) {
		a.refreshQuietly(ctx, cfg, cur)
	}
	l, err := f.Current(ctx, sanctions.WithLogger(a.logger))
	if err == nil {
		return l, nil
	}
	if !errors.Is(err, cache.ErrNoList) && !errors.Is(err, cache.ErrCorrupt) {
		return nil, fmt.Errorf("reading the cached list in %s: %w", cfg.CacheDir, err)
	}
	a.logger.Info("no usable list in the cache; downloading the official list", "cache", cfg.CacheDir, "reason", err)
	res, uerr := f.Update(ctx)
	if uerr != nil {
		return a.embeddedList(cfg.CacheDir, uerr)
	}
	if res.List != nil {
		return res.List, nil
	}
	return f.Current(ctx, sanctions.WithLogger(a.logger))
}

// autoRefreshRetryAfter spaces out automatic refresh attempts, so that commands run
// while the network is unreachable do not each wait for the refresh timeout.
const autoRefreshRetryAfter = time.Hour

// mayAttemptRefresh reports whether an automatic refresh may be tried now, and if so
// records the attempt (the modification time of a marker file in the cache directory).
func (a *app) mayAttemptRefresh(dir string) bool {
	marker := filepath.Join(dir, ".auto-refresh-attempt")
	if st, err := os.Stat(marker); err == nil && time.Since(st.ModTime()) < autoRefreshRetryAfter {
		return false
	}
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		a.logger.Debug("cannot record the refresh attempt", "error", err)
	}
	return true
}

// refreshQuietly runs one quick update (no retry, short timeout) from the source the
// cached publication came from; a failure is a warning, never an error: the cached list
// stays in service.
func (a *app) refreshQuietly(ctx context.Context, cfg cache.Config, cur cache.PublicationInfo) {
	if cur.URL != "" && (a.listURL == "" || a.listURL == officialURL) {
		cfg.URLs = []string{cur.URL}
	}
	cfg.Retries, cfg.Timeout = -1, autoRefreshTimeout
	f, err := cache.New(cfg)
	if err != nil {
		return
	}
	res, err := f.Update(ctx)
	if err != nil {
		a.logger.Warn("list refresh failed; screening against the cached list",
			"published", cur.Published.Format(time.DateOnly), "checked_at", cur.CheckedAt.Format(time.RFC3339),
			"error", err)
		return
	}
	a.logger.Info("list refreshed", "status", res.Status, "published", res.Current.Published.Format(time.DateOnly))
}

// embeddedList is the last resort when the cache is empty and the download failed: the
// publication embedded in the binary, announced on stderr with its date and age (a
// Screener with the default maximum age flags its results LIST_STALE; --strict refuses
// it). A broken embedded publication is an error naming the download failure too.
func (a *app) embeddedList(cacheDir string, downloadErr error) (*sanctions.List, error) {
	l, err := embedded.OFAC()
	if err != nil {
		return nil, fmt.Errorf("no list cached in %s, the download failed (%w), and %w\n"+
			"pass a list file with --list PATH (OFAC SDN_ADVANCED.XML, .xml.bz2 or .zip), "+
			"or fetch one with 'chainscreen lists update --cache %s [--url URL]'", cacheDir, downloadErr, err, cacheDir)
	}
	p := embedded.Info()
	reason, _, _ := strings.Cut(downloadErr.Error(), "\n")
	if ue := (*url.Error)(nil); errors.As(downloadErr, &ue) {
		reason = ue.URL + ": " + ue.Err.Error() // the first source and why, without the wrappers' repeats
	}
	if len(reason) > 240 {
		reason = reason[:240] + "…"
	}
	fmt.Fprintf(a.stderr, "chainscreen: warning: no list in the cache (%s) and the download failed (%s)\n"+
		"chainscreen: warning: screening against the publication embedded in this binary: %s of %s, %s old "+
		"(sha256 %.16s…); run 'chainscreen lists update' for the current list\n",
		cacheDir, reason, p.Source, p.Published.Format(time.DateOnly), ageDays(p.Published, time.Now()), p.SHA256)
	a.logger.Debug("using the embedded publication", "published", p.Published.Format(time.DateOnly), "download_error", downloadErr)
	return l, nil
}
