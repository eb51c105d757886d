package boundio_test

import (
	"bytes"
	"compress/bzip2"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/chainscreen/chainscreen/internal/boundio"
	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errClass = errors.New("bad input")

// read passes s through the bounded reader one byte at a time (so that every state is
// crossed at a chunk boundary) and returns what passed and the error.
func read(t *testing.T, mk func(io.Reader) io.Reader, s string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	_, err := io.Copy(&out, mk(iotest.OneByteReader(strings.NewReader(s))))
	whole, err2 := io.ReadAll(mk(strings.NewReader(s)))
	// The chunking does not change the outcome.
	require.Equal(t, out.String(), string(whole))
	require.Equal(t, err == nil, err2 == nil, "%v / %v", err, err2)
	require.True(t, strings.HasPrefix(s, out.String()), "the bytes pass unchanged")
	return out.String(), err
}

func TestXMLTokens(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		longest   int // the longest token
	}{
		{"text", "<a>" + strings.Repeat(" ", 20) + "</a>", 20},
		{"start tag", `<abc def="1">x</abc>`, 13},
		{"quoted >", `<a b=">>>>>>>>>>">x</a>`, 18},
		{"single-quoted", `<a b='"">>>'>x</a>`, 13},
		{"comment with >", "<r><!-- a > b -> c --></r>", 19},
		{"comment <!-->", "<r><!-->--></r>", 8},
		{"CDATA", "<r><![CDATA[ ]> ]]></r>", 16},
		{"PI", `<?xml version="1.0"?><r/>`, 21},
		{"doctype", "<!DOCTYPE r [<!ENTITY e 'x'>]><r/>", 30},
		{"close tag", "<r></rrrrrrrrrr>", 13},
		{"trailing text", "<r/>" + strings.Repeat("\n", 9), 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := read(t, func(r io.Reader) io.Reader { return boundio.XML(r, int64(tc.longest)) }, tc.doc)
			require.NoError(t, err, "every token fits")
			assert.Equal(t, tc.doc, out)
			_, err = read(t, func(r io.Reader) io.Reader {
				return boundio.XML(r, int64(tc.longest-1), boundio.WithClass(errClass), boundio.WithName("f.xml"))
			}, tc.doc)
			require.Error(t, err, "one token is longer than the limit")
			assert.ErrorIs(t, err, boundio.ErrTooLarge)
			assert.ErrorIs(t, err, errClass)
			var le *boundio.LimitError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, "XML token", le.What)
			assert.Contains(t, err.Error(), "f.xml")
		})
	}
}

// The limit error comes at the byte past the limit, and every later Read repeats it.
func TestLimitOffset(t *testing.T) {
	r := boundio.XML(strings.NewReader("<a>"+strings.Repeat(" ", 100)+"</a>"), 10)
	b, err := io.ReadAll(r)
	var le *boundio.LimitError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, int64(13), le.Offset)
	assert.Len(t, b, 13)
	n, err2 := r.Read(make([]byte, 8))
	assert.Zero(t, n)
	assert.Equal(t, err, err2)
}

// On the real publication the longest token is the one the independent script counts
// (testdata/longest_token.py: 485 bytes): the reader lets it pass at that limit and
// stops at one byte less.
func TestXMLRealPublication(t *testing.T) {
	p := testdata.Path(t, "ofac", "sdn_advanced", "2025-11-19b.xml.bz2")
	const longest = 485
	f, err := os.Open(p)
	require.NoError(t, err)
	defer f.Close()
	// One decompression feeds both bounds: the one at the limit reads the stream, the
	// one a byte under it reads a copy through a pipe.
	pr, pw := io.Pipe()
	under := make(chan error, 1)
	go func() {
		_, err := io.Copy(io.Discard, boundio.XML(pr, longest-1))
		io.Copy(io.Discard, pr) // keep draining so that the other side is not blocked
		under <- err
	}()
	n, err := io.Copy(io.Discard, boundio.XML(io.TeeReader(bzip2.NewReader(f), pw), longest))
	pw.Close()
	require.NoError(t, err)
	assert.Equal(t, int64(120977559), n)
	assert.ErrorIs(t, <-under, boundio.ErrTooLarge)
}

// An element is counted from the byte after the structural byte that ended the one
// before it to the structural byte that ends it (both brackets and separators count).
func TestJSONElements(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		longest   int
	}{
		{"array", `[{"a":1},{"bb":22}]`, 9},
		{"white space", "[1,     2]", 7},
		{"string with brackets", `["]]]]}}},,,,"]`, 14},
		{"escaped quote", `["\"],[\""]`, 10},
		{"JSON-RPC result", `{"id":1,"result":[{"x":1},{"y":2}]}`, 9},
		{"other member object", `{"id":{"a":[1,2,3]},"result":[]}`, 13},
		{"leading space", "      []", 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := read(t, func(r io.Reader) io.Reader { return boundio.JSON(r, int64(tc.longest)) }, tc.doc)
			require.NoError(t, err)
			_, err = read(t, func(r io.Reader) io.Reader { return boundio.JSON(r, int64(tc.longest-1)) }, tc.doc)
			assert.ErrorIs(t, err, boundio.ErrTooLarge)
		})
	}
}

func TestCSVRecords(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		longest   int
	}{
		{"lines", "a,b\ncc,dd\n", 5},
		{"quoted newlines", "a,\"x\n\n\ny\"\nb\n", 9},
		{"doubled quote", "\"a\"\"\nb\"\nc\n", 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := read(t, func(r io.Reader) io.Reader { return boundio.CSV(r, int64(tc.longest)) }, tc.doc)
			require.NoError(t, err)
			_, err = read(t, func(r io.Reader) io.Reader { return boundio.CSV(r, int64(tc.longest-1)) }, tc.doc)
			assert.ErrorIs(t, err, boundio.ErrTooLarge)
		})
	}
}

func TestLinesAndCap(t *testing.T) {
	_, err := read(t, func(r io.Reader) io.Reader { return boundio.Lines(r, 3) }, "abc\nde\n")
	require.NoError(t, err)
	_, err = read(t, func(r io.Reader) io.Reader { return boundio.Lines(r, 2) }, "abc\nde\n")
	assert.ErrorIs(t, err, boundio.ErrTooLarge)
	_, err = read(t, func(r io.Reader) io.Reader { return boundio.Cap(r, 7) }, "abc\nde\n")
	require.NoError(t, err)
	out, err := read(t, func(r io.Reader) io.Reader { return boundio.Cap(r, 6) }, "abc\nde\n")
	assert.ErrorIs(t, err, boundio.ErrTooLarge)
	assert.Equal(t, "abc\nde", out)
}

// A nil option is ignored.
func TestNilOption(t *testing.T) {
	_, err := io.ReadAll(boundio.Cap(strings.NewReader("abc"), 1, nil))
	assert.ErrorIs(t, err, boundio.ErrTooLarge)
}
