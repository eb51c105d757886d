package custom

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"

	"github.com/chainscreen/chainscreen/sanctions"
)

// The format of this package: "custom" (CSV or JSON).
func init() {
	sanctions.RegisterFormat(sanctions.Format{
		Name:        "custom",
		Description: "custom list: CSV with an address column (address,name[,chain][,program]) or a JSON array of {address,name,chain,programs}",
		Sniff:       sniffCustom,
		Read:        readCustomFormat,
	})
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
func readCustomFormat(ctx context.Context, r io.Reader, opts ...sanctions.Option) (*sanctions.List, error) {
	o := sanctions.ResolveOptions(opts...)
	meta := sanctions.Meta{Name: o.Name, Published: o.ModTime.UTC()}
	if meta.Published.IsZero() {
		meta.Published = o.Clock().UTC()
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if strings.EqualFold(filepath.Ext(o.Name), ".json") || looksJSON(br) {
		return ReadJSON(ctx, br, meta, opts...)
	}
	return ReadCSV(ctx, br, meta, opts...)
}
