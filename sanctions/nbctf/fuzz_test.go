package nbctf_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/nbctf"
)

// FuzzRead reads arbitrary wallets and releases tables. Seeds: the real tables, each
// order block of the real wallets table on its own, and the bad-input fixtures. The
// reader must never panic; it returns a typed error or a list whose every value is
// non-empty, trimmed, of category terrorism_financing and under an order, and whose
// every issue has a kind and a line inside the file.
func FuzzRead(f *testing.F) {
	var rel []byte
	if p, ok := testdata.Lookup("lists", "nbctf", "releases.csv"); ok {
		rel, _ = os.ReadFile(p)
	}
	if p, ok := testdata.Lookup("lists", "nbctf", "wallets.csv"); ok {
		w, err := os.ReadFile(p)
		if err == nil {
			f.Add(w, rel)
			lines := strings.SplitAfter(string(w), "\n")
			start := 1
			for i := 2; i <= len(lines); i++ {
				if i == len(lines) || strings.HasPrefix(lines[i], "צ.ת") {
					f.Add([]byte(lines[0]+strings.Join(lines[start:i], "")), rel)
					start = i
				}
			}
		}
	}
	f.Add([]byte(header+"צ.ת 18/26\r\n,,,,\"TPQrYqxT2ss3BSq5VrAdX9FyrC11Sb4PH2,\r\n,,,,x,y,z,\r\n"), []byte(releases))
	f.Add([]byte(header+",,,,TН96tFMn8KGiYSLiwсV3E2UiaJc8jmcbz3 (Address tag 1)*,\r\n"), []byte("סוג,תאריך עדכון,תוקף הצו\r\nx,1.1.1,y\r\n"))
	f.Fuzz(func(t *testing.T, w, r []byte) {
		var rr *bytes.Reader
		if r != nil {
			rr = bytes.NewReader(r)
		}
		nbctf.Sniff(w)
		var l *sanctions.List
		var err error
		if rr != nil {
			l, err = nbctf.ReadFiles(context.Background(), bytes.NewReader(w), rr)
		} else {
			l, err = nbctf.ReadFiles(context.Background(), bytes.NewReader(w), nil)
		}
		if err != nil {
			if !errors.Is(err, sanctions.ErrFormat) && !errors.Is(err, sanctions.ErrEmpty) {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		if len(l.Addresses) == 0 {
			t.Fatal("a list without values")
		}
		for _, la := range l.Addresses {
			if la.Value == "" || strings.TrimSpace(la.Value) != la.Value || la.Value == "-" {
				t.Fatalf("listed value %q", la.Value)
			}
			if la.Category != sanctions.CategoryTerrorismFinancing || la.Reference == "" || la.Entity == nil {
				t.Fatalf("listing %+v", la)
			}
		}
		maxLine := bytes.Count(w, []byte("\n")) + 1
		if n := bytes.Count(r, []byte("\n")) + 1; n > maxLine {
			maxLine = n
		}
		for _, is := range l.Issues {
			if is.Kind == "" || is.Line < 0 || is.Line > maxLine || !utf8.ValidString(is.Kind) {
				t.Fatalf("issue %+v (file of %d lines)", is, maxLine)
			}
		}
	})
}
