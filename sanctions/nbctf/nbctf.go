package nbctf

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
)

// Names of the format and the source.
const (
	// FormatName is the registered format name (force it with "nbctf:FILE").
	FormatName = "nbctf"
	// SourceName is the list's Source.Name.
	SourceName = "IL NBCTF seizure orders"
	// Publisher is the list's Source.Publisher.
	Publisher = "Israel National Bureau for Counter Terror Financing (NBCTF)"
	// WalletsFile and ReleasesFile are the names of the two tables in a directory.
	WalletsFile  = "wallets.csv"
	ReleasesFile = "releases.csv"
)

// MaxFileSize bounds each table read into memory (the real wallets table is 37 KB); a
// bigger one is refused with an error wrapping sanctions.ErrTooLarge and ErrFormat.
const MaxFileSize = 8 << 20

// ErrNotWallets: the input is not an NBCTF wallets table (its first row is not the
// Hebrew header). It wraps sanctions.ErrFormat.
var ErrNotWallets = fmt.Errorf("%w: not an NBCTF wallets table", sanctions.ErrFormat)

// Hebrew column headers of wallets.csv.
const (
	hdrName     = "שם מלא"                         // full name
	hdrID       = "תעודת זהות"                     // ID number
	hdrPassport = "דרכון"                          // passport
	hdrBirth    = "תאריך לידה"                     // date of birth
	hdrValue    = "מספר זיהוי הארנק האלקטרוני"     // wallet address / user id
	hdrValueAlt = "יוזר"                           // "user"
	hdrCurrency = "מטבע"                           // currency
	anonymous   = "אנונימי"                        // "anonymous"
	orderPrefix = "צ.ת"                            // seizure order
	orderLong   = "צו תפיסה"                       // seizure order, spelled out
	forfeitPfx  = "צו חילוט"                       // forfeiture order
	sniffMarker = "\u05d4\u05d0\u05e8\u05e0\u05e7" // "הארנק", in the value column's header
)

func init() {
	sanctions.RegisterFormat(sanctions.Format{
		Name:        FormatName,
		Description: "Israel NBCTF seizure orders: wallets.csv (Hebrew headers), with releases.csv beside it, or a directory holding both",
		Sniff:       Sniff,
		Read:        Read,
		OpenDir:     OpenDir,
		SniffDir:    SniffDir,
	})
}

// Sniff reports whether head (the first bytes of a file) is an NBCTF wallets table: its
// first line is the Hebrew header naming the full-name and wallet columns.
func Sniff(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	return bytes.Contains(head, []byte(hdrName)) && bytes.Contains(head, []byte(sniffMarker))
}

// SniffDir reports whether dir holds an NBCTF wallets table (wallets.csv whose header
// Sniff recognises). releases.csv beside it is expected; without it OpenDir still reads
// the table and reports the missing file as an issue.
func SniffDir(dir string) bool {
	f, err := os.Open(filepath.Join(dir, WalletsFile))
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, sanctions.SniffLen)
	n, _ := io.ReadFull(f, head)
	return Sniff(head[:n])
}

