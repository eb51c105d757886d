package ofac_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/ofac"
)

// A cosmetic change of the feature type name (case, dash) must not make the addresses
// disappear; a change that does make them all disappear is an error, never an empty
// list that answers "clean".
func TestFeatureTypeNameVariants(t *testing.T) {
	for _, name := range []string{"Digital Currency Address - XBT", "digital currency address – XBT",
		"Digital Currency Address — XBT", "Digital Currency Address -XBT"} {
		doc := strings.Replace(sdnAdvanced, "Digital Currency Address - XBT", name, 1)
		l, err := ofac.ReadAdvanced(context.Background(), strings.NewReader(doc))
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		if len(l.Addresses) != 1 || l.Addresses[0].Ticker != "XBT" {
			t.Errorf("%q: %+v", name, l.Addresses)
		}
	}
	doc := strings.Replace(sdnAdvanced, "Digital Currency Address - XBT", "Digital Currency Wallet (XBT)", 1)
	_, err := ofac.ReadAdvanced(context.Background(), strings.NewReader(doc))
	if !errors.Is(err, sanctions.ErrEmpty) {
		t.Errorf("a publication whose addresses are all unrecognised: %v, want ErrEmpty", err)
	}
}
