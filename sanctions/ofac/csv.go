package ofac

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
)

// Constants of OFAC's legacy CSV format (see OFAC's dat_spec.txt).
const (
	ofacCSVFormat = "ofac-csv"
	// ofacCSVNull is the null value; the files write it with a trailing space ("-0- ").
	ofacCSVNull = "-0-"
	// ofacRemarkLimit is the Remarks column's maximum length: longer remarks are cut
	// there and continue in the comments (spill-over) file.
	ofacRemarkLimit = 1000
	// ofacCSVColumns is the number of columns of sdn.csv and cons_prim.csv.
	ofacCSVColumns = 12
	ofacCtrlZ      = 0x1a
)

// CSVFiles is the legacy CSV file set of one OFAC list, as streams.
type CSVFiles struct {
	// Primary is sdn.csv (SDN list) or cons_prim.csv (Consolidated list). When nil, only
	// Comments is read: the rows' parties are then known by number only, and the text a
	// continuation starts with cannot be rebuilt (it is reported as an issue).
	Primary io.Reader
	// Comments is the spill-over file sdn_comments.csv or cons_comments.csv (optional).
	Comments io.Reader
}

// ReadCSV reads OFAC's legacy CSV set: the primary file (12 columns, no header
// row, CRLF, "-0- " for null, quoted text, a trailing 0x1A byte) and its spill-over
// comments file (ent_num, continuation). Digital-currency values are taken from the
// Remarks column ("Digital Currency Address - XBT 1...; alt. Digital Currency Address -
// ETH 0x..."). A remark cut at the 1000-character limit is joined with its continuation
// from the comments file before values are extracted, since the continuation starts
// mid-token and sometimes mid-address.
//
// What remains lossy is reported as Issues, never dropped silently: a remark cut at the
// limit with no continuation (values after the cut are missing), a value cut by it (a
// fragment such as "1Gq": reported and not indexed, since it is not a value OFAC listed),
// a continuation whose party is not in the primary file or whose leading text cannot be
// rebuilt because the primary file is absent. Values that are complete but not valid
// addresses are kept and matched as exact text, as for every reader.
//
// The CSV set has no date of issue: meta.Published is required (ErrNoDate otherwise).
// meta.Name defaults to "OFAC SDN". Source.Format is "ofac-csv"; Source.SHA256 is the
// sha256 of the primary file's bytes followed by the comments file's bytes. Entity IDs
// are the ent_num column (which is also the advanced XML's FixedRef); the CSV has no
// listing dates. Errors: ErrFormat (not CSV, wrong column count), ErrNoDate, ErrEmpty
// (neither file has a row), or the context's error.
func ReadCSV(ctx context.Context, files CSVFiles, meta sanctions.Meta, opts ...sanctions.Option) (*sanctions.List, error) {
	o := sanctions.ResolveOptions(opts...)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if meta.Published.IsZero() {
		return nil, fmt.Errorf("%w: the OFAC CSV set has no date of issue; pass sanctions.Meta.Published", sanctions.ErrNoDate)
	}
	if files.Primary == nil && files.Comments == nil {
		return nil, fmt.Errorf("%w: no OFAC CSV file given", sanctions.ErrEmpty)
	}
	h := sha256.New()
	var prim, comments [][]string
	var err error
	if files.Primary != nil {
		if prim, err = readOFACCSVRecords(ctx, files.Primary, h, "primary"); err != nil {
			return nil, err
		}
	}
	if files.Comments != nil {
		if comments, err = readOFACCSVRecords(ctx, files.Comments, h, "comments"); err != nil {
			return nil, err
		}
	}
	if len(prim) == 0 && len(comments) == 0 {
		return nil, fmt.Errorf("%w: the OFAC CSV files hold no row", sanctions.ErrEmpty)
	}
	p := csvParser{l: &sanctions.List{Entities: map[string]*sanctions.Entity{}}, havePrimary: files.Primary != nil}
	if err := p.parse(ctx, prim, comments); err != nil {
		return nil, err
	}
	l := p.l
	l.Source = sanctions.Source{Name: meta.Name, Format: ofacCSVFormat, Location: o.Location,
		Published: meta.Published.UTC(), SHA256: hex.EncodeToString(h.Sum(nil)), LoadedAt: o.Clock()}
	if l.Source.Name == "" {
		l.Source.Name = ofacSourceName
	}
	l.Classify()
	o.Logger.LogAttrs(ctx, slog.LevelInfo, "sanctions: OFAC CSV read",
		slog.String("location", l.Source.Location),
		slog.String("published", l.Source.Published.Format(time.DateOnly)),
		slog.Int("parties", l.EntityCount),
		slog.Int("addresses", len(l.Addresses)),
		slog.Int("issues", len(l.Issues)))
	return l, nil
}