// Read reads an NBCTF wallets table from r. The orders' dates and validity come from
// releases.csv in the directory of the location (sanctions.WithLocation; Open sets it):
// when there is no such file, every order is treated as in force (fail closed) and the
// list has an Issue of kind "releases_missing".
func Read(ctx context.Context, r io.Reader, opts ...sanctions.Option) (*sanctions.List, error) {
	ro := sanctions.ResolveOptions(opts...)
	w, err := readAll(r, WalletsFile)
	if err != nil {
		return nil, err
	}
	var rel []byte
	if loc := ro.Location; loc != "" && !strings.Contains(loc, "://") {
		rel, err = readFile(filepath.Join(filepath.Dir(loc), ReleasesFile))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return read(ctx, w, rel, ro)
}

// ReadFiles reads the two tables from readers. releases may be nil: every order is then
// in force and the list has an Issue of kind "releases_missing".
func ReadFiles(ctx context.Context, wallets, releases io.Reader, opts ...sanctions.Option) (*sanctions.List, error) {
	w, err := readAll(wallets, WalletsFile)
	if err != nil {
		return nil, err
	}
	var rel []byte
	if releases != nil {
		if rel, err = readAll(releases, ReleasesFile); err != nil {
			return nil, err
		}
	}
	return read(ctx, w, rel, sanctions.ResolveOptions(opts...))
}

// OpenDir reads the publication in dir: wallets.csv and releases.csv. A missing
// wallets.csv is the os error; a missing releases.csv is an Issue (see Read).
func OpenDir(ctx context.Context, dir string, opts ...sanctions.Option) (*sanctions.List, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	w, err := readFile(filepath.Join(dir, WalletsFile))
	if err != nil {
		return nil, err
	}
	rel, err := readFile(filepath.Join(dir, ReleasesFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	ro := sanctions.ResolveOptions(opts...)
	if ro.Location == "" {
		ro.Location = dir
	}
	return read(ctx, w, rel, ro)
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, filepath.Base(path))
}

func readAll(r io.Reader, what string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("%w: %w: %s larger than %d bytes", sanctions.ErrFormat, sanctions.ErrTooLarge, what, MaxFileSize)
	}
	return b, nil
}

// record is one CSV record with the line it starts on.
type record struct {
	line   int
	fields []string
	// bad says why the record is not well-formed CSV ("" when it is); its fields are
	// then read leniently.
	bad string
}

// maxJoinLines bounds how many lines a quoted cell may span before the record is read
// as malformed (a stray quote must not swallow the rest of the table).
const maxJoinLines = 8

// records splits b into CSV records, line by line, so that a malformed line is reported
// with its number and does not take the following lines with it. Quoted cells may span
// lines (up to maxJoinLines).
func records(b []byte) []record {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	s := string(b)
	var lines []string
	for s != "" {
		line, rest, _ := strings.Cut(s, "\n")
		lines = append(lines, strings.TrimSuffix(line, "\r"))
		s = rest
	}
	var out []record
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if line == "" {
			continue
		}
		if strings.IndexByte(line, '"') < 0 {
			out = append(out, record{line: i + 1, fields: strings.Split(line, ",")})
			continue
		}
		// Quoted cells: join the following lines while the quotes are unbalanced.
		text, end := line, i
		for strings.Count(text, `"`)%2 == 1 && end+1 < len(lines) && end-i < maxJoinLines {
			end++
			text += "\n" + lines[end]
		}
		cr := csv.NewReader(strings.NewReader(text))
		cr.FieldsPerRecord = -1
		fields, err := cr.Read()
		if err == nil {
			if _, err2 := cr.Read(); err2 == io.EOF {
				out = append(out, record{line: i + 1, fields: fields})
				i = end
				continue
			}
			err = errors.New("more than one record")
		}
		// Malformed: read this one line leniently; the next lines are records of their own.
		lr := csv.NewReader(strings.NewReader(line))
		lr.FieldsPerRecord, lr.LazyQuotes = -1, true
		fields, lerr := lr.Read()
		if lerr != nil {
			fields = strings.Split(line, ",")
		}
		var pe *csv.ParseError
		why := err.Error()
		if errors.As(err, &pe) {
			why = pe.Err.Error()
		}
		out = append(out, record{line: i + 1, fields: fields, bad: why})
	}
	return out
}

// columns are the indices of the wallets table's columns (-1: absent).
type columns struct {
	name, id, passport, birth, value, currency, n int
}

func findColumns(header []string) (columns, bool) {
	c := columns{-1, -1, -1, -1, -1, -1, len(header)}
	for i, h := range header {
		h = cleanText(h)
		switch {
		case strings.Contains(h, hdrValue) || strings.Contains(h, sniffMarker) || strings.Contains(h, hdrValueAlt):
			c.value = i
		case strings.Contains(h, hdrName):
			c.name = i
		case strings.Contains(h, hdrID):
			c.id = i
		case strings.Contains(h, hdrPassport):
			c.passport = i
		case strings.Contains(h, hdrBirth):
			c.birth = i
		case strings.Contains(h, hdrCurrency):
			c.currency = i
		}
	}
	return c, c.value >= 0 && c.name >= 0
}

// reader is the state of one read.
type reader struct {
	rel      Releases
	haveRel  bool
	issues   []sanctions.Issue
	addrs    []sanctions.ListedAddress
	lines    map[string]int // value|ticker -> first line, for NewList's issues
	entities int
	seen     map[string]seenValue
	orders   []string
	inTable  map[string]bool
}

type seenValue struct {
	order, entity string
	line          int
}

