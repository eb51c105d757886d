package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/cache"
	"github.com/spf13/cobra"
)

// updateReport is the JSON printed by `lists update`.
type updateReport struct {
	// Status is "updated", "not-modified", "unchanged" or "failed".
	Status string `json:"status"`
	// URL is the source asked.
	URL string `json:"url"`
	// Cache is the cache directory.
	Cache string `json:"cache"`
	// Published, SHA256, Values and File describe the publication in the cache after
	// the command (on failure: the one that stays in service; empty when none).
	Published string `json:"published,omitempty"`
	SHA256    string `json:"sha256,omitempty"`
	Values    int    `json:"values"`
	Entities  int    `json:"entities,omitempty"`
	File      string `json:"file,omitempty"`
	// Previous is the publication that was replaced (on "updated" only).
	Previous *updatePrevious `json:"previous,omitempty"`
	// Error is why the update failed.
	Error string `json:"error,omitempty"`
}

type updatePrevious struct {
	Published string `json:"published"`
	SHA256    string `json:"sha256"`
	Values    int    `json:"values"`
}

func newListsUpdateCmd(a *app) *cobra.Command {
	var (
		allowShrink bool
		maxShrink   float64
		timeout     time.Duration
		retries     int
		source      string
		from        string
	)
	cmd := &cobra.Command{
		Use:   "update [--source NAME] [--url URL | --from FILE] [--cache DIR] [--allow-shrink]",
		Short: "Download a list (default: OFAC's) into the cache, all or nothing",
		Long: `Download the sanctions list into the cache directory. The new publication replaces
the cached one only after it parsed completely and passed the sanity checks: it has a
date of issue and address values, it is not older than the cached one, and it does not
drop more than --max-shrink of the unique address values (unless --allow-shrink). On any
failure the cached list is left untouched.

--source names the registered format of the source (default ofac); a source that
declares official URLs is downloaded from them, any other needs --url or --from. Each
source has its own cache directory: DIR for ofac, DIR/NAME for the others. --from FILE
seeds the cache from a local file (offline) through the same checks.

Prints a JSON report (status: updated, not-modified, unchanged or failed). Exit codes:
0 updated or already current, 3 failed (the cached list stays in service).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if from != "" && cmd.Flags().Changed("url") {
				return withCode(exitInvalid, fmt.Errorf("--url and --from exclude each other"))
			}
			lf, ok := sanctions.LookupFormat(source)
			if !ok {
				return withCode(exitInvalid, fmt.Errorf("%w: --source %q (registered: %s)", sanctions.ErrUnknownFormat,
					source, strings.Join(sanctions.FormatNames(), ", ")))
			}
			cfg, err := a.fetcherConfig()
			if err != nil {
				return withCode(exitUnavailable, err)
			}
			cfg.Format = source
			if source != "ofac" {
				cfg.CacheDir = filepath.Join(cfg.CacheDir, source)
				cfg.URLs = nil
				if cmd.Flags().Changed("url") {
					cfg.URLs = []string{a.listURL}
				}
				if len(cfg.URLs) == 0 && len(lf.URLs) == 0 && from == "" {
					return withCode(exitInvalid, fmt.Errorf("source %s declares no official URL: give --url URL or --from FILE", source))
				}
			}
			cfg.AllowShrink = allowShrink
			cfg.MaxShrink = maxShrink
			if maxShrink == 0 {
				cfg.MaxShrink = -1 // the Fetcher reads 0 as "default"; a negative value is "no drop"
			}
			cfg.Timeout = timeout
			cfg.Retries = retries
			if retries <= 0 {
				cfg.Retries = -1 // the Fetcher reads 0 as "default"
			}
			f, err := cache.New(cfg)
			if err != nil {
				return withCode(exitUnavailable, err)
			}
			var res cache.UpdateResult
			var uerr error
			if from != "" {
				res, uerr = f.Seed(cmd.Context(), from)
			} else {
				res, uerr = f.Update(cmd.Context())
			}
			rep := updateReport{Status: string(res.Status), URL: res.URL, Cache: cfg.CacheDir}
			cur := res.Current
			if uerr != nil {
				rep.Status = string(cache.StatusFailed)
				rep.Error = uerr.Error()
				cur = f.Status().Current
			}
			if !cur.IsZero() {
				rep.Published, rep.SHA256, rep.Values, rep.Entities, rep.File =
					cur.Published.Format(time.DateOnly), cur.SHA256, cur.Values, cur.Entities, cur.File
			}
			if p := res.Previous; !p.IsZero() {
				rep.Previous = &updatePrevious{Published: p.Published.Format(time.DateOnly), SHA256: p.SHA256, Values: p.Values}
			}
			enc := json.NewEncoder(a.stdout)
			enc.SetIndent("", "  ")
			if err := enc.Encode(rep); err != nil {
				return err
			}
			if uerr != nil {
				kept := "no list is cached"
				if !cur.IsZero() {
					kept = "the cached list published " + rep.Published + " stays in service"
				}
				return withCode(exitUnavailable, fmt.Errorf("list update failed (%s): %w", kept, uerr))
			}
			return nil
		},
	}
	defaultURL := a.listURL // officialURL, or the one a test set: registering the flag writes its default
	if defaultURL == "" {
		defaultURL = officialURL
	}
	cmd.Flags().StringVar(&a.listURL, "url", defaultURL,
		"where to download the list from (default: the official SDN_ADVANCED.ZIP, then .XML)")
	cmd.Flags().StringVar(&a.cacheDir, "cache", "", "cache directory (default: the user cache directory)")
	cmd.Flags().StringVar(&source, "source", "ofac", "the source to update: a registered format name ("+
		strings.Join(sanctions.FormatNames(), ", ")+")")
	cmd.Flags().StringVar(&from, "from", "", "seed the cache from this local file instead of downloading (offline)")
	cmd.Flags().BoolVar(&allowShrink, "allow-shrink", false,
		"accept a publication that drops more than --max-shrink of the address values")
	cmd.Flags().Float64Var(&maxShrink, "max-shrink", sanctions.DefaultMaxShrink,
		"largest accepted drop of unique address values, as a fraction")
	cmd.Flags().IntVar(&retries, "retries", cache.DefaultRetries,
		"retries of a transient failure (network error, HTTP 5xx), with exponential backoff")
	cmd.Flags().DurationVar(&timeout, "timeout", cache.DefaultTimeout, "timeout of one download attempt")
	return cmd
}
