package sanctions_test

import (
	"fmt"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
)

// A list built in code: each value is parsed into an address; a value that is not one
// stays listed, matched as exact text, and is reported as a list issue.
func ExampleNewList() {
	e := &sanctions.Entity{ID: "27307", Name: "Lazarus Group", Type: "entity", Programs: []string{"DPRK3"}}
	l := sanctions.NewList(sanctions.Source{Name: "own list", Published: time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC)},
		[]sanctions.ListedAddress{
			{Ticker: "ETH", Value: "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", Entity: e},
			{Ticker: "XBT", Value: "not-an-address", Entity: e},
		})
	for _, a := range l.Addresses {
		fmt.Println(a.Value, a.Addr.Kind, a.Category)
	}
	fmt.Println(len(l.Issues), "issue")
	// Output:
	// 0x098B716B8Aaf21512996dC57EB0615e2383E2f96 account sanctions
	// not-an-address exact-string sanctions
	// 1 issue
}
