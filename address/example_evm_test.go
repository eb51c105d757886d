package address_test

import (
	"errors"
	"fmt"

	"github.com/chainscreen/chainscreen/address"
)

// EVM addresses: lower case, upper case and EIP-55 mixed case are one address with
// one key. A mixed-case text whose case does not match its EIP-55 checksum is
// reported, but the decoded bytes are still returned so they can be screened.
func ExampleParse_evm() {
	lower, _ := address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
	eip55, _ := address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
	fmt.Println(lower.Chain, lower.Canonical)
	fmt.Println("same key:", lower.Key == eip55.Key)

	bad, err := address.Parse("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
	fmt.Println("checksum mismatch:", errors.Is(err, address.ErrChecksum))
	fmt.Println("same key:", bad.Key == lower.Key)

	_, err = address.Parse("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
	fmt.Println("without 0x:", errors.Is(err, address.ErrUnknownFormat))
	a, _ := address.ParseAs(address.ChainEVM, "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
	fmt.Println("as evm:", a.Canonical)
	// Output:
	// evm 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed
	// same key: true
	// checksum mismatch: true
	// same key: true
	// without 0x: true
	// as evm: 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed
}