// order is the order block being read.
type order struct {
	ref, forfeiture string
	date, until     time.Time
	valid           time.Time
	line, values    int
	entity          *sanctions.Entity            // the entity of rows without a holder
	holders         map[string]*sanctions.Entity // by holder key
}

func (rd *reader) issue(line int, kind, value, entity, format string, args ...any) {
	rd.issues = append(rd.issues, sanctions.Issue{Line: line, Kind: kind, Value: value, EntityID: entity,
		Reason: "line " + strconv.Itoa(line) + ": " + fmt.Sprintf(format, args...)})
}

func read(ctx context.Context, wallets, releases []byte, ro sanctions.ReadOptions) (*sanctions.List, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	recs := records(wallets)
	if len(recs) == 0 {
		return nil, fmt.Errorf("%w: %s is empty", ErrNotWallets, WalletsFile)
	}
	cols, ok := findColumns(recs[0].fields)
	if !ok {
		head := strings.Join(recs[0].fields, ",")
		if len(head) > 80 {
			head = head[:80] + "…"
		}
		return nil, fmt.Errorf("%w: first row %q is not the header (%s, …, %s)", ErrNotWallets, head, hdrName, hdrValue)
	}
	n := len(recs)
	rd := &reader{lines: make(map[string]int, n), seen: make(map[string]seenValue, n), inTable: map[string]bool{},
		addrs: make([]sanctions.ListedAddress, 0, n)}
	if releases != nil {
		rd.haveRel = true
		rd.rel = ParseReleases(releaseRecords(releases))
		rd.issues = append(rd.issues, rd.rel.Issues...)
	} else {
		rd.issues = append(rd.issues, sanctions.Issue{Kind: "releases_missing",
			Reason: ReleasesFile + " not found beside " + WalletsFile + ": the orders' dates and validity are unknown, every order is treated as in force"})
	}

	var cur *order
	var holder *sanctions.Entity // the holder of the last row that named one
	for n, rec := range recs[1:] {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if o, isOrder := rd.orderRow(rec); isOrder {
			rd.closeOrder(cur)
			cur, holder = o, nil
			continue
		}
		if cur == nil {
			// Values above the first order header: listed, in force, under a pseudo-order.
			cur = &order{ref: "(no order)", line: rec.line, holders: map[string]*sanctions.Entity{}}
			rd.issue(rec.line, "malformed_row", "", "", "row above the first order header; listed under %q, in force", cur.ref)
		}
		holder = rd.row(rec, cols, cur, holder)
	}
	rd.closeOrder(cur)
	if rd.haveRel {
		for _, o := range sortedOrders(rd.rel.Orders) {
			if !rd.inTable[o.Reference] {
				rd.issues = append(rd.issues, sanctions.Issue{Line: o.Line, Kind: "order_not_in_table",
					Reason: fmt.Sprintf("releases.csv line %d: order %s has no block in %s (its wallets are published elsewhere)", o.Line, o.Reference, WalletsFile)})
			}
		}
	}
	if len(rd.addrs) == 0 {
		return nil, fmt.Errorf("%w: %s lists no values", sanctions.ErrEmpty, WalletsFile)
	}

	h := sha256.New()
	h.Write(wallets)
	h.Write(releases)
	src := sanctions.Source{Name: SourceName, Publisher: Publisher, Category: sanctions.CategoryTerrorismFinancing,
		Format: FormatName, Location: ro.Location, Published: rd.rel.Newest, SHA256: hex.EncodeToString(h.Sum(nil)),
		LoadedAt: ro.Clock().UTC()}
	if src.Published.IsZero() && !ro.ModTime.IsZero() {
		// No releases table: the file's date is the best date of issue there is.
		m := ro.ModTime.UTC()
		src.Published = time.Date(m.Year(), m.Month(), m.Day(), 0, 0, 0, 0, time.UTC)
	}
	l := sanctions.NewList(src, rd.addrs)
	checksum := map[string]bool{}
	for _, la := range l.Addresses {
		if la.Err != nil && errors.Is(la.Err, address.ErrChecksum) {
			checksum[la.Value] = true
		}
	}
	for i := range l.Issues {
		is := &l.Issues[i]
		if is.Kind == "" {
			// A value that does not decode (a currency chainscreen does not decode yet,
			// a typo that breaks a checksum) is matched as exact text.
			is.Kind = "not_an_address"
			if checksum[is.Value] {
				is.Kind = "bad_checksum"
			}
		}
		if is.Line == 0 {
			is.Line = rd.lines[is.Value+"|"+is.Ticker]
		}
	}
	l.Issues = append(rd.issues, l.Issues...)
	slices.SortStableFunc(l.Issues, func(a, b sanctions.Issue) int { return a.Line - b.Line })
	l.EntityCount = rd.entities
	ro.Logger.Info("nbctf: read seizure orders", "location", ro.Location, "orders", len(rd.orders),
		"values", len(l.Addresses), "entities", len(l.Entities), "issues", len(l.Issues),
		"published", src.Published.Format(time.DateOnly))
	return l, nil
}