// OpenCSV reads the legacy CSV set in dir: sdn.csv with sdn_comments.csv, or
// cons_prim.csv with cons_comments.csv (names matched case-insensitively; the comments
// file is optional; a directory holding only a comments file is read as ReadCSV does
// without Primary). The address (add.csv) and alias (alt.csv) files hold no
// digital-currency values and are not read.
//
// meta.Published defaults to the primary file's modification time (the CSV set carries
// no date of issue: that is the download time at best; pass the real date when you know
// it). meta.Name defaults to "OFAC SDN" or "OFAC Consolidated". Source.Location is dir.
func OpenCSV(ctx context.Context, dir string, meta sanctions.Meta, opts ...sanctions.Option) (*sanctions.List, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	find := func(name string) string {
		for _, e := range ents {
			if e.Type().IsRegular() && strings.EqualFold(e.Name(), name) {
				return filepath.Join(dir, e.Name())
			}
		}
		return ""
	}
	prim, comm, name := find("sdn.csv"), find("sdn_comments.csv"), ofacSourceName
	if c := find("cons_prim.csv"); c != "" {
		if prim != "" || comm != "" {
			return nil, fmt.Errorf("%w: %s holds both an SDN and a Consolidated CSV set", sanctions.ErrFormat, dir)
		}
		prim, comm, name = c, find("cons_comments.csv"), "OFAC Consolidated"
	} else if prim == "" && comm == "" {
		prim, comm, name = "", find("cons_comments.csv"), "OFAC Consolidated"
	}
	if prim == "" && comm == "" {
		return nil, fmt.Errorf("no sdn.csv, sdn_comments.csv, cons_prim.csv or cons_comments.csv in %s: %w", dir, fs.ErrNotExist)
	}
	if meta.Name == "" {
		meta.Name = name
	}
	var files CSVFiles
	for _, f := range []struct {
		path string
		dst  *io.Reader
	}{{prim, &files.Primary}, {comm, &files.Comments}} {
		if f.path == "" {
			continue
		}
		fh, err := os.Open(f.path)
		if err != nil {
			return nil, err
		}
		defer fh.Close()
		*f.dst = fh
		if meta.Published.IsZero() {
			st, err := fh.Stat()
			if err != nil {
				return nil, err
			}
			meta.Published = st.ModTime().UTC()
		}
	}
	opts = append(opts[:len(opts):len(opts)], sanctions.WithLocation(dir))
	return ReadCSV(ctx, files, meta, opts...)
}

// MaxCSVFileSize bounds each legacy CSV file read into memory (the biggest real one,
// add.csv, is 1.6 MB); a bigger one is refused with an error wrapping
// sanctions.ErrTooLarge and ErrFormat.
const MaxCSVFileSize = 32 << 20

