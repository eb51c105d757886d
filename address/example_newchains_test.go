package address_test

import (
	"fmt"

	"github.com/chainscreen/chainscreen/address"
)

// ParseListed takes a list's ticker and value. A DigiByte "D…" address is the same text
// (and key) as a Dogecoin and a Verge address; a Stellar muxed account has the key of
// its base account.
func ExampleParseListed_newChains() {
	for _, v := range [][2]string{
		{"DGB", "D7pCdGvzKPEtnuYnFVWtW4pTGTjD9v2Tuo"},
		{"LSK", "12154055877559948854L"},
		{"XLM", "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVAAAAAAAAAAAAAJLK"},
		{"ADA", "addr1vx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzers66hrl8"},
	} {
		a, err := address.ParseListed(v[0], v[1])
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(a.Chain, a.Kind, a.AlsoValidOn)
	}
	// Output:
	// digibyte p2pkh [dogecoin verge]
	// lisk account []
	// stellar muxed []
	// cardano enterprise []
}