func releaseRecords(b []byte) [][]string {
	recs := records(b)
	out := make([][]string, 0, len(recs))
	// ParseReleases numbers records from 1: keep the file's line numbers by padding.
	for _, r := range recs {
		for len(out) < r.line-1 {
			out = append(out, nil)
		}
		out = append(out, r.fields)
	}
	return out
}

func sortedOrders(m map[string]Order) []Order {
	out := make([]Order, 0, len(m))
	for _, o := range m {
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b Order) int { return a.Line - b.Line })
	return out
}

// orderRow recognises an order header row ("צ.ת 18/26", other cells empty).
func (rd *reader) orderRow(rec record) (*order, bool) {
	if len(rec.fields) == 0 {
		return nil, false
	}
	first := cleanText(rec.fields[0])
	if !strings.HasPrefix(first, orderPrefix) && !strings.HasPrefix(first, orderLong) {
		return nil, false
	}
	if !allEmpty(rec.fields[1:]) {
		return nil, false
	}
	m := orderNumber.FindStringSubmatch(first)
	if m == nil {
		o := rd.newOrder(first, rec.line)
		rd.issue(rec.line, "malformed_row", first, "", "order header %q has no order number; its rows are listed under it, in force", first)
		return o, true
	}
	ref := reference(m[1], m[2])
	if first != ref {
		rd.issue(rec.line, "order_reference_normalised", first, "", "order header %q read as %q", first, ref)
	}
	return rd.newOrder(ref, rec.line), true
}

func (rd *reader) newOrder(ref string, line int) *order {
	o := &order{ref: ref, line: line, holders: map[string]*sanctions.Entity{}}
	rd.orders = append(rd.orders, ref)
	if rd.inTable[ref] {
		rd.issue(line, "malformed_row", ref, "", "order %s has a second block; its rows are listed under the same order", ref)
	}
	rd.inTable[ref] = true
	switch ro, ok := rd.rel.Orders[ref]; {
	case ok:
		o.date, o.valid, o.until, o.forfeiture = ro.Date, ro.Valid, ro.Until(), ro.Forfeiture
	case rd.haveRel:
		rd.issue(line, "order_not_in_releases", ref, "", "order %s is not in %s: its date and validity are unknown, treated as in force", ref, ReleasesFile)
	}
	return o
}

func (rd *reader) closeOrder(o *order) {
	if o != nil && o.values == 0 {
		rd.issue(o.line, "order_without_values", o.ref, "", "order %s has no values in %s", o.ref, WalletsFile)
	}
}

func (o *order) programs() []string {
	if o.forfeiture != "" {
		return []string{o.ref, o.forfeiture}
	}
	return []string{o.ref}
}

// orderEntity is the entity of the order's rows that name no holder.
func (rd *reader) orderEntity(o *order) *sanctions.Entity {
	if o.entity == nil {
		o.entity = &sanctions.Entity{ID: o.ref, Name: "NBCTF seizure order " + o.ref + " (holder not named)",
			Programs: o.programs(), ListedOn: o.date}
		rd.entities++
	}
	return o.entity
}

func cell(f []string, i int) string {
	if i < 0 || i >= len(f) {
		return ""
	}
	return f[i]
}

