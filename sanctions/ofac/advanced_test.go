package ofac

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tinyHeader is a hand-written SDN_ADVANCED.XML header in the shape of the real one
// (namespace, DateOfIssue, the reference tables the reader uses); the numbers are the
// real IDs of 2025-11-19.
const tinyHeader = `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<Sanctions xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" Version="3" xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML">
  <DateOfIssue CalendarTypeID="1"><Year>2025</Year><Month>11</Month><Day>19</Day></DateOfIssue>
  <ReferenceValueSets>
    <FeatureTypeValues>
      <FeatureType ID="8" FeatureTypeGroupID="5">Birthdate</FeatureType>
      <FeatureType ID="344" FeatureTypeGroupID="1">Digital Currency Address - XBT</FeatureType>
      <FeatureType ID="345" FeatureTypeGroupID="1">Digital Currency Address - ETH</FeatureType>
    </FeatureTypeValues>
    <PartySubTypeValues>
      <PartySubType ID="1" PartyTypeID="4">Vessel</PartySubType>
      <PartySubType ID="3" PartyTypeID="2">Unknown</PartySubType>
      <PartySubType ID="4" PartyTypeID="1">Unknown</PartySubType>
    </PartySubTypeValues>
    <PartyTypeValues>
      <PartyType ID="1">Individual</PartyType>
      <PartyType ID="2">Entity</PartyType>
      <PartyType ID="4">Transport</PartyType>
    </PartyTypeValues>
  </ReferenceValueSets>
`

// tinyParty is a DistinctParty with a primary name of two parts, a non-primary alias,
// a birth date feature and one digital-currency value per (featureTypeID, value) pair.
func tinyParty(fixedRef, subType, name string, features ...string) string {
	var b strings.Builder
	parts := strings.Fields(name)
	b.WriteString(`    <DistinctParty FixedRef="` + fixedRef + `"><Comment />
      <Profile ID="` + fixedRef + `" PartySubTypeID="` + subType + `">
        <Identity ID="1` + fixedRef + `" FixedRef="` + fixedRef + `" Primary="true" False="false">
          <Alias FixedRef="` + fixedRef + `" AliasTypeID="1400" Primary="false" LowQuality="false">
            <DocumentedName ID="2" FixedRef="` + fixedRef + `" DocNameStatusID="2"><DocumentedNamePart><NamePartValue NamePartGroupID="1">NOT THE NAME</NamePartValue></DocumentedNamePart></DocumentedName>
          </Alias>
          <Alias FixedRef="` + fixedRef + `" AliasTypeID="1403" Primary="true" LowQuality="false">
            <DocumentedName ID="1" FixedRef="` + fixedRef + `" DocNameStatusID="1">`)
	for _, p := range parts {
		b.WriteString(`<DocumentedNamePart><NamePartValue NamePartGroupID="1" ScriptID="215">` + p + `</NamePartValue></DocumentedNamePart>`)
	}
	b.WriteString(`</DocumentedName>
          </Alias>
        </Identity>
        <Feature ID="9" FeatureTypeID="8"><FeatureVersion ID="9"><VersionDetail DetailTypeID="1430" /></FeatureVersion></Feature>
`)
	for i := 0; i+1 < len(features); i += 2 {
		b.WriteString(`        <Feature ID="10" FeatureTypeID="` + features[i] + `"><FeatureVersion ID="10" ReliabilityID="1"><Comment />` +
			`<VersionDetail DetailTypeID="1432">` + features[i+1] + `</VersionDetail></FeatureVersion>` +
			`<IdentityReference IdentityID="1" IdentityFeatureLinkTypeID="1" /></Feature>
`)
	}
	b.WriteString("      </Profile>\n    </DistinctParty>\n")
	return b.String()
}

func tinyEntry(profileID, date string, programs ...string) string {
	d := strings.Split(date, "-")
	s := `    <SanctionsEntry ID="` + profileID + `" ProfileID="` + profileID + `" ListID="1550">
      <EntryEvent ID="1" EntryEventTypeID="1"><Comment /><Date CalendarTypeID="1"><Year>` + d[0] + `</Year><Month>` + d[1] + `</Month><Day>` + d[2] + `</Day></Date></EntryEvent>
      <SanctionsMeasure ID="2" SanctionsTypeID="1705"><Comment>NOT A PROGRAM</Comment></SanctionsMeasure>
`
	for _, p := range programs {
		s += `      <SanctionsMeasure ID="3" SanctionsTypeID="1"><Comment>` + p + `</Comment></SanctionsMeasure>
`
	}
	return s + "    </SanctionsEntry>\n"
}

func tinyDoc(parties, entries string) string {
	return tinyHeader + "  <DistinctParties>\n" + parties + "  </DistinctParties>\n  <SanctionsEntries>\n" +
		entries + "  </SanctionsEntries>\n</Sanctions>\n"
}

