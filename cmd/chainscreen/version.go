package main

import (
	"fmt"
	"runtime/debug"
	"time"

	"github.com/chainscreen/chainscreen/sanctions/embedded"

	"github.com/spf13/cobra"
)

// buildVersion describes the binary: the module version, the VCS revision and time it
// was built from (from the build info Go records), and the Go version.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown (no build info)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = " with uncommitted changes"
			}
		}
	}
	out := v
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		out += fmt.Sprintf(", revision %s (%s)%s", rev, at, dirty)
	}
	p := embedded.Info()
	return out + ", " + bi.GoVersion + fmt.Sprintf("; embedded list %s of %s (sha256 %s)",
		p.Source, p.Published.Format(time.DateOnly), p.SHA256)
}

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of chainscreen (module version, VCS revision, Go version, embedded list)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(a.stdout, "chainscreen", buildVersion())
			return err
		},
	}
}
