package opensanctions

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"os"
	"slices"
	"strconv"

	"github.com/chainscreen/chainscreen/internal/boundio"
	"github.com/chainscreen/chainscreen/sanctions"
)

// FormatName is the registered name of the format.
const FormatName = "ftm"

// MaxLineBytes is the longest entity line read; a longer line is an issue of kind
// "line_too_long" and is skipped. A line longer than MaxLineBytes*8 is no export's:
// the read fails with an error wrapping sanctions.ErrTooLarge (a decompression bomb
// costs that much reading, and MaxLineBytes of memory).
const MaxLineBytes = 8 << 20

func init() {
	sanctions.RegisterFormat(sanctions.Format{
		Name:        FormatName,
		Description: "OpenSanctions FollowTheMoney export (entities.ftm.json: one JSON entity per line; CryptoWallet, holders, Sanction)",
		Sniff:       Sniff,
		Read:        Read,
	})
}

// Sniff reports whether head looks like a FollowTheMoney entity stream: its first line
// is a JSON object with "id", "schema" and "properties" members. JSON arrays (custom
// lists, Ethereum logs), XML and CSV are never claimed.
func Sniff(head []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return false
	}
	if i := bytes.IndexByte(t, '\n'); i >= 0 {
		t = t[:i]
	}
	return bytes.Contains(t, []byte(`"schema"`)) && bytes.Contains(t, []byte(`"properties"`)) &&
		bytes.Contains(t, []byte(`"id"`))
}

// holderSchemata are the schemata that can hold a wallet (FtM's LegalEntity and the
// schemata that extend it).
var holderSchemata = map[string]bool{"LegalEntity": true, "Person": true, "Organization": true,
	"Company": true, "PublicBody": true}

// head is the part of an entity line every line is decoded into: enough to decide
// whether the entity matters.
type head struct {
	ID         string `json:"id"`
	Schema     string `json:"schema"`
	Properties struct {
		Entity []string `json:"entity"`
	} `json:"properties"`
}

// entity is a whole FtM entity.
type entity struct {
	ID         string              `json:"id"`
	Caption    string              `json:"caption"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets"`
	LastSeen   string              `json:"last_seen"`
	line       int
}

// collector holds what the reader keeps: the wallets, their holders and the sanctions
// of either, and the issues.
type collector struct {
	wallets     []*entity
	walletIDs   map[string]bool
	wantHolders map[string]bool
	holders     map[string]*entity
	sanctions   map[string]*entity
	issues      []sanctions.Issue
	failed      map[int]bool
	lines       int
}

func newCollector() *collector {
	return &collector{walletIDs: map[string]bool{}, wantHolders: map[string]bool{},
		holders: map[string]*entity{}, sanctions: map[string]*entity{}, failed: map[int]bool{}}
}

func (c *collector) relevantSanction(h *head) bool {
	for _, id := range h.Properties.Entity {
		if c.walletIDs[id] || c.wantHolders[id] {
			return true
		}
	}
	return false
}

func (c *collector) decode(line []byte, n int) (*entity, error) {
	e := &entity{line: n}
	if err := json.Unmarshal(line, e); err != nil {
		return nil, err
	}
	return e, nil
}

// spool keeps the lines the first pass could not place yet.
type spool interface {
	keep(line []byte, n int) error
}

type fileSpool struct {
	f *os.File
	w *bufio.Writer
	n int
}

func (s *fileSpool) keep(line []byte, n int) error {
	if s.f == nil {
		f, err := os.CreateTemp("", "chainscreen-ftm-*.jsonl")
		if err != nil {
			return fmt.Errorf("opensanctions: a temporary file for holders and sanctions that precede their wallets: %w", err)
		}
		s.f, s.w = f, bufio.NewWriterSize(f, 256<<10)
	}
	s.n++
	s.w.WriteString(strconv.Itoa(n))
	s.w.WriteByte('\t')
	s.w.Write(line)
	return s.w.WriteByte('\n')
}