// row reads one data row of order o and returns the holder that later rows without a
// name continue (identifier rows).
func (rd *reader) row(rec record, c columns, o *order, prev *sanctions.Entity) *sanctions.Entity {
	f := rec.fields
	if rec.bad != "" {
		rd.issue(rec.line, "malformed_row", strings.Join(f, ","), "", "not well-formed CSV (%s); read leniently", rec.bad)
	}
	if len(f) != c.n {
		switch {
		case rec.bad != "":
		case len(f) < c.n:
			rd.issue(rec.line, "malformed_row", strings.Join(f, ","), "", "%d fields, want %d; the missing cells are read as empty", len(f), c.n)
		default:
			rd.issue(rec.line, "malformed_row", strings.Join(f, ","), "", "%d fields, want %d; the cells from the value column to the last but one are read as values", len(f), c.n)
		}
		if len(f) > c.n && c.value == c.n-2 && c.currency == c.n-1 {
			// An unquoted comma inside the value cell: the extra cells are values.
			g := append(slices.Clone(f[:c.value]), strings.Join(f[c.value:len(f)-1], ","), f[len(f)-1])
			f = g
		}
	}
	if allEmpty(f) {
		rd.issue(rec.line, "empty_row", "", "", "empty row in order %s", o.ref)
		return prev
	}
	name := cleanText(cell(f, c.name))
	if isPlaceholder(name) || name == anonymous || strings.EqualFold(name, "anonymous") {
		name = ""
	}
	var ids []sanctions.Identifier
	for _, col := range []struct {
		i   int
		typ string
	}{{c.id, "national_id"}, {c.passport, "passport"}} {
		v := cleanText(cell(f, col.i))
		if v == "" || isPlaceholder(v) {
			continue
		}
		typ := col.typ
		if label, num, ok := strings.Cut(v, ":"); ok && strings.TrimSpace(num) != "" {
			// "מס' תושב (אוסטרליה): 160715450-005": the document is named in the cell.
			typ, v = strings.TrimSpace(label), strings.TrimSpace(num)
		}
		if isSciNotation(v) {
			rd.issue(rec.line, "scientific_notation", v, "", "%s %q was turned into scientific notation by a spreadsheet (digits lost); kept as published", col.typ, v)
		}
		ids = append(ids, sanctions.Identifier{Type: typ, Value: v})
	}
	birth := cleanText(cell(f, c.birth))
	if isPlaceholder(birth) {
		birth = ""
	}
	ticker := strings.ToUpper(cleanText(cell(f, c.currency)))
	if isPlaceholder(ticker) {
		ticker = ""
	}

	raw := cell(f, c.value)
	v, inv, sp := cleanCell(raw)
	if inv {
		rd.issue(rec.line, "invisible_character", v, "", "invisible characters (zero-width, bidirectional marks, BOM) removed from %q", raw)
	}
	if sp && v != "" {
		rd.issue(rec.line, "whitespace", v, "", "white space around %q removed", v)
	}

	// The entity: the holder the row names, the holder above (rows of identifiers
	// only), or the order.
	var ent *sanctions.Entity
	switch {
	case name != "" || len(ids) > 0:
		ent = rd.holderEntity(o, name, ids, birth, prev, v == "")
	}
	switch {
	case v == "":
		switch {
		case ent != nil:
			rd.issue(rec.line, "empty_cell", "", ent.ID, "no value for %s in order %s", ent.Name, o.ref)
		default:
			rd.issue(rec.line, "empty_cell", "", "", "row of order %s without a value (currency %q)", o.ref, ticker)
		}
		if ent == nil {
			return prev
		}
		return ent
	case isPlaceholder(v):
		id := ""
		if ent != nil {
			id = ent.ID
		}
		rd.issue(rec.line, "placeholder", v, id, "placeholder %q instead of a value in order %s", v, o.ref)
		if ent == nil {
			return prev
		}
		return ent
	}
	if ent == nil {
		ent = rd.orderEntity(o)
	}
	var parts []string
	for _, p := range splitValues(v) {
		if isPlaceholder(p) {
			// A placeholder among several cells read as one (a row with extra fields).
			rd.issue(rec.line, "placeholder", p, ent.ID, "placeholder %q instead of a value in order %s", p, o.ref)
			continue
		}
		parts = append(parts, p)
	}
	if len(parts) > 1 {
		rd.issue(rec.line, "two_values_in_cell", v, ent.ID, "%d values in one cell: %q; each is listed", len(parts), parts)
	}
	for _, p := range parts {
		rd.value(rec.line, p, ticker, ent, o)
	}
	if name == "" && len(ids) == 0 {
		return nil
	}
	return ent
}

