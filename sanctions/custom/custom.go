package custom

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/internal/boundio"
	"github.com/chainscreen/chainscreen/sanctions"
)

// Formats of custom lists (Source.Format).
const (
	FormatCustomCSV  = "custom-csv"
	FormatCustomJSON = "custom-json"
)

// maxCustomList bounds the size of a custom list; one record (a CSV record, an element
// of the JSON array) is bounded by sanctions.MaxTokenSize. Past either the read fails
// with an error wrapping sanctions.ErrTooLarge and ErrFormat. The list is read as a
// stream: what it costs in memory is its rows, not its bytes.
const maxCustomList = 256 << 20

// Entry is one row of a custom list: an exchange's internal block list, a
// community list, a list exported by another tool.
type Entry struct {
	// Address is the listed value (required).
	Address string `json:"address"`
	// Name names the party; it is also the party's ID. Empty: the party is named after
	// the row ("row 7", "item 3").
	Name string `json:"name"`
	// Chain is the ticker or chain the value is listed under ("ETH", "XBT", "tron", ...);
	// empty: the chain is detected from the value.
	Chain string `json:"chain"`
	// Program and Programs are the programmes or reasons (both are accepted in JSON; in
	// CSV, several programmes are separated by ";" or "|").
	Program  string   `json:"program"`
	Programs []string `json:"programs"`
}

// ReadCSV reads a custom list in CSV: columns address,name[,chain][,program].
// A header row is detected (a first row whose first field is not an address and that
// names an "address" column); with a header the columns are found by name (address,
// name, chain or ticker or currency, program or programs; other columns are ignored),
// without one they are positional. Blank lines and lines starting with "#" are skipped.
//
// Each value becomes a ListedAddress for a party whose ID and name are the name column
// (parties of the same name are one party) and whose type is "". A row without an
// address, or with too many columns, is an Issue, never a silent drop; a value that is
// not a valid address is kept and matched as exact text (and is an Issue). A list
// without any valid row is ErrEmpty.
//
// meta.Published is required (ErrNoDate) and meta.Name defaults to "custom"; use
// Open to default them from the file. Source.Format is "custom-csv".
func ReadCSV(ctx context.Context, r io.Reader, meta sanctions.Meta, opts ...sanctions.Option) (*sanctions.List, error) {
	return readCustom(ctx, r, meta, FormatCustomCSV, parseCustomCSV, opts)
}

// ReadJSON reads a custom list in JSON: an array of objects with the fields of
// Entry ({"address": "0x...", "name": "...", "chain": "ETH", "programs": [...]}).
// An element that is not such an object, or has no address, is an Issue; unknown fields
// are ignored. Otherwise as ReadCSV; Source.Format is "custom-json".
func ReadJSON(ctx context.Context, r io.Reader, meta sanctions.Meta, opts ...sanctions.Option) (*sanctions.List, error) {
	return readCustom(ctx, r, meta, FormatCustomJSON, parseCustomJSON, opts)
}

// Open reads a custom list file: JSON when its name ends in ".json" (or its first
// non-blank byte is "["), CSV otherwise. meta.Name defaults to the file name and
// meta.Published to the file's modification time (midnight UTC of that day is NOT
// assumed: the time is kept). Source.Location is path.
func Open(ctx context.Context, path string, meta sanctions.Meta, opts ...sanctions.Option) (*sanctions.List, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if meta.Name == "" {
		meta.Name = filepath.Base(path)
	}
	if meta.Published.IsZero() {
		meta.Published = st.ModTime().UTC()
	}
	opts = append(opts[:len(opts):len(opts)], sanctions.WithLocation(path))
	br := bufio.NewReaderSize(f, 64<<10)
	if strings.EqualFold(filepath.Ext(path), ".json") || looksJSON(br) {
		return ReadJSON(ctx, br, meta, opts...)
	}
	return ReadCSV(ctx, br, meta, opts...)
}

// looksJSON reports whether the first byte of br that is not white space (after a BOM)
// opens an array.
func looksJSON(br *bufio.Reader) bool {
	head, _ := br.Peek(br.Size())
	return bytes.HasPrefix(bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))), []byte("["))
}

// customRow is one parsed row with where it came from ("row 3", "item 2").
type customRow struct {
	where string
	e     Entry
}

