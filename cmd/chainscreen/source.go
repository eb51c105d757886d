package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
)

// officialURL is where OFAC publishes SDN_ADVANCED.XML.
const officialURL = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_ADVANCED.XML"

// loadLists reads the --list files, or the cached official list (downloading it once).
// Any failure is an exit-3 error: nothing can be screened.
func (a *app) loadLists(ctx context.Context) ([]*sanctions.List, error) {
	paths := a.lists
	if len(paths) == 0 {
		p, err := a.defaultList(ctx)
		if err != nil {
			return nil, withCode(exitUnavailable, err)
		}
		paths = []string{p}
	}
	lists := make([]*sanctions.List, 0, len(paths))
	for _, p := range paths {
		start := time.Now()
		l, err := sanctions.Open(ctx, p, sanctions.WithLogger(a.logger))
		if err != nil {
			return nil, withCode(exitUnavailable, fmt.Errorf("list %s: %w", p, err))
		}
		a.logger.Debug("list loaded", "path", p, "published", l.Source.Published.Format(time.DateOnly),
			"values", len(l.Addresses), "issues", len(l.Issues), "took", time.Since(start))
		lists = append(lists, l)
	}
	return lists, nil
}

// screener builds a Screener from the lists.
func (a *app) screener(ctx context.Context) (*screen.Screener, error) {
	lists, err := a.loadLists(ctx)
	if err != nil {
		return nil, err
	}
	s, err := screen.New(lists, screen.WithLogger(a.logger))
	if err != nil {
		return nil, withCode(exitUnavailable, err)
	}
	return s, nil
}

// cachePath is where the default list lives.
func (a *app) cachePath() (string, error) {
	dir := a.cacheDir
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("no user cache directory (%v); pass --cache DIR or --list PATH", err)
		}
		dir = filepath.Join(base, "chainscreen")
	}
	return filepath.Join(dir, "SDN_ADVANCED.XML"), nil
}

// defaultList returns the cached official list, downloading it when it is not cached.
func (a *app) defaultList(ctx context.Context) (string, error) {
	p, err := a.cachePath()
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	a.logger.Info("downloading the official OFAC list", "url", a.listURL, "to", p)
	if err := download(ctx, a.listURL, p); err != nil {
		return "", fmt.Errorf("no list cached at %s and the download from %s failed: %w\n"+
			"pass a list file with --list PATH (OFAC SDN_ADVANCED.XML, .xml.bz2 or .zip)", p, a.listURL, err)
	}
	return p, nil
}

// download fetches url into path atomically (temp file + rename); the file is checked to
// parse as a list before it is kept.
func download(ctx context.Context, url, path string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %s", resp.Status)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".download-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, resp.Body); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if _, err := sanctions.Open(ctx, tmp.Name()); err != nil {
		return fmt.Errorf("downloaded file is not a usable list: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return errors.Join(err, os.Remove(tmp.Name()))
	}
	return nil
}