func (s *fileSpool) close() {
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
	}
}

// noSpool is the spool of a seekable input: the second pass reads the input again.
type noSpool struct{}

func (noSpool) keep([]byte, int) error { return nil }

// lineReader yields the lines of r with their numbers.
type lineReader struct {
	br   *bufio.Reader
	n    int
	long []byte
}

// next returns the next line (without its newline), its number, and io.EOF at the end.
// A line longer than MaxLineBytes is returned as nil with errTooLong.
func (lr *lineReader) next() ([]byte, int, error) {
	lr.long = lr.long[:0]
	tooLong := false
	for {
		b, err := lr.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			if !tooLong {
				lr.long = append(lr.long, b...)
				if len(lr.long) > MaxLineBytes {
					tooLong, lr.long = true, lr.long[:0]
				}
			}
			continue
		}
		if err != nil && err != io.EOF {
			return nil, 0, err
		}
		if len(b) == 0 && len(lr.long) == 0 && err == io.EOF && !tooLong {
			return nil, 0, io.EOF
		}
		lr.n++
		if len(lr.long)+len(b) > MaxLineBytes+2 {
			tooLong = true
		}
		if tooLong {
			return nil, lr.n, errTooLong
		}
		if len(lr.long) > 0 {
			lr.long = append(lr.long, b...)
			b = lr.long
		}
		return bytes.TrimRight(b, "\r\n"), lr.n, nil
	}
}

var errTooLong = errors.New("line too long")

// firstPass reads every line: it keeps the wallets, the holders and sanctions that
// refer to what it has already seen, and gives the other candidates to sp.
func (c *collector) firstPass(ctx context.Context, lr *lineReader, sp spool) error {
	for {
		line, n, err := lr.next()
		if err == io.EOF {
			c.lines = lr.n
			return nil
		}
		if err == errTooLong {
			c.issues = append(c.issues, sanctions.Issue{Line: n, Kind: "line_too_long",
				Reason: fmt.Sprintf("line %d is longer than %d bytes: not read", n, MaxLineBytes)})
			continue
		}
		if err != nil {
			return err
		}
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		// The fast path: most lines of a full export are parties and links without a
		// wallet; their id and schema are read without decoding them.
		if id, schema, ok := peek(line); ok && string(schema) != "CryptoWallet" && string(schema) != "Sanction" {
			if !json.Valid(line) {
				c.undecodable(n, errors.New("not valid JSON"))
				continue
			}
			if !holderSchemata[string(schema)] {
				continue
			}
			if c.wantHolders[string(id)] {
				if err := c.keepHolder(line, n); err != nil {
					return err
				}
			} else if err := sp.keep(line, n); err != nil {
				return err
			}
			continue
		}
		var h head
		if err := json.Unmarshal(line, &h); err != nil {
			c.undecodable(n, err)
			continue
		}
		if h.ID == "" || h.Schema == "" {
			c.issues = append(c.issues, sanctions.Issue{Line: n, Kind: "malformed_line",
				Reason: fmt.Sprintf("line %d is an entity without id or schema", n)})
			continue
		}
		switch {
		case h.Schema == "CryptoWallet":
			e, err := c.decode(line, n)
			if err != nil {
				c.issues = append(c.issues, sanctions.Issue{Line: n, EntityID: h.ID, Kind: "malformed_line",
					Reason: fmt.Sprintf("line %d: CryptoWallet does not decode: %v", n, err)})
				continue
			}
			if c.walletIDs[e.ID] {
				c.issues = append(c.issues, sanctions.Issue{Line: n, EntityID: e.ID, Kind: "duplicate_entity",
					Reason: fmt.Sprintf("line %d repeats wallet %s: both read", n, e.ID)})
			}
			c.wallets = append(c.wallets, e)
			c.walletIDs[e.ID] = true
			for _, id := range e.Properties["holder"] {
				c.wantHolders[id] = true
			}
		case holderSchemata[h.Schema]:
			if c.wantHolders[h.ID] {
				if err := c.keepHolder(line, n); err != nil {
					return err
				}
			} else if err := sp.keep(line, n); err != nil {
				return err
			}
		case h.Schema == "Sanction":
			if c.relevantSanction(&h) {
				if err := c.keepSanction(line, n); err != nil {
					return err
				}
			} else if err := sp.keep(line, n); err != nil {
				return err
			}
		}
	}
}

