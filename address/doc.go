// Package address parses blockchain addresses into a canonical, chain-aware form.
//
// Parse detects the chain from the address itself; ParseAs parses for a chain the
// caller names. Both return an Address whose Key is built from the decoded bytes
// (never from the raw text), so that every textual variant of one address — EVM
// lower, upper or EIP-55 case, bech32 upper case, Bitcoin Cash CashAddr with or
// without its prefix and the legacy form — has the same Key.
//
// Surrounding white space and invisible characters (zero-width spaces, BOM) are
// stripped and reported in Address.Normalised; a character inside an address is
// never "fixed".
//
// Errors are typed: every error returned wraps one of the sentinel errors
// (ErrEmpty, ErrUnknownFormat, ErrInvalid, ErrChecksum, ErrNetwork,
// ErrUnsupportedChain) and can be inspected with errors.Is, or with errors.As
// into a *ParseError.
//
// Chains: the Bitcoin family (Bitcoin, Bitcoin Cash, Bitcoin SV, Bitcoin Gold,
// Litecoin, Dogecoin, Dash, Verge, DigiByte, Komodo, Stratis), Zcash, Monero, every EVM
// chain, Tron, XRP, Solana, BNB Beacon Chain, Stellar, Algorand, Cardano, Lisk (legacy
// ids), Sia and IOST (account names, only when the chain is named). Where one text is
// valid on several chains (a "D…" address is Dogecoin, Verge and DigiByte P2PKH), it
// has one Key and Address.AlsoValidOn names the other chains.
//
// The package knows no sanctions lists; it only answers "what is this string".
package address