// tinyValid is a one-party document used by several tests and as the fuzz seed.
var tinyValid = tinyDoc(
	tinyParty("27307", "3", "Lazarus Group", "345", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", "8", "ignored"),
	tinyEntry("27307", "2019-9-13", "DPRK3"))

func readString(t *testing.T, doc string, opts ...sanctions.Option) (*sanctions.List, error) {
	t.Helper()
	return ReadAdvanced(context.Background(), strings.NewReader(doc), opts...)
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// ---- hand-written documents ----

func TestReadAdvancedTiny(t *testing.T) {
	loaded := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var logBuf bytes.Buffer
	l, err := readString(t, tinyValid, sanctions.WithClock(func() time.Time { return loaded }),
		sanctions.WithLogger(slog.New(slog.NewTextHandler(&logBuf, nil))), sanctions.WithLocation("inline"))
	require.NoError(t, err)
	assert.Equal(t, sanctions.Source{Name: "OFAC SDN", Format: "ofac-advanced-xml", Location: "inline",
		Published: date(2025, 11, 19), SHA256: sha256Hex([]byte(tinyValid)), LoadedAt: loaded}, l.Source)
	assert.Equal(t, map[string]string{"344": "XBT", "345": "ETH"}, l.Tickers)
	assert.Equal(t, 1, l.EntityCount)
	require.Len(t, l.Addresses, 1)
	a := l.Addresses[0]
	assert.Equal(t, "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", a.Value)
	assert.Equal(t, "ETH", a.Ticker)
	assert.Equal(t, &sanctions.Entity{ID: "27307", Name: "Lazarus Group", Type: "entity", Programs: []string{"DPRK3"},
		ListedOn: date(2019, 9, 13)}, a.Entity)
	assert.Same(t, a.Entity, l.Entities["27307"])
	assert.Contains(t, logBuf.String(), "OFAC advanced XML read")
	assert.Contains(t, logBuf.String(), "addresses=1")
}

func TestReadAdvancedPartyTypesAndEntries(t *testing.T) {
	doc := tinyDoc(
		tinyParty("1", "4", "DOE John", "344", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT")+
			tinyParty("2", "1", "SEA SHIP", "344", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy")+
			tinyParty("3", "99", "NO TYPE", "344", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")+
			tinyParty("4", "3", "NO ADDRESSES")+
			tinyParty("5", "3", "NO ENTRY", "345", "0x8589427373D6D84E98730D7795D8f6f8731FDA16"),
		tinyEntry("1", "2020-1-2", "CYBER2")+tinyEntry("1", "2019-12-31", "CYBER2", "SDGT")+
			tinyEntry("2", "2021-4-15")+tinyEntry("3", "2022-2-30", "X")+tinyEntry("4", "2000-1-1", "Y")+
			tinyEntry("999", "2000-1-1", "Z"))
	l, err := readString(t, doc)
	require.NoError(t, err)
	assert.Equal(t, 5, l.EntityCount, "all parties are counted")
	assert.Len(t, l.Entities, 4, "only parties with address values are entities")
	e := l.Entities["1"]
	assert.Equal(t, "individual", e.Type)
	assert.Equal(t, "DOE John", e.Name)
	assert.Equal(t, []string{"CYBER2", "SDGT"}, e.Programs, "programmes of all entries, once each")
	assert.Equal(t, date(2019, 12, 31), e.ListedOn, "earliest entry date")
	assert.Equal(t, "vessel", l.Entities["2"].Type)
	assert.Empty(t, l.Entities["2"].Programs)
	assert.Equal(t, "", l.Entities["3"].Type)
	assert.True(t, l.Entities["3"].ListedOn.IsZero())
	assert.Contains(t, l.Issues, sanctions.Issue{EntityID: "3", Reason: "invalid listing date 2022-2-30"})
	assert.Contains(t, l.Issues, sanctions.Issue{EntityID: "5",
		Reason: "no SanctionsEntry for the party: programmes and listing date unknown"})
}

func TestReadAdvancedEmptyValueIsAnIssue(t *testing.T) {
	party := tinyParty("7", "4", "EMPTY Value", "344", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "345", "  ")
	// A digital-currency feature whose only VersionDetail is not TEXT (no value at all).
	party = strings.Replace(party, "</Profile>",
		`<Feature ID="11" FeatureTypeID="344"><FeatureVersion ID="11"><VersionDetail DetailTypeID="1431" DetailReferenceID="5" /></FeatureVersion></Feature></Profile>`, 1)
	l, err := readString(t, tinyDoc(party, tinyEntry("7", "2020-1-1", "CYBER2")))
	require.NoError(t, err)
	require.Len(t, l.Addresses, 1)
	empties := 0
	for _, is := range l.Issues {
		if strings.Contains(is.Reason, "without a value") {
			empties++
			assert.Equal(t, "7", is.EntityID)
		}
	}
	assert.Equal(t, 2, empties, "issues: %+v", l.Issues)
}

// Should a party carry two profiles, the values of both are read and both profile IDs
// resolve its SanctionsEntries.
func TestReadAdvancedTwoProfiles(t *testing.T) {
	party := tinyParty("9", "4", "TWO Profiles", "344", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT")
	party = strings.Replace(party, "</Profile>", `</Profile>
      <Profile ID="90" PartySubTypeID="3"><Feature ID="12" FeatureTypeID="345"><FeatureVersion ID="12">`+
		`<VersionDetail DetailTypeID="1432">0x8589427373D6D84E98730D7795D8f6f8731FDA16</VersionDetail></FeatureVersion></Feature></Profile>`, 1)
	l, err := readString(t, tinyDoc(party, tinyEntry("90", "2021-2-3", "CYBER2")))
	require.NoError(t, err)
	require.Len(t, l.Addresses, 2)
	assert.Equal(t, []string{"XBT", "ETH"}, []string{l.Addresses[0].Ticker, l.Addresses[1].Ticker})
	e := l.Entities["9"]
	assert.Same(t, e, l.Addresses[1].Entity)
	assert.Equal(t, "individual", e.Type, "the first profile gives the type")
	assert.Equal(t, []string{"CYBER2"}, e.Programs)
	assert.Equal(t, date(2021, 2, 3), e.ListedOn)
}

func TestReadAdvancedEscapesAndCDATA(t *testing.T) {
	party := tinyParty("8", "3", "A&amp;B &#x4C;td", "344", "<![CDATA[1BoatSLRHtKNngkdXEeobR76b53LETtpyT]]>")
	l, err := readString(t, tinyDoc(party, tinyEntry("8", "2020-1-1", "CYBER2")))
	require.NoError(t, err)
	require.Len(t, l.Addresses, 1)
	assert.Equal(t, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", l.Addresses[0].Value)
	assert.Equal(t, "A&B Ltd", l.Addresses[0].Entity.Name)
}

func TestReadAdvancedNamespaceAgnostic(t *testing.T) {
	want, err := readString(t, tinyValid)
	require.NoError(t, err)
	check := func(t *testing.T, doc string) {
		l, err := readString(t, doc)
		require.NoError(t, err)
		assert.Equal(t, want.Source.Published, l.Source.Published)
		assert.Equal(t, want.Tickers, l.Tickers)
		require.Len(t, l.Addresses, 1)
		assert.Equal(t, want.Addresses[0].Value, l.Addresses[0].Value)
		assert.Equal(t, want.Addresses[0].Entity, l.Addresses[0].Entity)
	}
	t.Run("old namespace", func(t *testing.T) {
		check(t, strings.Replace(tinyValid,
			"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML",
			"http://www.un.org/sanctions/1.0", 1))
	})
	t.Run("prefixed", func(t *testing.T) {
		doc := regexp.MustCompile(`<(/?)([A-Za-z])`).ReplaceAllString(tinyValid, "<${1}o:${2}")
		doc = strings.Replace(doc, `xmlns="`, `xmlns:o="`, 1)
		doc = strings.Replace(doc, `<o:?xml`, `<?xml`, 1)
		require.Contains(t, doc, "<o:Sanctions ")
		check(t, doc)
	})
}

func TestReadAdvancedErrors(t *testing.T) {
	noDate := regexp.MustCompile(`(?s)<DateOfIssue.*?</DateOfIssue>`).ReplaceAllString(tinyValid, "")
	noParties := tinyDoc("", "")
	cases := []struct {
		name string
		doc  string
		want error
	}{
		{"empty input", "", sanctions.ErrFormat},
		{"white space", " \n\t", sanctions.ErrFormat},
		{"not XML", "this is not XML\n", sanctions.ErrFormat},
		{"JSON", `{"Sanctions": []}`, sanctions.ErrFormat},
		{"binary", "\x00\x01\x02\xff<\x00>", sanctions.ErrFormat},
		{"wrong root", `<?xml version="1.0"?><sdnList><publshInformation/></sdnList>`, sanctions.ErrFormat},
		{"HTML error page", "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", sanctions.ErrFormat},
		{"truncated between elements", tinyValid[:len(tinyValid)/2], sanctions.ErrFormat},
		{"truncated inside a tag", tinyValid[:strings.Index(tinyValid, "<DistinctParty ")+10], sanctions.ErrFormat},
		{"truncated inside a value", tinyValid[:strings.Index(tinyValid, "0x098B")+5], sanctions.ErrFormat},
		{"missing end of root", strings.TrimSuffix(tinyValid, "</Sanctions>\n"), sanctions.ErrFormat},
		{"mismatched end tag", strings.Replace(tinyValid, "</Alias>", "</Aliax>", 1), sanctions.ErrFormat},
		{"end tag longer than start tag", strings.Replace(tinyValid, "</Alias>", "</Aliases>", 1), sanctions.ErrFormat},
		{"end tag shorter than start tag", strings.Replace(tinyValid, "</Alias>", "</Alia>", 1), sanctions.ErrFormat},
		{"end tag of a skipped element", strings.Replace(tinyValid, "NOT THE NAME</NamePartValue>", "NOT THE NAME</NamePartValuex>", 1), sanctions.ErrFormat},
		{"stray end tag", tinyValid + "</Sanctions>", sanctions.ErrFormat},
		{"text after root", tinyValid + "trailing", sanctions.ErrFormat},
		{"second root", tinyValid + "<Sanctions></Sanctions>", sanctions.ErrFormat},
		{"bad entity in a value", strings.Replace(tinyValid, "0x098B", "&bogus;0x098B", 1), sanctions.ErrFormat},
		{"invalid date of issue", strings.Replace(tinyValid, "<Month>11</Month>", "<Month>13</Month>", 1), sanctions.ErrFormat},
		{"parties before feature types", strings.ReplaceAll(tinyValid, "FeatureTypeValues>", "FeatureTypeValuez>"), sanctions.ErrFormat},
		{"no date of issue", noDate, sanctions.ErrNoDate},
		{"empty date of issue", strings.Replace(tinyValid, "<Year>2025</Year><Month>11</Month><Day>19</Day>", "", 1), sanctions.ErrNoDate},
		{"no parties", noParties, sanctions.ErrEmpty},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := readString(t, c.doc)
			require.Error(t, err)
			assert.Nil(t, l)
			assert.ErrorIs(t, err, c.want)
		})
	}
	// Sanity: the mutated feature-type case is an error only because of the order check.
	_, err := readString(t, strings.ReplaceAll(tinyValid, "FeatureTypeValues>", "FeatureTypeValuez>"))
	assert.ErrorContains(t, err, "before the FeatureTypeValues")
}

// Every proper prefix of a valid document is an error, never a shorter list.
func TestReadAdvancedEveryTruncationFails(t *testing.T) {
	end := strings.LastIndex(tinyValid, "</Sanctions>") + len("</Sanctions>")
	for n := 0; n < end; n++ {
		l, err := readString(t, tinyValid[:n])
		if err == nil {
			t.Fatalf("prefix of %d bytes read without error: %d addresses", n, len(l.Addresses))
		}
		if !errors.Is(err, sanctions.ErrFormat) && !errors.Is(err, sanctions.ErrNoDate) {
			t.Fatalf("prefix of %d bytes: %v, want ErrFormat", n, err)
		}
	}
}

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

func TestReadAdvancedSourceError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := ReadAdvanced(context.Background(),
		io.MultiReader(strings.NewReader(tinyValid[:300]), failingReader{boom}))
	assert.ErrorIs(t, err, boom)
	assert.NotErrorIs(t, err, sanctions.ErrFormat, "an I/O failure is not a format error")
}

// cancelAfter cancels the context once n bytes were read.
type cancelAfter struct {
	r      io.Reader
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Read(b []byte) (int, error) {
	if len(b) > 4096 {
		b = b[:4096]
	}
	k, err := c.r.Read(b)
	c.n -= k
	if c.n <= 0 {
		c.cancel()
	}
	return k, err
}

func TestReadAdvancedContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ReadAdvanced(ctx, strings.NewReader(tinyValid))
	assert.ErrorIs(t, err, context.Canceled)
	_, err = sanctions.Open(ctx, "does-not-matter.xml")
	assert.ErrorIs(t, err, context.Canceled)

	// Cancelled while reading a real document (the excerpt, 276 kB).
	doc, err := os.ReadFile(testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2025-11-19.xml"))
	require.NoError(t, err)
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	_, err = ReadAdvanced(ctx, &cancelAfter{r: bytes.NewReader(doc), n: 8192, cancel: cancel})
	assert.ErrorIs(t, err, context.Canceled)
}

// ---- Open: file forms ----

func writeZip(t *testing.T, path string, members map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(members))
	for n := range members {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		require.NoError(t, err)
		_, err = w.Write(members[n])
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
}

func TestOpenForms(t *testing.T) {
	excerpt := testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2025-11-19.xml")
	raw, err := os.ReadFile(excerpt)
	require.NoError(t, err)
	dir := t.TempDir()
	ctx := context.Background()

	plain, err := sanctions.Open(ctx, excerpt)
	require.NoError(t, err)
	assert.Equal(t, excerpt, plain.Source.Location)
	assert.Equal(t, sha256Hex(raw), plain.Source.SHA256)

	zipPath := filepath.Join(dir, "SDN_ADVANCED.ZIP")
	writeZip(t, zipPath, map[string][]byte{"SDN_ADVANCED.XML": raw, "readme.txt": []byte("hello")})
	fromZip, err := sanctions.Open(ctx, zipPath)
	require.NoError(t, err)
	assert.Equal(t, zipPath, fromZip.Source.Location)
	assert.Equal(t, sha256Hex(raw), fromZip.Source.SHA256, "sha256 of the unpacked XML")
	assert.Equal(t, len(plain.Addresses), len(fromZip.Addresses))

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(raw)
	require.NoError(t, zw.Close())
	gzPath := filepath.Join(dir, "sdn_advanced.xml.gz")
	require.NoError(t, os.WriteFile(gzPath, gz.Bytes(), 0o644))
	fromGz, err := sanctions.Open(ctx, gzPath)
	require.NoError(t, err)
	assert.Equal(t, sha256Hex(raw), fromGz.Source.SHA256)
	assert.Equal(t, len(plain.Addresses), len(fromGz.Addresses))

	// Content decides, not the name: an XML file called .xml.txt still reads.
	oddName := filepath.Join(dir, "list.xml.txt")
	require.NoError(t, os.WriteFile(oddName, raw, 0o644))
	_, err = sanctions.Open(ctx, oddName)
	assert.NoError(t, err)
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, b, 0o644))
		return p
	}

	_, err := sanctions.Open(ctx, filepath.Join(dir, "missing.xml"))
	assert.ErrorIs(t, err, fs.ErrNotExist)

	noXML := filepath.Join(dir, "noxml.zip")
	writeZip(t, noXML, map[string][]byte{"sdn.csv": []byte("1,a\n")})
	twoXML := filepath.Join(dir, "twoxml.zip")
	writeZip(t, twoXML, map[string][]byte{"a.xml": []byte(tinyValid), "b.xml": []byte(tinyValid)})
	goodZip := filepath.Join(dir, "good.zip")
	writeZip(t, goodZip, map[string][]byte{"a.xml": []byte(tinyValid)})
	zipBytes, err := os.ReadFile(goodZip)
	require.NoError(t, err)
	// Flip a byte of the compressed member: checksum or inflate error.
	corruptMember := bytes.Clone(zipBytes)
	corruptMember[60] ^= 0xff

	cases := map[string]string{
		"zip with no xml":                noXML,
		"zip with two xml":               twoXML,
		"zip cut short":                  write("short.zip", zipBytes[:len(zipBytes)/2]),
		"zip corrupt member":             write("corrupt-member.zip", corruptMember),
		"bz2 garbage":                    write("garbage.xml.bz2", []byte("BZh91AY&SYthis is not bzip2 data at all")),
		"bz2 extension, no bz2 magic":    write("plain.xml.bz2", []byte(tinyValid)),
		"zip extension, no zip magic":    write("plain.zip", []byte(tinyValid)),
		"gzip corrupt":                   write("bad.xml.gz", []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1, 2, 3}),
		"not XML with an xml name":       write("notxml.xml", []byte("PDF? no: %PDF-1.4 ...")),
		"empty file":                     write("empty.xml", nil),
		"truncated XML in a zip":         "",
		"truncated real bz2 (100 kB)":    "",
		"XML member with the wrong root": "",
	}
	var tz bytes.Buffer
	cw := zip.NewWriter(&tz)
	w, _ := cw.Create("SDN_ADVANCED.XML")
	_, _ = w.Write([]byte(tinyValid[:len(tinyValid)-40]))
	require.NoError(t, cw.Close())
	cases["truncated XML in a zip"] = write("trunc.zip", tz.Bytes())
	wr := filepath.Join(dir, "wrongroot.zip")
	writeZip(t, wr, map[string][]byte{"SDN.XML": []byte(`<sdnList></sdnList>`)})
	cases["XML member with the wrong root"] = wr
	// The first 100 kB of a real publication: a bzip2 stream that ends mid-block.
	head := make([]byte, 100<<10)
	f, err := os.Open(testdata.Path(t, "ofac", "sdn_advanced", "2024-05-28.xml.bz2"))
	require.NoError(t, err)
	_, err = io.ReadFull(f, head)
	f.Close()
	require.NoError(t, err)
	cases["truncated real bz2 (100 kB)"] = write("truncated.xml.bz2", head)
	for name, path := range cases {
		t.Run(name, func(t *testing.T) {
			l, err := sanctions.Open(ctx, path)
			assert.Nil(t, l)
			assert.ErrorIs(t, err, sanctions.ErrFormat)
		})
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// ---- real data: the excerpts ----

func readExcerpt(t *testing.T, name string) *sanctions.List {
	t.Helper()
	l, err := sanctions.Open(context.Background(), testdata.Path(t, "ofac", "excerpts", name))
	require.NoError(t, err)
	return l
}

func TestExcerpt20251119(t *testing.T) {
	l := readExcerpt(t, "sdn_advanced_excerpt_2025-11-19.xml")
	assert.Equal(t, date(2025, 11, 19), l.Source.Published)
	// Counts from an independent ElementTree pass over the excerpt (python3 xml.etree).
	assert.Equal(t, 19, l.EntityCount)
	assert.Len(t, l.Entities, 19)
	assert.Len(t, l.Addresses, 164, "values, one per (party, feature)")
	pairs := map[[2]string]int{}
	for _, a := range l.Addresses {
		pairs[[2]string{a.Ticker, a.Value}]++
	}
	assert.Len(t, pairs, 162, "unique (ticker, value): the data README's 162 unique addresses")
	tickers := map[string]bool{}
	for k := range pairs {
		tickers[k[0]] = true
	}
	assert.Len(t, tickers, 18, "18 currencies")

	laz := l.Entities["27307"]
	require.NotNil(t, laz)
	assert.Equal(t, &sanctions.Entity{ID: "27307", Name: "Lazarus Group", Type: "entity", Programs: []string{"DPRK3"},
		ListedOn: date(2019, 9, 13)}, laz)
	var lazETH []string
	for _, a := range l.Addresses {
		if a.Entity == laz {
			assert.Equal(t, "ETH", a.Ticker)
			lazETH = append(lazETH, a.Value)
		}
	}
	assert.Len(t, lazETH, 8)
	assert.Contains(t, lazETH, "0x098B716B8Aaf21512996dC57EB0615e2383E2f96")

	yan := l.Entities["25308"]
	assert.Equal(t, "YAN Xiaobing", yan.Name, "the Primary Latin name, not the Chinese one nor an a.k.a.")
	assert.Equal(t, "individual", yan.Type)
	assert.Equal(t, []string{"SDNTK"}, yan.Programs)
	assert.Equal(t, date(2019, 8, 21), yan.ListedOn)

	sf := l.Entities["31212"]
	assert.Equal(t, "SOUTHFRONT", sf.Name)
	assert.Equal(t, []string{"CYBER2", "ELECTION-EO13848", "NPWMD"}, sf.Programs)
	assert.Equal(t, date(2021, 4, 15), sf.ListedOn)
	assert.Equal(t, "GARANTEX EUROPE OU", l.Entities["36025"].Name)
	assert.Equal(t, []string{"CYBER4", "RUSSIA-EO14024"}, l.Entities["36025"].Programs)
	assert.Equal(t, "SUEX OTC, S.R.O.", l.Entities["33151"].Name)

	// Addresses shared by two parties: one ListedAddress per party.
	owners := func(ticker, value string) []string {
		var ids []string
		for _, a := range l.Addresses {
			if a.Ticker == ticker && a.Value == value {
				ids = append(ids, a.Entity.ID)
			}
		}
		sort.Strings(ids)
		return ids
	}
	assert.Equal(t, []string{"30518", "30520"}, owners("LTC", "LeKvNdNEzgQkzVVnRdV3fAu2DSF1nLsNw6"))
	assert.Equal(t, []string{"38419", "38420"}, owners("XBT", "1H939dom7i4WDLCKyGbXUp3fs9CSTNRzgL"))

	// The 2025 tickers are read from the table, not hard-coded.
	assert.Equal(t, "SOL", l.Tickers["1167"])
	assert.Equal(t, "BNB", l.Tickers["989"])
	sok := l.Entities["56360"]
	got := map[string]int{}
	for _, a := range l.Addresses {
		if a.Entity == sok {
			got[a.Ticker]++
		}
	}
	assert.Equal(t, map[string]int{"TRX": 2, "XBT": 2, "ETH": 3, "BNB": 1, "SOL": 1}, got)
	assert.Equal(t, date(2025, 11, 19), sok.ListedOn)
	for _, is := range l.Issues {
		assert.NotContains(t, is.Reason, "without a value")
		assert.NotContains(t, is.Reason, "SanctionsEntry")
	}
}

func TestExcerptTornadoCash(t *testing.T) {
	l := readExcerpt(t, "sdn_advanced_excerpt_2024-12-19_tornado_cash.xml")
	assert.Equal(t, date(2024, 12, 19), l.Source.Published)
	require.Len(t, l.Entities, 1)
	tc := l.Entities["39796"]
	require.NotNil(t, tc)
	assert.Equal(t, &sanctions.Entity{ID: "39796", Name: "TORNADO CASH", Type: "entity",
		Programs: []string{"CYBER2", "DPRK3"}, ListedOn: date(2022, 11, 8)}, tc)
	require.Len(t, l.Addresses, 90)
	got := map[string]bool{}
	for _, a := range l.Addresses {
		assert.Equal(t, "ETH", a.Ticker)
		assert.Same(t, tc, a.Entity)
		got[a.Value] = true
	}
	want := readLines(t, testdata.Path(t, "lists", "tornado_cash", "ofac_tornado_cash_eth_addresses_2024-12-19.txt"))
	assert.Equal(t, want, got)
}

func readLines(t *testing.T, path string) map[string]bool {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	set := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			set[line] = true
		}
	}
	require.NoError(t, sc.Err())
	return set
}

// ---- real data: the full publications ----

// realPublication holds what an independent pass found in each unpacked publication.
// The counts were obtained with a python3 xml.etree.ElementTree.iterparse pass over the
// bunzip2-ed XML (not with this package): the tickers are the FeatureType elements whose
// text starts "Digital Currency Address - " (IDs read from each file); "features" counts
// every Feature/FeatureVersion/VersionDetail[@DetailTypeID="1432"] value under a Feature
// of those types, "unique" the distinct values per ticker; parties counts DistinctParty,
// entities the DistinctParty elements with at least one such value.
// No digital-currency feature without a value occurs in any of the four files.
type realPublication struct {
	name      string
	published time.Time
	shaPrefix string // from the data README
	parties   int
	entities  int
	features  map[string]int
	unique    map[string]int
	uniqueSum int // the README's "unique" figure: sum of per-ticker unique values
}

var realPublications = []realPublication{
	{
		name: "2024-05-28", published: date(2024, 5, 28), shaPrefix: "b6e13caa9c071658", parties: 14984, entities: 57,
		features: map[string]int{"ARB": 1, "BCH": 7, "BSC": 1, "BSV": 1, "BTG": 1, "DASH": 3, "ETC": 1, "ETH": 151,
			"LTC": 10, "TRX": 5, "USDC": 2, "USDT": 25, "XBT": 436, "XMR": 3, "XRP": 1, "XVG": 1, "ZEC": 3},
		unique: map[string]int{"ARB": 1, "BCH": 7, "BSC": 1, "BSV": 1, "BTG": 1, "DASH": 3, "ETC": 1, "ETH": 151,
			"LTC": 9, "TRX": 5, "USDC": 2, "USDT": 25, "XBT": 434, "XMR": 3, "XRP": 1, "XVG": 1, "ZEC": 3},
		uniqueSum: 649,
	},
	{
		name: "2024-12-19", published: date(2024, 12, 19), shaPrefix: "4e12399275d07f9b", parties: 16983, entities: 62,
		features: map[string]int{"ARB": 1, "BCH": 7, "BSC": 1, "BSV": 1, "BTG": 1, "DASH": 3, "ETC": 1, "ETH": 153,
			"LTC": 11, "TRX": 6, "USDC": 2, "USDT": 32, "XBT": 437, "XMR": 3, "XRP": 1, "XVG": 1, "ZEC": 3},
		unique: map[string]int{"ARB": 1, "BCH": 7, "BSC": 1, "BSV": 1, "BTG": 1, "DASH": 3, "ETC": 1, "ETH": 153,
			"LTC": 10, "TRX": 6, "USDC": 2, "USDT": 32, "XBT": 435, "XMR": 3, "XRP": 1, "XVG": 1, "ZEC": 3},
		uniqueSum: 661,
	},
	{
		name: "2025-11-19a", published: date(2025, 11, 19), shaPrefix: "93fe9a1bf57c91bf", parties: 18348, entities: 77,
		features: map[string]int{"ARB": 1, "BCH": 7, "BSC": 1, "BSV": 1, "BTG": 1, "DASH": 3, "ETC": 1, "ETH": 74,
			"LTC": 11, "TRX": 24, "USDC": 2, "USDT": 93, "XBT": 517, "XMR": 8, "XRP": 1, "XVG": 1, "ZEC": 3},
		unique: map[string]int{"ARB": 1, "BCH": 7, "BSC": 1, "BSV": 1, "BTG": 1, "DASH": 3, "ETC": 1, "ETH": 74,
			"LTC": 10, "TRX": 24, "USDC": 2, "USDT": 93, "XBT": 515, "XMR": 8, "XRP": 1, "XVG": 1, "ZEC": 3},
		uniqueSum: 746,
	},
	{
		name: "2025-11-19b", published: date(2025, 11, 19), shaPrefix: "36c517bd264d8d97", parties: 18367, entities: 79,
		features: map[string]int{"ARB": 1, "BCH": 7, "BNB": 1, "BSC": 1, "BSV": 1, "BTG": 1, "DASH": 3, "ETC": 1,
			"ETH": 77, "LTC": 11, "SOL": 1, "TRX": 29, "USDC": 2, "USDT": 93, "XBT": 519, "XMR": 8, "XRP": 1,
			"XVG": 1, "ZEC": 3},
		unique: map[string]int{"ARB": 1, "BCH": 7, "BNB": 1, "BSC": 1, "BSV": 1, "BTG": 1, "DASH": 3, "ETC": 1,
			"ETH": 77, "LTC": 10, "SOL": 1, "TRX": 29, "USDC": 2, "USDT": 93, "XBT": 517, "XMR": 8, "XRP": 1,
			"XVG": 1, "ZEC": 3},
		uniqueSum: 758,
	},
}

func TestOFACAdvancedPublications(t *testing.T) {
	for _, want := range realPublications {
		t.Run(want.name, func(t *testing.T) {
			t.Parallel()
			l, path := loadPublication(t, want.name)
			assert.Equal(t, path, l.Source.Location)
			assert.Equal(t, "OFAC SDN", l.Source.Name)
			assert.Equal(t, "ofac-advanced-xml", l.Source.Format)
			assert.Equal(t, want.published, l.Source.Published)
			assert.True(t, strings.HasPrefix(l.Source.SHA256, want.shaPrefix), "sha256 %s", l.Source.SHA256)
			assert.Len(t, l.Source.SHA256, 64)
			assert.False(t, l.Source.LoadedAt.IsZero())
			assert.Equal(t, want.parties, l.EntityCount)
			assert.Len(t, l.Entities, want.entities)

			features := map[string]int{}
			perTicker := map[string]map[string]bool{}
			for _, a := range l.Addresses {
				features[a.Ticker]++
				if perTicker[a.Ticker] == nil {
					perTicker[a.Ticker] = map[string]bool{}
				}
				perTicker[a.Ticker][a.Value] = true
			}
			unique, sum := map[string]int{}, 0
			for tk, vs := range perTicker {
				unique[tk] = len(vs)
				sum += len(vs)
			}
			assert.Equal(t, want.features, features)
			assert.Equal(t, want.unique, unique)
			assert.Equal(t, want.uniqueSum, sum)

			// The ticker table is the file's own, and every ticker with values is in it.
			tickers := map[string]bool{}
			for _, tk := range l.Tickers {
				tickers[tk] = true
			}
			for tk := range want.features {
				assert.True(t, tickers[tk], "ticker %s in the table", tk)
			}
			assert.Equal(t, "XBT", l.Tickers["344"])

			// Every value has a fully described entity; no party lacks an entry.
			for _, a := range l.Addresses {
				e := a.Entity
				require.NotNil(t, e)
				assert.Same(t, e, l.Entities[e.ID])
				assert.NotEmpty(t, e.Name, "entity %s", e.ID)
				assert.Contains(t, []string{"individual", "entity", "vessel", "aircraft"}, e.Type, "entity %s", e.ID)
				assert.NotEmpty(t, e.Programs, "entity %s", e.ID)
				assert.False(t, e.ListedOn.IsZero(), "entity %s", e.ID)
				assert.False(t, e.ListedOn.After(l.Source.Published), "entity %s", e.ID)
			}
			for _, is := range l.Issues {
				assert.NotContains(t, is.Reason, "without a value", "%+v", is)
				assert.NotContains(t, is.Reason, "SanctionsEntry", "%+v", is)
				assert.NotContains(t, is.Reason, "primary name", "%+v", is)
			}
		})
	}
}

// A correct parser of 2025-11-19b yields exactly brave-intl's per-ticker sets.
func TestOFACAdvanced20251119bMatchesBraveIntl(t *testing.T) {
	l, _ := loadPublication(t, "2025-11-19b")
	got := map[string]map[string]bool{}
	for _, a := range l.Addresses {
		if got[a.Ticker] == nil {
			got[a.Ticker] = map[string]bool{}
		}
		got[a.Ticker][a.Value] = true
	}
	files, err := filepath.Glob(filepath.Join(testdata.Dir(t), "lists", "brave-intl", "sanctioned_addresses_*.txt"))
	require.NoError(t, err)
	require.Len(t, files, 19)
	want := map[string]map[string]bool{}
	total := 0
	for _, f := range files {
		tk := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "sanctioned_addresses_"), ".txt")
		want[tk] = readLines(t, f)
		total += len(want[tk])
	}
	assert.Equal(t, 758, total)
	assert.Len(t, l.Addresses, 761)
	require.Equal(t, len(want), len(got))
	for tk, set := range want {
		assert.Equal(t, set, got[tk], "ticker %s", tk)
	}
}

