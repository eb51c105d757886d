package ofac

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/chainscreen/chainscreen/internal/boundio"
	"hash"
	"io"
	"log/slog"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/orisano/gosax"
)

// OFAC advanced XML constants that are part of the format itself (not of a publication's
// reference tables): the detail type of a feature's free text, and the sanctions type
// whose comment names a programme. Tickers are NOT constants: they are read from each
// publication's FeatureTypeValues table.
const (
	ofacDetailTypeText     = "1432" // DetailType 1432 = "TEXT"
	ofacSanctionsTypeProg  = "1"    // SanctionsType 1 = "Program"
	ofacDigitalCurrencyPfx = "Digital Currency Address - "
	ofacSourceName         = "OFAC SDN"
	ofacFormat             = "ofac-advanced-xml"
	// ctxCheckEvery is how many XML events pass between two checks of the context.
	ctxCheckEvery = 1 << 12
)

// element codes: the elements the reader acts on. Every other element is elUnknown and
// its whole subtree is passed over without looking at names or attributes.
const (
	elUnknown uint8 = iota
	elDocument
	elSanctions
	elDateOfIssue
	elYear
	elMonth
	elDay
	elReferenceValueSets
	elFeatureTypeValues
	elFeatureType
	elPartySubTypeValues
	elPartySubType
	elPartyTypeValues
	elPartyType
	elDistinctParties
	elDistinctParty
	elProfile
	elIdentity
	elAlias
	elDocumentedName
	elDocumentedNamePart
	elNamePartValue
	elFeature
	elFeatureVersion
	elVersionDetail
	elSanctionsEntries
	elSanctionsEntry
	elEntryEvent
	elDate
	elSanctionsMeasure
	elComment
)

// ReadAdvanced reads an OFAC SDN_ADVANCED.XML publication, streaming, from r.
//
// It reads the date of issue, the feature-type table (every "Digital Currency Address -
// <TICKER>" type, whatever its ID), the party types, every digital-currency address value
// with its party (ID = DistinctParty FixedRef, primary name, type), and the party's
// programmes and listing date from SanctionsEntries. The namespace is ignored (it changed
// in 2024). The sha256 of the bytes read becomes Source.SHA256.
//
// The entity name is the primary identity's primary alias, its "Primary Latin"
// DocumentedName, parts joined by a space in document order. Programmes are the
// SanctionsMeasure[@SanctionsTypeID="1"] comments and ListedOn the earliest
// EntryEvent/Date of every SanctionsEntry of the party's profile, whatever its ListID (SDN
// List, or also e.g. the SSI list). The XML must be well-formed as far as the reader sees
// it: every end tag must match its start tag, and a document that stops before the root's
// end tag is truncated (ErrFormat), never a shorter list.
//
// Errors: ErrFormat (not XML, truncated, wrong root, corrupt archive stream), ErrNoDate (no
// DateOfIssue), ErrEmpty (no parties), or the context's error. A value that cannot be
// read (a digital-currency feature without text) or that is not a valid address is kept
// as an Issue, never dropped silently.
func ReadAdvanced(ctx context.Context, r io.Reader, opts ...sanctions.Option) (*sanctions.List, error) {
	o := sanctions.ResolveOptions(opts...)
	start := time.Now()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	src := newRecordingReader(boundXML(r), sha256.New())
	p := newOFACParser(ctx, src)
	err := p.run()
	p.xr = nil // gosax holds the window (or a grown copy); the window is free again
	gosaxBufs.Put(p.buf)
	digest := src.sum()
	if err != nil {
		return nil, err
	}
	l := p.finish()
	l.Source.Name = ofacSourceName
	l.Source.Format = ofacFormat
	l.Source.Location = o.Location
	l.Source.SHA256 = digest
	l.Source.LoadedAt = o.Clock()
	if l.EntityCount == 0 {
		return nil, fmt.Errorf("%w: no DistinctParty in the publication", sanctions.ErrEmpty)
	}
	if len(l.Addresses) == 0 {
		// Every SDN publication since 2018 lists digital currency addresses: none means
		// the file is not what it claims, or its feature table changed shape. Screening
		// against it would answer "clean" for every address.
		return nil, fmt.Errorf("%w: %d parties but no digital currency address (feature types read: %d)",
			sanctions.ErrEmpty, l.EntityCount, len(l.Tickers))
	}
	l.Classify()
	o.Logger.LogAttrs(ctx, slog.LevelInfo, "sanctions: OFAC advanced XML read",
		slog.String("location", l.Source.Location),
		slog.String("published", l.Source.Published.Format(time.DateOnly)),
		slog.String("sha256", l.Source.SHA256),
		slog.Int("parties", l.EntityCount),
		slog.Int("entities_with_addresses", len(l.Entities)),
		slog.Int("addresses", len(l.Addresses)),
		slog.Int("tickers", len(l.Tickers)),
		slog.Int("issues", len(l.Issues)),
		slog.Duration("took", time.Since(start)))
	return l, nil
}