// readOFACCSVRecords reads a whole legacy CSV file (they are a few MB) into records,
// without the trailing 0x1A byte.
func readOFACCSVRecords(ctx context.Context, r io.Reader, h io.Writer, what string) ([][]string, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxCSVFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("sanctions: reading the OFAC CSV %s file: %w", what, err)
	}
	if len(b) > MaxCSVFileSize {
		return nil, fmt.Errorf("%w: %w: the OFAC CSV %s file is larger than %d bytes", sanctions.ErrFormat, sanctions.ErrTooLarge, what, MaxCSVFileSize)
	}
	h.Write(b)
	b = bytes.TrimRight(b, "\x1a\r\n")
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("%w: OFAC CSV %s file is not UTF-8 text", sanctions.ErrFormat, what)
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	var recs [][]string
	for {
		if len(recs)%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: OFAC CSV %s file: %w", sanctions.ErrFormat, what, err)
		}
		recs = append(recs, rec)
	}
	return recs, nil
}

// nullable returns the field without the "-0- " null marker and surrounding spaces.
// rawText is a remark or continuation as published, untrimmed, or "" for the null
// marker. Remarks are joined with their continuations untrimmed: the cut at 1,000
// characters can fall next to a space that belongs to the text ("…; alt. Digital" +
// " Currency Address - BCH …").
func rawText(s string) string {
	if strings.TrimSpace(s) == ofacCSVNull {
		return ""
	}
	return s
}

func nullable(s string) string {
	s = strings.TrimSpace(s)
	if s == ofacCSVNull {
		return ""
	}
	return s
}

type csvParser struct {
	l           *sanctions.List
	havePrimary bool
}

func (p *csvParser) issue(is sanctions.Issue) { p.l.Issues = append(p.l.Issues, is) }

func (p *csvParser) parse(ctx context.Context, prim, comments [][]string) error {
	// Continuations by ent_num, in file order (an entry may continue over several rows).
	cont := map[string]string{}
	var contOrder []string
	for i, rec := range comments {
		if len(rec) != 2 {
			return fmt.Errorf("%w: OFAC CSV comments file row %d has %d columns, want 2", sanctions.ErrFormat, i+1, len(rec))
		}
		id := strings.TrimSpace(rec[0])
		if _, ok := cont[id]; !ok {
			contOrder = append(contOrder, id)
		}
		cont[id] += rawText(rec[1])
	}
	used := map[string]bool{}
	for i, rec := range prim {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if len(rec) != ofacCSVColumns {
			return fmt.Errorf("%w: OFAC CSV primary file row %d has %d columns, want %d", sanctions.ErrFormat, i+1, len(rec), ofacCSVColumns)
		}
		p.l.EntityCount++
		id := strings.TrimSpace(rec[0])
		e := &sanctions.Entity{ID: id, Name: nullable(rec[1]), Type: csvPartyType(nullable(rec[2])), Programs: csvPrograms(rec[3])}
		remark := rawText(rec[11])
		c, hasCont := cont[id]
		used[id] = hasCont
		truncated := !hasCont && utf8.RuneCountInString(rec[11]) >= ofacRemarkLimit
		p.remarkValues(e, remark+c, false, truncated)
	}
	for _, id := range contOrder {
		if used[id] {
			continue
		}
		if p.havePrimary {
			p.issue(sanctions.Issue{EntityID: id, Reason: "comments-file continuation for an entry that is not in the primary file"})
			continue
		}
		// No primary file: the entry is known by number only.
		p.remarkValues(&sanctions.Entity{ID: id, Programs: []string{}}, cont[id], true, false)
	}
	if !p.havePrimary {
		p.issue(sanctions.Issue{Reason: "no primary file (sdn.csv/cons_prim.csv): parties are known by number only, " +
			"and the first characters of every remark are missing"})
	}
	return nil
}

const (
	dcaPrefix    = ofacDigitalCurrencyPfx // "Digital Currency Address - "
	dcaAltPrefix = "alt. " + dcaPrefix
)

