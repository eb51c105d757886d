package screen_test

import (
	"context"
	"fmt"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
	_ "github.com/chainscreen/chainscreen/sanctions/all" // the list formats read by these tests
	"github.com/chainscreen/chainscreen/screen"
)

// A Screener built from a list (here one built in code; in production sanctions.Open
// reads the OFAC publication) answers with flags, hits and provenance.
func Example() {
	party := &sanctions.Entity{ID: "27307", Name: "Lazarus Group", Type: "entity", Programs: []string{"DPRK3"}}
	list := sanctions.NewList(sanctions.Source{Name: "OFAC SDN", Published: time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC)},
		[]sanctions.ListedAddress{{Value: "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", Ticker: "ETH", Entity: party}})
	s, err := screen.New([]*sanctions.List{list})
	if err != nil {
		panic(err)
	}
	r, err := s.ScreenAddress(context.Background(), " 0x098b716b8aaf21512996dc57eb0615e2383e2f96 ")
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Chain, r.Canonical, r.Flags, r.Severity)
	for _, h := range r.Hits {
		fmt.Println(h.Entity.Name, h.Entity.Programs, h.Ticker, h.Source)
	}
	// Output:
	// evm 0x098B716B8Aaf21512996dC57EB0615e2383E2f96 [SANCTIONED NORMALISED_INPUT] critical
	// Lazarus Group [DPRK3] ETH OFAC SDN 2025-11-19
}

// Without a list there is nothing to screen against: an error, never a clean result.
func ExampleNew_noList() {
	_, err := screen.New(nil)
	fmt.Println(err)
	// Output:
	// screen: no sanctions list loaded
}