// recordingReader hashes every byte read and remembers the source's first error, so that
// a failure of the source (I/O, corrupt archive) is not mistaken for an XML syntax error.
//
// When more than one CPU is available the hashing runs in a goroutine, on copies of the
// chunks read, so that sha256 (about a third of the work on SHA-NI hardware) overlaps the
// parse instead of adding to it.
type recordingReader struct {
	r   io.Reader
	h   hash.Hash
	err error

	full chan []byte // chunks to hash (async mode)
	free chan []byte // chunks hashed, for reuse
	done chan struct{}
}

const (
	hashChunks   = 4
	hashChunkMax = 512 << 10
)

func newRecordingReader(r io.Reader, h hash.Hash) *recordingReader {
	rr := &recordingReader{r: r, h: h}
	if runtime.GOMAXPROCS(0) > 1 {
		rr.full = make(chan []byte, hashChunks)
		rr.free = make(chan []byte, hashChunks)
		rr.done = make(chan struct{})
		for range hashChunks {
			rr.free <- nil
		}
		go func() {
			defer close(rr.done)
			for b := range rr.full {
				rr.h.Write(b)
				rr.free <- b
			}
		}()
	}
	return rr
}

func (rr *recordingReader) Read(b []byte) (int, error) {
	if rr.full != nil && len(b) > hashChunkMax {
		b = b[:hashChunkMax] // bounds the memory of the chunks in flight
	}
	n, err := rr.r.Read(b)
	if n > 0 {
		if rr.full != nil {
			c := <-rr.free
			rr.full <- append(c[:0], b[:n]...)
		} else {
			rr.h.Write(b[:n])
		}
	}
	if err != nil && err != io.EOF && rr.err == nil {
		rr.err = err
	}
	return n, err
}

// sum waits for the hashing to finish and returns the hex digest. It must be called
// exactly once, also on failure (it stops the goroutine).
func (rr *recordingReader) sum() string {
	if rr.full != nil {
		close(rr.full)
		<-rr.done
	}
	return hex.EncodeToString(rr.h.Sum(nil))
}

type ymd struct{ y, m, d int }

func (v ymd) time() (time.Time, bool) {
	if v.y < 1 || v.y > 9999 || v.m < 1 || v.m > 12 || v.d < 1 || v.d > 31 {
		return time.Time{}, false
	}
	t := time.Date(v.y, time.Month(v.m), v.d, 0, 0, 0, 0, time.UTC)
	if t.Day() != v.d { // 31 February
		return time.Time{}, false
	}
	return t, true
}

type pendingValue struct {
	value  string
	ticker string
}

