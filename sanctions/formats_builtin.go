package sanctions

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// The formats of the readers in this package. They are registered here until they move
// to their source packages (sanctions/ofac, sanctions/custom).
func init() {
	RegisterFormat(Format{
		Name:        "ofac",
		Description: "OFAC SDN_ADVANCED.XML (.xml, .xml.bz2, .xml.gz, .zip)",
		Sniff:       sniffOFACAdvanced,
		Read:        ReadOFACAdvanced,
		URLs:        []string{OFACAdvancedZIPURL, OFACAdvancedXMLURL},
	})
	RegisterFormat(Format{
		Name:        "ofac-csv",
		Description: "OFAC legacy CSV set (a directory with sdn.csv and sdn_comments.csv, or cons_prim.csv)",
		OpenDir: func(ctx context.Context, dir string, opts ...Option) (*List, error) {
			return OpenOFACCSV(ctx, dir, Meta{}, opts...)
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
	RegisterFormat(Format{
		Name:        "custom",
		Description: "custom list: CSV with an address column (address,name[,chain][,program]) or a JSON array of {address,name,chain,programs}",
		Sniff:       sniffCustom,
		Read:        readCustomFormat,
	})
}

// sniffOFACAdvanced recognises the root element of SDN_ADVANCED.XML (any namespace).
func sniffOFACAdvanced(head []byte) bool {
	return bytes.Contains(head, []byte("<Sanctions")) || bytes.Contains(head, []byte(":Sanctions"))
}

// sniffCustom recognises a JSON array, or CSV whose first non-comment line names an
// address column.
func sniffCustom(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	t := bytes.TrimSpace(head)
	if bytes.HasPrefix(t, []byte("[")) {
		// An array of Ethereum log objects is the freeze-logs format (sanctions/freeze),
		// whose "address" member is the token contract, not a listed value.
		return !(bytes.Contains(t, []byte(`"topics"`)) && bytes.Contains(t, []byte(`"transactionHash"`)))
	}
	for _, line := range strings.Split(string(t), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, c := range strings.Split(strings.ToLower(line), ",") {
			if strings.Trim(strings.TrimSpace(c), `"`) == "address" {
				return true
			}
		}
		return false
	}
	return false
}

// readCustomFormat reads a custom list (JSON or CSV) through the registry: the name
// defaults to the file's name and the date of issue to its modification time.
func readCustomFormat(ctx context.Context, r io.Reader, opts ...Option) (*List, error) {
	o := buildOptions(opts)
	meta := Meta{Name: o.name, Published: o.modTime.UTC()}
	if meta.Published.IsZero() {
		meta.Published = o.clock().UTC()
	}
	b, err := readLimited(r)
	if err != nil {
		return nil, err
	}
	if strings.EqualFold(filepath.Ext(o.name), ".json") || bytes.HasPrefix(bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))), []byte("[")) {
		return ReadCustomJSON(ctx, bytes.NewReader(b), meta, opts...)
	}
	return ReadCustomCSV(ctx, bytes.NewReader(b), meta, opts...)
}
