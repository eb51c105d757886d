package ofac

import (
	"bytes"
	"context"
	"os"
	"strings"

	"github.com/chainscreen/chainscreen/sanctions"
)

// Official download locations of OFAC's SDN_ADVANCED publication. The network was closed
// where this was written, so the sizes of the two forms could not be measured here; the
// .ZIP is the default because a zip of a 121 MB XML file is a small fraction of it, and
// the plain .XML is the fallback when the .ZIP cannot be fetched or read.
const (
	AdvancedZIPURL = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_ADVANCED.ZIP"
	AdvancedXMLURL = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_ADVANCED.XML"
)

// The formats of this package: "ofac" (the advanced XML) and "ofac-csv" (the legacy CSV
// set, a directory).
func init() {
	sanctions.RegisterFormat(sanctions.Format{
		Name:        "ofac",
		Description: "OFAC SDN_ADVANCED.XML (.xml, .xml.bz2, .xml.gz, .zip)",
		Sniff:       sniffOFACAdvanced,
		Read:        ReadAdvanced,
		URLs:        []string{AdvancedZIPURL, AdvancedXMLURL},
	})
	sanctions.RegisterFormat(sanctions.Format{
		Name:        "ofac-csv",
		Description: "OFAC legacy CSV set (a directory with sdn.csv and sdn_comments.csv, or cons_prim.csv)",
		OpenDir: func(ctx context.Context, dir string, opts ...sanctions.Option) (*sanctions.List, error) {
			return OpenCSV(ctx, dir, sanctions.Meta{}, opts...)
		},
		SniffDir: func(dir string) bool {
			ents, err := os.ReadDir(dir)
			if err != nil {
				return false
			}
			for _, e := range ents {
				switch strings.ToLower(e.Name()) {
				case "sdn.csv", "sdn_comments.csv", "cons_prim.csv", "cons_comments.csv":
					return true
				}
			}
			return false
		},
	})
}

// sniffOFACAdvanced recognises the root element of SDN_ADVANCED.XML (any namespace).
func sniffOFACAdvanced(head []byte) bool {
	return bytes.Contains(head, []byte("<Sanctions")) || bytes.Contains(head, []byte(":Sanctions"))
}