type ofacParser struct {
	buf *[]byte // gosax's window, back to gosaxBufs when done
	ctx context.Context
	src *recordingReader
	xr  *gosax.Reader

	// the open elements: their codes, and their qualified names (for end-tag matching)
	codes []uint8
	names []byte
	offs  []int
	root  bool // the root element was seen
	ended bool // the root element was closed

	text []byte // text of the element being captured

	// header
	date       ymd
	dateSeen   bool
	featTypes  bool              // FeatureTypeValues was read
	tickers    map[string]string // FeatureType ID → ticker
	subType    map[string]string // PartySubType ID → PartyType ID
	subName    map[string]string // PartySubType ID → name
	partyType  map[string]string // PartyType ID → name
	attrID     string            // ID of the reference value being read
	attrTypeID string            // PartyTypeID of the PartySubType being read

	// the DistinctParty being read
	fixedRef     string
	profileIDs   []string // the party's profiles (OFAC: one)
	subTypeID    string
	nameBuf      []byte // primary name, parts joined by a space
	curName      []byte // parts of the DocumentedName being read
	haveName     bool
	nameLatin    bool // the kept name has DocNameStatusID 1 ("Primary Latin")
	curLatin     bool
	curTicker    string // ticker of the digital-currency Feature being read ("" = none)
	curFeatValue bool   // the current feature yielded a value
	values       []pendingValue

	// SanctionsEntries
	entity   *sanctions.Entity // entity of the SanctionsEntry being read (nil = not one of ours)
	evDate   ymd
	hasEntry map[*sanctions.Entity]bool

	profiles map[string]*sanctions.Entity
	l        *sanctions.List
	events   int
}

// gosaxBufs recycles the tokenizer's window between reads. 256 KiB holds any token of a
// real publication (gosax grows the window for a longer one) and measured as fast as the
// 2 MiB default.
var gosaxBufs = sync.Pool{New: func() any { b := make([]byte, 0, 256<<10); return &b }}

func newOFACParser(ctx context.Context, src *recordingReader) *ofacParser {
	buf := gosaxBufs.Get().(*[]byte)
	xr := gosax.NewReaderBuf(src, (*buf)[:0])
	xr.EmitSelfClosingTag = true
	return &ofacParser{
		buf:       buf,
		ctx:       ctx,
		src:       src,
		xr:        xr,
		codes:     make([]uint8, 0, 32),
		names:     make([]byte, 0, 512),
		offs:      make([]int, 0, 32),
		tickers:   map[string]string{},
		subType:   map[string]string{},
		subName:   map[string]string{},
		partyType: map[string]string{},
		hasEntry:  map[*sanctions.Entity]bool{},
		profiles:  map[string]*sanctions.Entity{},
		l: &sanctions.List{
			Entities: map[string]*sanctions.Entity{},
		},
	}
}

func (p *ofacParser) formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: OFAC advanced XML: "+format, append([]any{sanctions.ErrFormat}, args...)...)
}

// readErr classifies an error returned by gosax.
func (p *ofacParser) readErr(err error) error {
	if p.src.err != nil {
		// The source failed: keep its error (Open marks corrupt archives as ErrFormat).
		if errors.Is(p.src.err, sanctions.ErrFormat) {
			return p.src.err
		}
		return fmt.Errorf("sanctions: reading OFAC advanced XML: %w", p.src.err)
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return p.formatErr("truncated inside markup (%d elements open): %w", len(p.codes), io.ErrUnexpectedEOF)
	}
	return p.formatErr("%w", err)
}

