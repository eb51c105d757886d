// Package all registers every list format chainscreen reads, for sanctions.Open: import
// it for its side effect (import _ "github.com/chainscreen/chainscreen/sanctions/all").
//
// The OFAC formats (advanced XML, legacy CSV) and custom lists are registered by package
// sanctions itself; this package adds Israel's NBCTF seizure orders (nbctf), OpenSanctions
// FollowTheMoney exports (ftm) and stablecoin issuer freezes from Ethereum logs
// (freeze-logs).
package all

import (
	_ "github.com/chainscreen/chainscreen/sanctions/freeze"        // freeze-logs
	_ "github.com/chainscreen/chainscreen/sanctions/nbctf"         // nbctf
	_ "github.com/chainscreen/chainscreen/sanctions/opensanctions" // ftm
)
