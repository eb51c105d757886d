package custom

import "time"

// Values of real listed parties used by the tests.
const (
	lcEVM  = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96" // EIP-55 form of a listed Lazarus address
	lcEVM2 = "0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B"
	lcBTC  = "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"
)

func lcDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