type customParser func(ctx context.Context, r io.Reader) ([]customRow, []sanctions.Issue, error)

func readCustom(ctx context.Context, r io.Reader, meta sanctions.Meta, format string, parse customParser, opts []sanctions.Option) (*sanctions.List, error) {
	o := sanctions.ResolveOptions(opts...)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if meta.Published.IsZero() {
		return nil, fmt.Errorf("%w: a custom list has no date of issue; pass sanctions.Meta.Published", sanctions.ErrNoDate)
	}
	h := sha256.New()
	cls, name := boundio.WithClass(sanctions.ErrFormat), boundio.WithName("custom list")
	bounded := boundio.Cap(r, maxCustomList, cls, name)
	if format == FormatCustomJSON {
		bounded = boundio.JSON(bounded, sanctions.MaxTokenSize, cls, name)
	} else {
		bounded = boundio.CSV(bounded, sanctions.MaxTokenSize, cls, name)
	}
	br := bufio.NewReaderSize(&utf8Reader{r: io.TeeReader(bounded, h)}, 64<<10)
	if bom, _ := br.Peek(3); string(bom) == "\xef\xbb\xbf" { // a BOM from spreadsheet exports
		br.Discard(3)
	}
	rows, issues, err := parse(ctx, br)
	if err != nil {
		return nil, err
	}
	// The digest is of the whole file (what follows the JSON array is white space).
	if _, err := io.Copy(io.Discard, br); err != nil {
		return nil, fmt.Errorf("%w: custom list: %w", sanctions.ErrFormat, err)
	}
	sum := h.Sum(nil)
	byName := map[string]*sanctions.Entity{}
	var addrs []sanctions.ListedAddress
	for _, row := range rows {
		e := row.e
		if strings.TrimSpace(e.Address) == "" {
			issues = append(issues, sanctions.Issue{EntityID: strings.TrimSpace(e.Name), Reason: row.where + ": no address"})
			continue
		}
		name := strings.TrimSpace(e.Name)
		id := name
		if id == "" {
			id = row.where
		}
		ent := byName[id]
		if ent == nil {
			ent = &sanctions.Entity{ID: id, Name: name, Programs: []string{}}
			byName[id] = ent
		}
		for _, p := range append(splitPrograms(e.Program), e.Programs...) {
			if p = strings.TrimSpace(p); p != "" && !contains(ent.Programs, p) {
				ent.Programs = append(ent.Programs, p)
			}
		}
		addrs = append(addrs, sanctions.ListedAddress{Value: e.Address, Ticker: strings.TrimSpace(e.Chain), Entity: ent})
	}
	if meta.Name == "" {
		meta.Name = "custom"
	}
	src := sanctions.Source{Name: meta.Name, Format: format, Location: o.Location, Published: meta.Published.UTC(),
		SHA256: hex.EncodeToString(sum[:]), LoadedAt: o.Clock()}
	l := sanctions.NewList(src, addrs)
	l.Issues = append(issues, l.Issues...)
	valid := 0
	for _, la := range l.Addresses {
		if la.Err == nil {
			valid++
		}
	}
	if valid == 0 {
		return nil, fmt.Errorf("%w: custom list %q has no valid address row (%d rows, %d issues)", sanctions.ErrEmpty,
			meta.Name, len(rows), len(l.Issues))
	}
	o.Logger.LogAttrs(ctx, slog.LevelInfo, "sanctions: custom list read",
		slog.String("name", src.Name), slog.String("format", format),
		slog.Int("addresses", len(l.Addresses)), slog.Int("issues", len(l.Issues)))
	return l, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func splitPrograms(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' })
}

// customColumns maps header names to fields.
var customColumns = map[string]string{
	"address": "address", "addr": "address", "wallet": "address", "value": "address",
	"name": "name", "entity": "name", "party": "name",
	"chain": "chain", "ticker": "chain", "currency": "chain", "network": "chain",
	"program": "program", "programs": "program", "programme": "program", "reason": "program",
}

func parseCustomCSV(ctx context.Context, r io.Reader) ([]customRow, []sanctions.Issue, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.Comment = '#'
	var rows []customRow
	var issues []sanctions.Issue
	cols := map[string]int{"address": 0, "name": 1, "chain": 2, "program": 3}
	maxCols := 4
	first := true
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// A malformed line (a stray quote) can swallow the lines after it into one
			// field: the rest of the file cannot be trusted, so the list is refused.
			return nil, nil, fmt.Errorf("%w: custom CSV: %w", sanctions.ErrFormat, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		line, _ := cr.FieldPos(0)
		where := "row " + strconv.Itoa(line)
		if first {
			first = false
			if hdr, ok := customHeader(rec); ok {
				cols, maxCols = hdr, len(rec)
				continue
			}
		}
		if len(rec) > maxCols {
			issues = append(issues, sanctions.Issue{Value: strings.TrimSpace(rec[0]), Reason: fmt.Sprintf("%s: %d columns, want at most %d (address,name,chain,program)", where, len(rec), maxCols)})
			continue
		}
		get := func(field string) string {
			if i, ok := cols[field]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		rows = append(rows, customRow{where: where, e: Entry{Address: get("address"), Name: get("name"),
			Chain: get("chain"), Program: get("program")}})
	}
	return rows, issues, nil
}

// customHeader recognises a header row: its first field is not an address, and one
// field names the address column.
func customHeader(rec []string) (map[string]int, bool) {
	if _, err := address.Parse(rec[0]); err == nil {
		return nil, false
	}
	cols := map[string]int{}
	for i, f := range rec {
		if field, ok := customColumns[strings.ToLower(strings.TrimSpace(f))]; ok {
			if _, dup := cols[field]; !dup {
				cols[field] = i
			}
		}
	}
	_, ok := cols["address"]
	return cols, ok
}

func parseCustomJSON(ctx context.Context, r io.Reader) ([]customRow, []sanctions.Issue, error) {
	dec := json.NewDecoder(r)
	bad := func(err error) error {
		return fmt.Errorf("%w: custom JSON: want an array of objects: %w", sanctions.ErrFormat, err)
	}
	if tok, err := dec.Token(); err != nil {
		return nil, nil, bad(err)
	} else if tok != json.Delim('[') {
		return nil, nil, bad(fmt.Errorf("the document starts with %v", tok))
	}
	var rows []customRow
	var issues []sanctions.Issue
	for i := 0; dec.More(); i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, bad(err)
		}
		where := "item " + strconv.Itoa(i+1)
		var e Entry
		if err := json.Unmarshal(raw, &e); err != nil || !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
			reason := "not an object"
			if err != nil {
				reason = err.Error()
			}
			issues = append(issues, sanctions.Issue{Value: truncate(string(raw), 80), Reason: where + ": " + reason})
			continue
		}
		rows = append(rows, customRow{where: where, e: e})
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, bad(err)
	}
	if tok, err := dec.Token(); err != io.EOF {
		return nil, nil, bad(fmt.Errorf("content after the array (%v %v)", tok, err))
	}
	return rows, issues, nil
}