// remarkValues extracts the digital-currency values of one rebuilt remark. orphan says
// the remark is a continuation without its start; truncated says the remark was cut at
// the limit and nothing continues it.
func (p *csvParser) remarkValues(e *sanctions.Entity, remark string, orphan, truncated bool) {
	if !strings.Contains(remark, "Currency Address") && !strings.Contains(remark, "Digital Curr") {
		return
	}
	items := strings.Split(remark, ";")
	found := false
	for i, raw := range items {
		last := i == len(items)-1
		item := strings.TrimSpace(raw)
		if orphan && i == 0 && !strings.HasPrefix(item, dcaPrefix) && !strings.HasPrefix(item, dcaAltPrefix) && item != "" {
			// The continuation starts inside "alt. Digital Currency Address - ": the value
			// after it is whole ("s - ETH 0x8576...", "rency Address - XBT bc1q...").
			if head, tail, ok := strings.Cut(item, " - "); ok && head != "" && strings.HasSuffix(strings.TrimSuffix(dcaAltPrefix, " - "), head) {
				item = dcaPrefix + tail
			} else {
				p.issue(sanctions.Issue{Value: item, EntityID: e.ID, Reason: "continuation (comments file) starts mid-token " +
					"and its start is in the missing primary file: this text cannot be rebuilt"})
				continue
			}
		}
		rest, ok := strings.CutPrefix(item, "alt. ")
		if !ok {
			rest = item
		}
		rest, ok = strings.CutPrefix(rest, dcaPrefix)
		if !ok {
			if last && truncated && isPrefixOf(item, dcaAltPrefix, dcaPrefix) {
				p.issue(sanctions.Issue{Value: item, EntityID: e.ID, Reason: fmt.Sprintf("remark cut at the %d-character "+
					"limit inside a digital currency item and not continued in the comments file", ofacRemarkLimit)})
			}
			continue
		}
		if last {
			rest = strings.TrimSuffix(rest, ".")
		}
		ticker, value, _ := strings.Cut(strings.TrimSpace(rest), " ")
		value = strings.TrimSpace(value)
		if value == "" {
			reason := "digital currency item without a value"
			if last && truncated {
				reason = fmt.Sprintf("remark cut at the %d-character limit after the ticker, not continued in the comments file", ofacRemarkLimit)
			}
			p.issue(sanctions.Issue{Value: item, Ticker: ticker, EntityID: e.ID, Reason: reason})
			continue
		}
		if last && truncated {
			if _, err := address.ParseListed(ticker, value); err != nil {
				p.issue(sanctions.Issue{Value: value, Ticker: ticker, EntityID: e.ID, Reason: fmt.Sprintf("fragment: the remark is cut at "+
					"the %d-character limit inside this value and not continued in the comments file; not indexed", ofacRemarkLimit)})
				continue
			}
		}
		found = true
		p.l.Addresses = append(p.l.Addresses, sanctions.ListedAddress{Value: value, Ticker: ticker, Entity: e})
	}
	if truncated {
		p.issue(sanctions.Issue{EntityID: e.ID, Reason: fmt.Sprintf("remark reaches the %d-character limit and is not continued in "+
			"the comments file: digital currency values after the cut are missing", ofacRemarkLimit)})
	}
	if found {
		if prev, ok := p.l.Entities[e.ID]; ok && prev != e {
			p.issue(sanctions.Issue{EntityID: e.ID, Reason: "ent_num appears twice"})
		} else {
			p.l.Entities[e.ID] = e
		}
		if orphan {
			p.l.EntityCount++
		}
	}
}

// isPrefixOf reports whether s is a non-empty prefix of one of the words (a cut item).
func isPrefixOf(s string, words ...string) bool {
	if s == "" {
		return false
	}
	for _, w := range words {
		if strings.HasPrefix(w, s) {
			return true
		}
	}
	return false
}

// csvPartyType maps SDN_Type to the Entity types; the CSV writes null for entities.
func csvPartyType(t string) string {
	switch strings.ToLower(t) {
	case "":
		return "entity"
	case "individual", "vessel", "aircraft":
		return strings.ToLower(t)
	}
	return ""
}

// csvPrograms splits the Program column ("IRAN] [SDGT] [IRGC") into programmes.
func csvPrograms(s string) []string {
	s = nullable(s)
	out := []string{}
	for _, p := range strings.Split(s, "] [") {
		p = strings.Trim(strings.TrimSpace(p), "[]")
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