func (p *ofacParser) run() error {
	p.codes = append(p.codes, elDocument)
	for {
		ev, err := p.xr.Event()
		if err != nil {
			return p.readErr(err)
		}
		p.events++
		if p.events%ctxCheckEvery == 0 {
			if err := p.ctx.Err(); err != nil {
				return err
			}
		}
		switch ev.Type() {
		case gosax.EventStart:
			if err := p.start(ev.Bytes); err != nil {
				return err
			}
		case gosax.EventEnd:
			if err := p.end(ev.Bytes); err != nil {
				return err
			}
		case gosax.EventText:
			if err := p.onText(ev.Bytes); err != nil {
				return err
			}
		case gosax.EventCData:
			b := ev.Bytes
			if len(b) < len("<![CDATA[]]>") {
				return p.formatErr("malformed CDATA section")
			}
			if len(p.codes) == 1 {
				return p.formatErr("character data outside the root element")
			}
			if captures(p.codes[len(p.codes)-1]) {
				p.text = append(p.text, b[len("<![CDATA["):len(b)-len("]]>")]...)
			}
		case gosax.EventEOF:
			if err := p.ctx.Err(); err != nil {
				return err
			}
			if p.src.err != nil {
				return p.readErr(p.src.err)
			}
			if !p.root {
				return p.formatErr("no root element (not XML?)")
			}
			if !p.ended {
				return p.formatErr("truncated: %d elements not closed (innermost %q): %w",
					len(p.codes)-1, p.names[p.offs[len(p.offs)-1]:], io.ErrUnexpectedEOF)
			}
			if !p.dateSeen {
				return fmt.Errorf("%w: OFAC advanced XML has no DateOfIssue", sanctions.ErrNoDate)
			}
			return nil
		default:
			// comments, processing instructions, DOCTYPE: nothing to read
		}
	}
}

// captures reports whether the text of an element with this code is collected.
func captures(c uint8) bool {
	switch c {
	case elYear, elMonth, elDay, elFeatureType, elPartySubType, elPartyType,
		elNamePartValue, elVersionDetail, elComment:
		return true
	}
	return false
}

func (p *ofacParser) onText(b []byte) error {
	top := p.codes[len(p.codes)-1]
	if top == elDocument {
		// Only white space (and a byte-order mark) may stand outside the root element.
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		if len(bytes.TrimLeft(b, " \t\r\n")) != 0 {
			if !p.root {
				return p.formatErr("text before the root element (not XML?)")
			}
			return p.formatErr("text after the root element")
		}
		return nil
	}
	if captures(top) {
		p.text = append(p.text, b...)
	}
	return nil
}