func (c *collector) keepHolder(line []byte, n int) error {
	e, err := c.decode(line, n)
	if err != nil {
		c.undecodable(n, err)
		return nil
	}
	if _, ok := c.holders[e.ID]; !ok {
		c.holders[e.ID] = e
	}
	return nil
}

// undecodable records, once, a line whose head decodes but whose entity does not.
func (c *collector) undecodable(n int, err error) {
	if c.failed[n] {
		return
	}
	c.failed[n] = true
	c.issues = append(c.issues, sanctions.Issue{Line: n, Kind: "malformed_line",
		Reason: fmt.Sprintf("line %d is not a JSON entity: %v", n, err)})
}

var (
	idPrefix  = []byte(`{"id":"`)
	schemaKey = []byte(`"schema":"`)
)

// peek reads the id and schema of an entity line written the way FtM writes them (id
// first, compact, no escapes in either): a quoted `"schema":"` can only be the
// top-level member, since a quote inside a string is escaped. ok is false for any
// other shape; the caller then decodes the line.
func peek(line []byte) (id, schema []byte, ok bool) {
	if !bytes.HasPrefix(line, idPrefix) {
		return nil, nil, false
	}
	rest := line[len(idPrefix):]
	i := bytes.IndexByte(rest, '"')
	if i <= 0 || bytes.IndexByte(rest[:i], '\\') >= 0 {
		return nil, nil, false
	}
	id = rest[:i]
	j := bytes.Index(rest[i:], schemaKey)
	if j < 0 {
		return nil, nil, false
	}
	rest = rest[i+j+len(schemaKey):]
	k := bytes.IndexByte(rest, '"')
	if k <= 0 || bytes.IndexByte(rest[:k], '\\') >= 0 {
		return nil, nil, false
	}
	return id, rest[:k], true
}

func (c *collector) keepSanction(line []byte, n int) error {
	e, err := c.decode(line, n)
	if err != nil {
		c.undecodable(n, err)
		return nil
	}
	if _, ok := c.sanctions[e.ID]; !ok {
		c.sanctions[e.ID] = e
	}
	return nil
}

// secondPass reads lines again (the input or the spool) and keeps the holders and
// sanctions the first pass could not place. Lines that are malformed were reported by
// the first pass.
func (c *collector) secondPass(ctx context.Context, next func() ([]byte, int, error)) error {
	for i := 0; ; i++ {
		line, n, err := next()
		if err == io.EOF {
			return nil
		}
		if err == errTooLong {
			continue
		}
		if err != nil {
			return err
		}
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if id, schema, ok := peek(line); ok && string(schema) != "Sanction" {
			if _, have := c.holders[string(id)]; holderSchemata[string(schema)] && c.wantHolders[string(id)] && !have {
				if err := c.keepHolder(line, n); err != nil {
					return err
				}
			}
			continue
		}
		var h head
		if json.Unmarshal(line, &h) != nil {
			continue
		}
		switch {
		case holderSchemata[h.Schema]:
			if _, have := c.holders[h.ID]; c.wantHolders[h.ID] && !have {
				if err := c.keepHolder(line, n); err != nil {
					return err
				}
			}
		case h.Schema == "Sanction":
			if _, have := c.sanctions[h.ID]; !have && c.relevantSanction(&h) {
				if err := c.keepSanction(line, n); err != nil {
					return err
				}
			}
		}
	}
}