// holderEntity returns the entity of the holder a row names. A row that names no holder
// but carries identifiers and no value continues the holder above it.
func (rd *reader) holderEntity(o *order, name string, ids []sanctions.Identifier, birth string, prev *sanctions.Entity, noValue bool) *sanctions.Entity {
	if name == "" && noValue && prev != nil {
		// Identifier rows below a holder (the page's merged name cell).
		for _, id := range ids {
			if !slices.Contains(prev.Identifiers, id) {
				prev.Identifiers = append(prev.Identifiers, id)
			}
		}
		return prev
	}
	key := "name:" + name
	if len(ids) > 0 {
		key = "id:" + ids[0].Value
	}
	if e, ok := o.holders[key]; ok {
		if e.BirthDate == "" {
			e.BirthDate = birth
		}
		return e
	}
	if e, ok := o.holders["name:"+name]; ok && name != "" {
		return e
	}
	e := &sanctions.Entity{Name: name, Type: "individual", Programs: o.programs(), ListedOn: o.date,
		Identifiers: ids, BirthDate: birth}
	if name == "" {
		e.Name = "holder " + ids[0].Value + " (name not given), NBCTF seizure order " + o.ref
	}
	switch {
	case len(ids) > 0:
		e.ID = o.ref + " " + ids[0].Value
	default:
		e.ID = o.ref + " " + name
	}
	o.holders[key] = e
	if name != "" {
		o.holders["name:"+name] = e
	}
	rd.entities++
	return e
}

// value lists one value of order o for ent.
func (rd *reader) value(line int, v, ticker string, ent *sanctions.Entity, o *order) {
	la := sanctions.ListedAddress{Entity: ent, Category: sanctions.CategoryTerrorismFinancing,
		Reference: o.ref, ListedOn: o.date, Ticker: ticker}
	if m := tagged(v); m != nil {
		rd.issue(line, "tagged_value", m[1], ent.ID, "%q lists one account at a shared address: address %s, tag %s", v, m[1], m[2])
		v, la.Tag = m[1], m[2]
	}
	if hasConfusable(v) {
		latin, _ := sanctions.Unconfuse(v)
		var at []string
		lr := []rune(latin)
		for i, r := range []rune(v) {
			if r != lr[i] {
				at = append(at, fmt.Sprintf("%d:%U", i+1, r))
			}
		}
		rd.issue(line, "homoglyph", latin, ent.ID, "%q is typed with Cyrillic/Greek look-alike letters (%s); listed as %q", v, strings.Join(at, " "), latin)
		v = latin
	}
	switch {
	case isSciNotation(v):
		la.Kind = sanctions.ValueExchangeAccount
		rd.issue(line, "scientific_notation", v, ent.ID, "value %q was turned into scientific notation by a spreadsheet (digits lost); listed as exact text", v)
	case isAccountID(v):
		la.Kind = sanctions.ValueExchangeAccount
		rd.issue(line, "exchange_account", v, ent.ID, "numeric exchange user id or phone-number-like id %q: listed as exact text, not as an address", v)
	}
	if la.Ticker == "" && la.Kind == "" {
		la.Ticker = shapeTicker(v)
	}
	la.Value = v
	if !o.until.IsZero() {
		la.Until = o.until
		la.EndedBy = "order " + o.ref + " expired (valid to " + o.valid.Format(time.DateOnly) + ")"
	}
	if s, dup := rd.seen[v]; dup {
		if s.order == o.ref && s.entity == ent.ID {
			rd.issue(line, "duplicate_value", v, ent.ID, "%q repeats line %d of order %s for the same holder; listed once", v, s.line, o.ref)
			return
		}
		rd.issue(line, "duplicate_value", v, ent.ID, "%q is also listed on line %d (order %s, %s); listed under both", v, s.line, s.order, s.entity)
	} else {
		rd.seen[v] = seenValue{order: o.ref, entity: ent.ID, line: line}
	}
	if _, ok := rd.lines[v+"|"+la.Ticker]; !ok {
		rd.lines[v+"|"+la.Ticker] = line
	}
	o.values++
	rd.addrs = append(rd.addrs, la)
}

// tagged returns the submatches of a tagged value, nil when v is not one.
func tagged(v string) []string {
	if strings.IndexByte(v, '(') < 0 {
		return nil
	}
	return taggedValue.FindStringSubmatch(v)
}

func allEmpty(f []string) bool {
	for _, c := range f {
		if cleanText(c) != "" {
			return false
		}
	}
	return true
}
