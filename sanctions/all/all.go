// Package all registers every list format chainscreen reads, for sanctions.Open: import
// it for its side effect (import _ "github.com/chainscreen/chainscreen/sanctions/all").
//
// The formats: OFAC's advanced XML and legacy CSV set (ofac, ofac-csv), custom lists
// (custom), Israel's NBCTF seizure orders (nbctf), OpenSanctions FollowTheMoney exports
// (ftm) and stablecoin issuer freezes from Ethereum logs (freeze-logs).
package all

import (
	_ "github.com/chainscreen/chainscreen/sanctions/custom"        // custom
	_ "github.com/chainscreen/chainscreen/sanctions/freeze"        // freeze-logs
	_ "github.com/chainscreen/chainscreen/sanctions/nbctf"         // nbctf
	_ "github.com/chainscreen/chainscreen/sanctions/ofac"          // ofac, ofac-csv
	_ "github.com/chainscreen/chainscreen/sanctions/opensanctions" // ftm
)