func localName(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// attr returns the value of the attribute with the given local name (nil when absent).
// The value aliases the tag's bytes unless it had to be unescaped.
func attr(rest []byte, key string) ([]byte, error) {
	for len(rest) > 0 {
		a, r, err := gosax.NextAttribute(rest)
		if err != nil {
			return nil, err
		}
		if len(a.Key) == 0 {
			break
		}
		rest = r
		if string(localName(a.Key)) != key {
			continue
		}
		v := a.Value
		if len(v) < 2 || v[0] != v[len(v)-1] {
			return nil, fmt.Errorf("attribute %s: unterminated value", key)
		}
		v = v[1 : len(v)-1]
		if bytes.IndexByte(v, '&') >= 0 {
			u, err := gosax.Unescape(bytes.Clone(v))
			if err != nil {
				return nil, fmt.Errorf("attribute %s: %w", key, err)
			}
			v = u
		}
		return v, nil
	}
	return nil, nil
}

// tagName splits a start tag's bytes into its qualified name and the attribute bytes.
func tagName(b []byte) (name, rest []byte) {
	name, rest = gosax.Name(b)
	if len(rest) > 0 && rest[len(rest)-1] == '/' { // self-closing tag with attributes
		rest = rest[:len(rest)-1]
	}
	return name, rest
}

func (p *ofacParser) start(b []byte) error {
	name, rest := tagName(b)
	if len(name) == 0 || name[0] == '<' || name[0] == '/' || name[0] == '>' {
		return p.formatErr("malformed tag %.40q", b)
	}
	parent := p.codes[len(p.codes)-1]
	code := elUnknown
	var err error
	if parent != elUnknown {
		code, err = p.open(parent, localName(name), rest)
		if err != nil {
			return err
		}
	}
	p.codes = append(p.codes, code)
	p.offs = append(p.offs, len(p.names))
	p.names = append(p.names, name...)
	if captures(code) {
		p.text = p.text[:0]
	}
	return nil
}

// open decides what a child element of a known element is, and reads the attributes it
// needs. Only elements on the paths the reader needs get here.
func (p *ofacParser) open(parent uint8, local, rest []byte) (uint8, error) {
	var err error
	switch parent {
	case elDocument:
		if p.root {
			return 0, p.formatErr("second root element %q", local)
		}
		p.root = true
		if string(local) != "Sanctions" {
			return 0, p.formatErr("root element is %q, want Sanctions", local)
		}
		return elSanctions, nil
	case elSanctions:
		switch string(local) {
		case "DateOfIssue":
			if p.dateSeen {
				return 0, p.formatErr("two DateOfIssue elements")
			}
			p.date = ymd{}
			return elDateOfIssue, nil
		case "ReferenceValueSets":
			return elReferenceValueSets, nil
		case "DistinctParties":
			if !p.featTypes {
				return 0, p.formatErr("DistinctParties before the FeatureTypeValues table")
			}
			return elDistinctParties, nil
		case "SanctionsEntries":
			return elSanctionsEntries, nil
		}
	case elDateOfIssue, elDate:
		switch string(local) {
		case "Year":
			return elYear, nil
		case "Month":
			return elMonth, nil
		case "Day":
			return elDay, nil
		}
	case elReferenceValueSets:
		switch string(local) {
		case "FeatureTypeValues":
			p.featTypes = true
			return elFeatureTypeValues, nil
		case "PartySubTypeValues":
			return elPartySubTypeValues, nil
		case "PartyTypeValues":
			return elPartyTypeValues, nil
		}
	case elFeatureTypeValues:
		if string(local) == "FeatureType" {
			p.attrID, err = p.str(rest, "ID", local)
			return elFeatureType, err
		}
	case elPartySubTypeValues:
		if string(local) == "PartySubType" {
			if p.attrID, err = p.str(rest, "ID", local); err != nil {
				return 0, err
			}
			v, err := p.optAttr(rest, "PartyTypeID")
			p.attrTypeID = string(v)
			return elPartySubType, err
		}
	case elPartyTypeValues:
		if string(local) == "PartyType" {
			p.attrID, err = p.str(rest, "ID", local)
			return elPartyType, err
		}
	case elDistinctParties:
		if string(local) == "DistinctParty" {
			p.l.EntityCount++
			p.fixedRef, err = p.str(rest, "FixedRef", local)
			p.profileIDs, p.subTypeID = p.profileIDs[:0], ""
			p.nameBuf, p.haveName, p.nameLatin = p.nameBuf[:0], false, false
			p.values = p.values[:0]
			return elDistinctParty, err
		}
	case elDistinctParty:
		if string(local) == "Profile" {
			// OFAC parties have one profile; should one have more, every profile's
			// values are read, and the first profile gives the party's type.
			id, err := p.str(rest, "ID", local)
			if err != nil {
				return 0, err
			}
			p.profileIDs = append(p.profileIDs, id)
			if len(p.profileIDs) == 1 {
				v, err := p.optAttr(rest, "PartySubTypeID")
				p.subTypeID = string(v)
				return elProfile, err
			}
			return elProfile, nil
		}
	case elProfile:
		switch string(local) {
		case "Identity":
			if v, err := p.optAttr(rest, "Primary"); err != nil || string(v) != "true" {
				return elUnknown, err
			}
			return elIdentity, nil
		case "Feature":
			ft, err := p.reqAttr(rest, "FeatureTypeID", local)
			if err != nil {
				return 0, err
			}
			t, ok := p.tickers[string(ft)]
			if !ok {
				return elUnknown, nil // not a digital-currency feature
			}
			p.curTicker, p.curFeatValue = t, false
			return elFeature, nil
		}
	case elIdentity:
		if string(local) == "Alias" {
			if v, err := p.optAttr(rest, "Primary"); err != nil || string(v) != "true" {
				return elUnknown, err
			}
			return elAlias, nil
		}
	case elAlias:
		if string(local) == "DocumentedName" {
			st, err := p.optAttr(rest, "DocNameStatusID")
			if err != nil {
				return 0, err
			}
			// Keep the first name, unless a later one is the "Primary Latin" (status 1).
			p.curLatin = string(st) == "1"
			if p.haveName && (p.nameLatin || !p.curLatin) {
				return elUnknown, nil
			}
			p.curName = p.curName[:0]
			return elDocumentedName, nil
		}
	case elDocumentedName:
		if string(local) == "DocumentedNamePart" {
			return elDocumentedNamePart, nil
		}
	case elDocumentedNamePart:
		if string(local) == "NamePartValue" {
			return elNamePartValue, nil
		}
	case elFeature:
		if string(local) == "FeatureVersion" {
			return elFeatureVersion, nil
		}
	case elFeatureVersion:
		if string(local) == "VersionDetail" {
			dt, err := p.optAttr(rest, "DetailTypeID")
			if err != nil || string(dt) != ofacDetailTypeText {
				return elUnknown, err
			}
			return elVersionDetail, nil
		}
	case elSanctionsEntries:
		if string(local) == "SanctionsEntry" {
			pid, err := p.reqAttr(rest, "ProfileID", local)
			if err != nil {
				return 0, err
			}
			p.entity = p.profiles[string(pid)]
			if p.entity == nil {
				return elUnknown, nil // a party without address values
			}
			p.hasEntry[p.entity] = true
			return elSanctionsEntry, nil
		}
	case elSanctionsEntry:
		switch string(local) {
		case "EntryEvent":
			return elEntryEvent, nil
		case "SanctionsMeasure":
			st, err := p.optAttr(rest, "SanctionsTypeID")
			if err != nil || string(st) != ofacSanctionsTypeProg {
				return elUnknown, err
			}
			return elSanctionsMeasure, nil
		}
	case elEntryEvent:
		if string(local) == "Date" {
			p.evDate = ymd{}
			return elDate, nil
		}
	case elSanctionsMeasure:
		if string(local) == "Comment" {
			return elComment, nil
		}
	}
	return elUnknown, nil
}

// reqAttr returns a required attribute's value; it aliases the tag's bytes.
func (p *ofacParser) reqAttr(rest []byte, key string, elem []byte) ([]byte, error) {
	v, err := attr(rest, key)
	if err != nil {
		return nil, p.formatErr("<%s>: %w", elem, err)
	}
	if len(v) == 0 {
		return nil, p.formatErr("<%s> without %s", elem, key)
	}
	return v, nil
}

// optAttr returns an optional attribute's value; it aliases the tag's bytes.
func (p *ofacParser) optAttr(rest []byte, key string) ([]byte, error) {
	v, err := attr(rest, key)
	if err != nil {
		return nil, p.formatErr("%w", err)
	}
	return v, nil
}

// str returns a required attribute as a string.
func (p *ofacParser) str(rest []byte, key string, elem []byte) (string, error) {
	v, err := p.reqAttr(rest, key, elem)
	return string(v), err
}

// textValue returns the captured text, entity references decoded.
func (p *ofacParser) textValue() ([]byte, error) {
	t, err := gosax.Unescape(p.text)
	if err != nil {
		return nil, p.formatErr("bad character reference in %.60q: %w", p.text, err)
	}
	return t, nil
}

func (p *ofacParser) end(b []byte) error {
	if len(p.codes) == 1 {
		name, _ := gosax.Name(b)
		return p.formatErr("end tag %q without a start tag", name)
	}
	top := len(p.codes) - 1
	if open := p.names[p.offs[top-1]:]; !endMatches(b, open) {
		name, _ := gosax.Name(b)
		return p.formatErr("end tag %q does not match start tag %q", name, open)
	}
	code := p.codes[top]
	p.names = p.names[:p.offs[top-1]]
	p.offs = p.offs[:top-1]
	p.codes = p.codes[:top]
	if code == elUnknown {
		return nil
	}
	return p.close(code, p.codes[top-1])
}

// endMatches reports whether an end event closes the element named open: "</open>",
// "</open >", or the self-closing "<open .../>" that gosax reports as its own end.
func endMatches(b, open []byte) bool {
	i := 1
	if len(b) > 1 && b[1] == '/' {
		i = 2
	}
	if len(b) < i+len(open)+1 || !bytes.Equal(b[i:i+len(open)], open) {
		return false
	}
	switch b[i+len(open)] {
	case '>', '/', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

// close acts on the end of a known element.
func (p *ofacParser) close(code, parent uint8) error {
	switch code {
	case elSanctions:
		p.ended = true
	case elYear, elMonth, elDay:
		t, err := p.textValue()
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(string(bytes.TrimSpace(t)))
		if err != nil {
			n = -1
		}
		d := &p.date
		if parent == elDate {
			d = &p.evDate
		}
		switch code {
		case elYear:
			d.y = n
		case elMonth:
			d.m = n
		case elDay:
			d.d = n
		}
	case elDateOfIssue:
		if p.date.y == 0 || p.date.m == 0 || p.date.d == 0 {
			return fmt.Errorf("%w: OFAC advanced XML: DateOfIssue without Year, Month or Day", sanctions.ErrNoDate)
		}
		t, ok := p.date.time()
		if !ok {
			return p.formatErr("invalid DateOfIssue %d-%d-%d", p.date.y, p.date.m, p.date.d)
		}
		p.l.Source.Published, p.dateSeen = t, true
	case elFeatureType:
		t, err := p.textValue()
		if err != nil {
			return err
		}
		t = bytes.TrimSpace(t)
		if ticker, ok := digitalCurrencyTicker(string(t)); ok {
			if ticker == "" {
				return p.formatErr("FeatureType %s %q names no currency", p.attrID, t)
			}
			p.tickers[p.attrID] = ticker
		} else if bytes.Contains(bytes.ToLower(t), []byte("digital currency")) {
			p.l.Issues = append(p.l.Issues, sanctions.Issue{Reason: fmt.Sprintf(
				"FeatureType %s %q mentions a digital currency but is not read as an address type", p.attrID, t)})
		}
	case elPartySubType:
		t, err := p.textValue()
		if err != nil {
			return err
		}
		p.subType[p.attrID] = p.attrTypeID
		p.subName[p.attrID] = string(bytes.TrimSpace(t))
	case elPartyType:
		t, err := p.textValue()
		if err != nil {
			return err
		}
		p.partyType[p.attrID] = string(bytes.TrimSpace(t))
	case elNamePartValue:
		t, err := p.textValue()
		if err != nil {
			return err
		}
		t = bytes.TrimSpace(t)
		if len(t) > 0 {
			if len(p.curName) > 0 {
				p.curName = append(p.curName, ' ')
			}
			p.curName = append(p.curName, t...)
		}
	case elDocumentedName:
		if len(p.curName) > 0 {
			p.nameBuf = append(p.nameBuf[:0], p.curName...)
			p.haveName, p.nameLatin = true, p.curLatin
		}
	case elVersionDetail:
		t, err := p.textValue()
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(t)) == 0 {
			break // reported at the end of the Feature
		}
		p.values = append(p.values, pendingValue{value: string(t), ticker: p.curTicker})
		p.curFeatValue = true
	case elFeature:
		if !p.curFeatValue {
			p.l.Issues = append(p.l.Issues, sanctions.Issue{Ticker: p.curTicker, EntityID: p.fixedRef,
				Reason: "digital currency address feature without a value (no VersionDetail text)"})
		}
		p.curTicker = ""
	case elDistinctParty:
		p.endParty()
	case elDate:
		if parent != elEntryEvent || p.entity == nil {
			break
		}
		t, ok := p.evDate.time()
		if !ok {
			p.l.Issues = append(p.l.Issues, sanctions.Issue{EntityID: p.entity.ID,
				Reason: fmt.Sprintf("invalid listing date %d-%d-%d", p.evDate.y, p.evDate.m, p.evDate.d)})
			break
		}
		if p.entity.ListedOn.IsZero() || t.Before(p.entity.ListedOn) {
			p.entity.ListedOn = t
		}
	case elComment:
		t, err := p.textValue()
		if err != nil {
			return err
		}
		prog := string(bytes.TrimSpace(t))
		if prog == "" || p.entity == nil {
			break
		}
		for _, have := range p.entity.Programs {
			if have == prog {
				return nil
			}
		}
		p.entity.Programs = append(p.entity.Programs, prog)
	}
	return nil
}

func (p *ofacParser) endParty() {
	if len(p.values) == 0 {
		return
	}
	e := &sanctions.Entity{ID: p.fixedRef, Name: string(p.nameBuf), Type: p.partyTypeOf(p.subTypeID)}
	if !p.haveName {
		p.l.Issues = append(p.l.Issues, sanctions.Issue{EntityID: e.ID, Reason: "party without a primary name"})
	}
	if prev, dup := p.l.Entities[e.ID]; dup {
		// Two DistinctParty elements with one FixedRef: keep one entity for both.
		e = prev
		p.l.Issues = append(p.l.Issues, sanctions.Issue{EntityID: e.ID, Reason: "DistinctParty FixedRef appears twice"})
	} else {
		p.l.Entities[e.ID] = e
	}
	for _, id := range p.profileIDs {
		p.profiles[id] = e
	}
	for _, v := range p.values {
		p.l.Addresses = append(p.l.Addresses, sanctions.ListedAddress{Value: v.value, Ticker: v.ticker, Entity: e})
	}
}

// partyTypeOf maps a PartySubType ID to "individual", "entity", "vessel", "aircraft" or "".
func (p *ofacParser) partyTypeOf(sub string) string {
	switch p.subName[sub] {
	case "Vessel":
		return "vessel"
	case "Aircraft":
		return "aircraft"
	}
	switch p.partyType[p.subType[sub]] {
	case "Individual":
		return "individual"
	case "Entity":
		return "entity"
	}
	return ""
}

func (p *ofacParser) finish() *sanctions.List {
	l := p.l
	l.Tickers = p.tickers
	if len(p.tickers) == 0 && l.EntityCount > 0 {
		l.Issues = append(l.Issues, sanctions.Issue{Reason: "the publication defines no digital currency address feature type"})
	}
	// Entities in publication order of their first address, for stable issue order.
	seen := make(map[*sanctions.Entity]bool, len(l.Entities))
	for _, a := range l.Addresses {
		e := a.Entity
		if seen[e] {
			continue
		}
		seen[e] = true
		if !p.hasEntry[e] {
			l.Issues = append(l.Issues, sanctions.Issue{EntityID: e.ID,
				Reason: "no SanctionsEntry for the party: programmes and listing date unknown"})
		}
	}
	return l
}

// digitalCurrencyTicker reads a feature type name of the form "Digital Currency
// Address - XBT", tolerating case, spacing and the dash used (hyphen, en or em dash),
// so that a cosmetic change of the name cannot make every address disappear.
func digitalCurrencyTicker(name string) (string, bool) {
	const pfx = "digital currency address"
	if len(name) < len(pfx) || !strings.EqualFold(name[:len(pfx)], pfx) {
		return "", false
	}
	rest := strings.TrimSpace(name[len(pfx):])
	rest = strings.TrimLeft(rest, "-\u2013\u2014")
	return strings.TrimSpace(rest), true
}

// boundXML bounds what the reader reads of r: MaxPublicationSize in all, MaxTokenSize per
// XML token; past either, the error wraps sanctions.ErrTooLarge and sanctions.ErrFormat.
func boundXML(r io.Reader) io.Reader {
	c := boundio.WithClass(sanctions.ErrFormat)
	return boundio.XML(boundio.Cap(r, sanctions.MaxPublicationSize, c, boundio.WithName("OFAC advanced XML")),
		sanctions.MaxTokenSize, c, boundio.WithName("OFAC advanced XML"))
}