// collect reads the whole input.
func collect(ctx context.Context, r io.Reader, h hash.Hash) (*collector, error) {
	c := newCollector()
	rs, seekable := r.(io.ReadSeeker)
	var start int64
	if seekable {
		var err error
		if start, err = rs.Seek(0, io.SeekCurrent); err != nil {
			seekable = false
		}
	}
	cls, name := boundio.WithClass(sanctions.ErrFormat), boundio.WithName("FtM entities")
	lr := &lineReader{br: bufio.NewReaderSize(io.TeeReader(boundio.Lines(r, 8*MaxLineBytes, cls, name), h), 1<<20)}
	if seekable {
		if err := c.firstPass(ctx, lr, noSpool{}); err != nil {
			return nil, err
		}
		if len(c.wallets) == 0 {
			return c, nil
		}
		if _, err := rs.Seek(start, io.SeekStart); err != nil {
			return nil, err
		}
		lr2 := &lineReader{br: bufio.NewReaderSize(r, 1<<20)}
		return c, c.secondPass(ctx, lr2.next)
	}
	sp := &fileSpool{}
	defer sp.close()
	if err := c.firstPass(ctx, lr, sp); err != nil {
		return nil, err
	}
	if sp.f == nil || len(c.wallets) == 0 {
		return c, nil
	}
	if err := sp.w.Flush(); err != nil {
		return nil, fmt.Errorf("opensanctions: temporary file: %w", err)
	}
	if _, err := sp.f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	slr := &lineReader{br: bufio.NewReaderSize(sp.f, 1<<20)}
	return c, c.secondPass(ctx, func() ([]byte, int, error) {
		b, _, err := slr.next()
		if err != nil {
			return nil, 0, err
		}
		i := bytes.IndexByte(b, '\t')
		n, _ := strconv.Atoi(string(b[:max(i, 0)]))
		return b[i+1:], n, nil
	})
}

// Read reads an entities.ftm.json export into one list (see the package documentation).
// The list's source is "OpenSanctions <dataset>" when the file holds one dataset, else
// "OpenSanctions <dataset>, <dataset>…" with each value's Reference prefixed by its
// datasets. The date of issue is the latest last_seen of a wallet, else the file's
// modification time, else the clock. A file without any CryptoWallet returns an error
// wrapping sanctions.ErrEmpty.
func Read(ctx context.Context, r io.Reader, opts ...sanctions.Option) (*sanctions.List, error) {
	ls, err := read(ctx, r, true, opts)
	if err != nil {
		return nil, err
	}
	return ls[0], nil
}

// ReadDatasets reads an entities.ftm.json export into one list per dataset, in the order
// of the datasets' first wallets (Source.Name "OpenSanctions <dataset>"). Issues that
// belong to no dataset (malformed lines) are on the first list.
func ReadDatasets(ctx context.Context, r io.Reader, opts ...sanctions.Option) ([]*sanctions.List, error) {
	return read(ctx, r, false, opts)
}

func read(ctx context.Context, r io.Reader, merged bool, opts []sanctions.Option) ([]*sanctions.List, error) {
	ro := sanctions.ResolveOptions(opts...)
	h := sha256.New()
	c, err := collect(ctx, r, h)
	if err != nil {
		return nil, err
	}
	if len(c.wallets) == 0 {
		return nil, fmt.Errorf("%w: no CryptoWallet entity among %d lines (%d issues)", sanctions.ErrEmpty, c.lines, len(c.issues))
	}
	ls := c.build(merged, ro)
	sum := hex.EncodeToString(h.Sum(nil))
	for _, l := range ls {
		l.Source.SHA256 = sum
		l.Source.Location = ro.Location
		ro.Logger.LogAttrs(ctx, slog.LevelInfo, "FollowTheMoney export read", slog.String("source", l.Source.Name),
			slog.Int("lines", c.lines), slog.Int("wallets", len(c.wallets)), slog.Int("holders", len(c.holders)),
			slog.Int("sanctions", len(c.sanctions)), slog.Int("values", len(l.Addresses)), slog.Int("issues", len(l.Issues)))
	}
	return ls, nil
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
