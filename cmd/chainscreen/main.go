package main

import (
	"context"
	"errors"
	"fmt"
	_ "github.com/chainscreen/chainscreen/sanctions/all" // every list format for --list
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/chainscreen/chainscreen/screen"

	"github.com/spf13/cobra"
)

// Exit codes.
const (
	exitClear       = 0 // screened, no hit
	exitHit         = 1 // at least one sanctions hit
	exitInvalid     = 2 // usage error or invalid input, and no hit
	exitUnavailable = 3 // no list could be loaded: nothing was screened
)

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

func withCode(code int, err error) error { return &exitError{code: code, err: err} }

// app is the state shared by the commands: streams and list options.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	logger *slog.Logger

	lists    []string // --list paths
	cacheDir string   // --cache
	listURL  string   // where the default list is downloaded from
	verbose  bool
	maxAge   time.Duration // --max-age
	strict   bool          // --strict
}

func main() {
	os.Exit(runWithSignals(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Exit)) // signal.go
}

// run executes the CLI and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runApp(ctx, &app{stdin: stdin, stdout: stdout, stderr: stderr, listURL: officialURL}, args)
}

// runApp executes the CLI with a prepared app (tests set listURL).
func runApp(ctx context.Context, a *app, args []string) int {
	stdin, stdout, stderr := a.stdin, a.stdout, a.stderr
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitClear
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "chainscreen:", ee.err)
		}
		return ee.code
	}
	// cobra's own errors: unknown command or flag, wrong argument count.
	fmt.Fprintln(stderr, "chainscreen:", err)
	if cmd != nil {
		fmt.Fprintln(stderr, "Run '"+cmd.CommandPath()+" --help' for usage.")
	}
	return exitInvalid
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:           "chainscreen",
		Short:         "Screen blockchain addresses and transactions against sanctions lists",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			level := slog.LevelWarn
			if a.verbose {
				level = slog.LevelDebug
			}
			a.logger = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: level}))
		},
	}
	root.PersistentFlags().BoolVarP(&a.verbose, "verbose", "v", false, "log progress to stderr")
	// Every command registers here; one line each.
	root.AddCommand(
		newCheckCmd(a),
		newBatchCmd(a),
		newListsCmd(a),
		newMonitorCmd(a),
		newServeCmd(a),
		newTxCmd(a),
		newBlockCmd(a),
		newExposureCmd(a),
		newVersionCmd(a),
		newStreamCmd(a),
		newWatchCmd(a),
	)
	root.Version = buildVersion()
	root.SetVersionTemplate("chainscreen {{.Version}}\n")
	return root
}

// addListFlags adds the list-source flags to a command that reads lists.
func addListFlags(cmd *cobra.Command, a *app) {
	cmd.Flags().StringArrayVar(&a.lists, "list", nil,
		"list file or directory, format detected from the content (OFAC SDN_ADVANCED .xml/.bz2/.gz/.zip,\n"+
			"OFAC legacy CSV directory, custom .csv/.json, and every other registered format);\n"+
			"FORMAT:FILE forces a format (ofac, ofac-csv, nbctf, ftm, freeze-logs, custom);\n"+
			"'embedded' is the OFAC publication embedded in this binary (offline, no download).\n"+
			"Repeat to merge sources; two publications of the same source are refused (exit 2)")
	cmd.Flags().StringVar(&a.cacheDir, "cache", "",
		"cache directory for the downloaded lists and the snapshots of --list files\n"+
			"(default: the user cache directory)")
}

// addAgeFlags adds --max-age and --strict to a command that screens.
func addAgeFlags(cmd *cobra.Command, a *app) {
	cmd.Flags().DurationVar(&a.maxAge, "max-age", 0,
		"maximum age of a publication from its date of issue; older lists flag LIST_STALE\n"+
			"(default: "+defaultMaxAge.String()+" for the cached official list, no limit for --list files)")
	cmd.Flags().BoolVar(&a.strict, "strict", false,
		"fail closed: a list older than the maximum age is an error (exit 3) instead of a LIST_STALE flag")
}

// defaultMaxAge applies to the cached official list when --max-age is not given: OFAC
// publishes several times a month, so a week without a successful refresh is worth a flag.
const defaultMaxAge = 7 * 24 * time.Hour

// screenOptions are the Screener options from the list flags.
func (a *app) screenOptions() []screen.Option {
	opts := []screen.Option{screen.WithLogger(a.logger), screen.WithStrict(a.strict)}
	switch {
	case a.maxAge > 0:
		opts = append(opts, screen.WithMaxAge(a.maxAge))
	case len(a.lists) == 0:
		opts = append(opts, screen.WithMaxAge(defaultMaxAge))
	}
	return opts
}
