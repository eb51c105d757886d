package address_test

import (
	"fmt"

	"github.com/chainscreen/chainscreen/address"
)

// A Bitcoin Cash address has two texts, legacy base58 and CashAddr; both parse to
// the same key, and the canonical text is CashAddr.
func ExampleParseAs_bitcoinCash() {
	legacy, err := address.ParseAs(address.ChainBitcoinCash, "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu")
	if err != nil {
		panic(err)
	}
	cash, err := address.ParseAs(address.ChainBitcoinCash, "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a")
	if err != nil {
		panic(err)
	}
	fmt.Println(legacy.Canonical)
	fmt.Println(cash.Canonical)
	fmt.Println(legacy.Key == cash.Key, legacy.Kind, legacy.AlsoValidOn)
	// Output:
	// bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a
	// bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a
	// true p2pkh [bitcoin bitcoin-sv]
}
