package boundio_test

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"

	"github.com/chainscreen/chainscreen/internal/boundio"
	"github.com/orisano/gosax"
)

// longestGosaxToken is the longest token gosax cuts from doc, and false when gosax
// refuses doc.
func longestGosaxToken(doc []byte) (int, bool) {
	r := gosax.NewReader(bytes.NewReader(doc))
	longest := 0
	for {
		ev, err := r.Event()
		if err != nil {
			return 0, false
		}
		if ev.Type() == gosax.EventEOF {
			return longest, true
		}
		longest = max(longest, len(ev.Bytes))
	}
}

// checkBounded runs the common properties of a bounded reader on doc: the bytes pass
// unchanged, the outcome does not depend on the chunking, the only error is the limit's.
// It returns what passed and the error.
func checkBounded(t *testing.T, mk func(io.Reader) io.Reader, doc []byte) ([]byte, error) {
	out, err := io.ReadAll(mk(bytes.NewReader(doc)))
	out1, err1 := io.ReadAll(mk(iotest.OneByteReader(bytes.NewReader(doc))))
	if !bytes.Equal(out, out1) || (err == nil) != (err1 == nil) {
		t.Fatalf("chunking changes the outcome: %q %v / %q %v", out, err, out1, err1)
	}
	if !bytes.HasPrefix(doc, out) {
		t.Fatalf("the bytes changed")
	}
	if err != nil && !errors.Is(err, boundio.ErrTooLarge) {
		t.Fatalf("error %v does not wrap ErrTooLarge", err)
	}
	return out, err
}

// FuzzXML checks the XML bound against the tokenizer it follows: on any document gosax
// reads, the reader fails exactly when one of gosax's tokens is longer than the limit;
// on any input, the bytes pass unchanged and the outcome does not depend on the chunking.
func FuzzXML(f *testing.F) {
	for _, s := range []string{
		`<?xml version="1.0"?><Sanctions><a b=">">t</a><!-- c --></Sanctions>`,
		"<r><![CDATA[ ]]> ]]></r>", "<!DOCTYPE r [<!ENTITY e 'x'>]><r/>", "<a b='\"'>x</a >",
		"<!--->", "<?x?>", "<<>>", "text only", "<!x>",
	} {
		f.Add([]byte(s), uint16(8))
	}
	f.Fuzz(func(t *testing.T, doc []byte, lim uint16) {
		max := int64(lim%64) + 1
		_, err := checkBounded(t, func(r io.Reader) io.Reader { return boundio.XML(r, max) }, doc)
		if longest, ok := longestGosaxToken(doc); ok {
			if (int64(longest) > max) != (err != nil) {
				t.Fatalf("gosax's longest token is %d bytes, the limit %d, the reader says %v", longest, max, err)
			}
		}
	})
}

// FuzzReaders: for the JSON, CSV, line and total bounds, the bytes pass unchanged, the
// outcome does not depend on the chunking, a limit as long as the input never fails and
// the only error is the limit's.
func FuzzReaders(f *testing.F) {
	for _, s := range []string{`[{"a":"b\"]"},{"c":[1,2]}]`, `{"result":[{}]}`, "a,\"b\n\"\"c\"\n", "x\ny\n"} {
		f.Add([]byte(s), uint16(4), uint8(0))
	}
	f.Fuzz(func(t *testing.T, doc []byte, lim uint16, kind uint8) {
		mk := []func(io.Reader, int64, ...boundio.Option) io.Reader{boundio.JSON, boundio.CSV, boundio.Lines, boundio.Cap}[kind%4]
		max := int64(lim%64) + 1
		out, err := checkBounded(t, func(r io.Reader) io.Reader { return mk(r, max) }, doc)
		if err == nil && len(out) != len(doc) {
			t.Fatalf("stopped early without an error")
		}
		if _, err := io.ReadAll(mk(bytes.NewReader(doc), int64(len(doc)))); err != nil {
			t.Fatalf("a limit as long as the input fails: %v", err)
		}
	})
}
