package ofac

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/chainscreen/chainscreen/sanctions"
)

// FuzzReadAdvanced: any input either reads into a consistent list or fails with
// ErrFormat, ErrNoDate or ErrEmpty; it never panics and never returns both.
func FuzzReadAdvanced(f *testing.F) {
	f.Add([]byte(tinyValid))
	f.Add([]byte(tinyValid[:len(tinyValid)/2]))
	f.Add([]byte(strings.Replace(tinyValid, "<Month>11</Month>", "<Month>2</Month><Day>30</Day>", 1)))
	f.Add([]byte(tinyDoc(tinyParty("1", "1", "A B", "344", "<![CDATA[x]]>", "345", "&amp;&#x41;"),
		tinyEntry("1", "2020-1-1", "P"))))
	f.Add([]byte(`<Sanctions><DateOfIssue><Year>2025</Year><Month>1</Month><Day>1</Day></DateOfIssue>` +
		`<ReferenceValueSets><FeatureTypeValues><FeatureType ID="1">Digital Currency Address - XBT</FeatureType>` +
		`</FeatureTypeValues></ReferenceValueSets><DistinctParties><DistinctParty FixedRef="1"><Profile ID="1">` +
		`<Feature FeatureTypeID="1"><FeatureVersion><VersionDetail DetailTypeID="1432">v</VersionDetail>` +
		`</FeatureVersion></Feature></Profile></DistinctParty></DistinctParties></Sanctions>`))
	f.Add([]byte("<a:Sanctions xmlns:a='x'/>"))
	f.Add([]byte("<!DOCTYPE x [<!ENTITY a 'b'>]><!-- c --><?pi x?><Sanctions/>"))
	f.Add([]byte("\xef\xbb\xbf<Sanctions a=\"1/>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadAdvanced(context.Background(), bytes.NewReader(data))
		if err != nil {
			if l != nil {
				t.Fatalf("list and error: %v", err)
			}
			if !errors.Is(err, sanctions.ErrFormat) && !errors.Is(err, sanctions.ErrNoDate) && !errors.Is(err, sanctions.ErrEmpty) {
				t.Fatalf("unexpected error class: %v", err)
			}
			return
		}
		if l.Source.Published.IsZero() || len(l.Source.SHA256) != 64 || l.EntityCount == 0 {
			t.Fatalf("incomplete source: %+v, %d parties", l.Source, l.EntityCount)
		}
		for _, a := range l.Addresses {
			if a.Entity == nil || l.Entities[a.Entity.ID] != a.Entity {
				t.Fatalf("address %q without its entity", a.Value)
			}
			if strings.TrimSpace(a.Value) == "" || a.Ticker == "" {
				t.Fatalf("empty value or ticker: %+v", a)
			}
			if a.Addr.Key == "" {
				t.Fatalf("value %q not classified", a.Value)
			}
		}
	})
}