// utf8Reader passes r's bytes through and fails (ErrFormat) at the first byte sequence
// that is not UTF-8, a rune cut between two reads included.
type utf8Reader struct {
	r       io.Reader
	pending [utf8.UTFMax]byte
	np      int
	err     error
}

var errNotUTF8 = fmt.Errorf("%w: custom list is not UTF-8 text", sanctions.ErrFormat)

func (u *utf8Reader) Read(b []byte) (int, error) {
	if u.err != nil {
		return 0, u.err
	}
	n, err := u.r.Read(b)
	data := b[:n]
	// Complete the rune cut at the end of the last read.
	for u.np > 0 && len(data) > 0 && !utf8.FullRune(u.pending[:u.np]) {
		u.pending[u.np] = data[0]
		u.np++
		data = data[1:]
	}
	if u.np > 0 && utf8.FullRune(u.pending[:u.np]) {
		if !utf8.Valid(u.pending[:u.np]) {
			u.err = errNotUTF8
			return 0, u.err
		}
		u.np = 0
	}
	// Keep a rune cut at the end of this read for the next one.
	for k := 1; k <= utf8.UTFMax-1 && k <= len(data); k++ {
		if utf8.RuneStart(data[len(data)-k]) {
			if !utf8.FullRune(data[len(data)-k:]) {
				u.np = copy(u.pending[:], data[len(data)-k:])
				data = data[:len(data)-k]
			}
			break
		}
	}
	if !utf8.Valid(data) || (err == io.EOF && u.np > 0) {
		u.err = errNotUTF8
		return 0, u.err
	}
	return n, err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