// The checksum published next to the file is the sha256 of the unpacked XML.
func TestOFACAdvanced20251119bChecksumFile(t *testing.T) {
	l, _ := loadPublication(t, "2025-11-19b")
	b, err := os.ReadFile(testdata.Path(t, "ofac", "sdn_advanced", "2025-11-19b.checksum.txt"))
	require.NoError(t, err)
	// Format: "SHA256(sdn_advanced.xml) = <64 hex>"
	m := regexp.MustCompile(`^SHA256\(([^)]+)\) = ([0-9a-f]{64})\s*$`).FindSubmatch(b)
	require.NotNil(t, m, "checksum line %q", b)
	assert.Equal(t, "sdn_advanced.xml", strings.ToLower(string(m[1])))
	assert.Equal(t, string(m[2]), l.Source.SHA256)
	assert.True(t, strings.HasPrefix(l.Source.SHA256, "36c517bd264d8d97"))
}

// The Tornado Cash party of the full 2024-12-19 publication equals the excerpt's.
func TestOFACAdvanced20241219TornadoCash(t *testing.T) {
	l, _ := loadPublication(t, "2024-12-19")
	tc := l.Entities["39796"]
	require.NotNil(t, tc)
	assert.Equal(t, "TORNADO CASH", tc.Name)
	got := map[string]bool{}
	for _, a := range l.Addresses {
		if a.Entity == tc {
			got[a.Value] = true
		}
	}
	want := readLines(t, testdata.Path(t, "lists", "tornado_cash", "ofac_tornado_cash_eth_addresses_2024-12-19.txt"))
	assert.Len(t, want, 90)
	assert.Equal(t, want, got)
	// Delisted on 2025-03-21: absent from the 2025-11-19b publication.
	l25, _ := loadPublication(t, "2025-11-19b")
	assert.Nil(t, l25.Entities["39796"])
}

// The excerpt holds verbatim parties of 2025-11-19b: the full publication gives the same
// entities and the same values for them.
func TestOFACAdvanced20251119bAgreesWithExcerpt(t *testing.T) {
	full, _ := loadPublication(t, "2025-11-19b")
	ex := readExcerpt(t, "sdn_advanced_excerpt_2025-11-19.xml")
	values := func(l *sanctions.List, id string) []string {
		var vs []string
		for _, a := range l.Addresses {
			if a.Entity.ID == id {
				vs = append(vs, a.Ticker+" "+a.Value)
			}
		}
		return vs
	}
	require.Len(t, ex.Entities, 19)
	for id, e := range ex.Entities {
		assert.Equal(t, e, full.Entities[id], "entity %s", id)
		assert.Equal(t, values(ex, id), values(full, id), "values of %s", id)
	}
	for k, v := range ex.Tickers {
		assert.Equal(t, v, full.Tickers[k])
	}
}
