package address

import "strings"

// Chain names a blockchain (or, for EVM, a family of chains that share one address space).
type Chain string

// The chains chainscreen understands.
const (
	ChainUnknown     Chain = ""
	ChainBitcoin     Chain = "bitcoin"
	ChainBitcoinCash Chain = "bitcoin-cash"
	ChainBitcoinSV   Chain = "bitcoin-sv"
	ChainBitcoinGold Chain = "bitcoin-gold"
	ChainLitecoin    Chain = "litecoin"
	ChainDogecoin    Chain = "dogecoin"
	ChainDash        Chain = "dash"
	ChainVerge       Chain = "verge"
	ChainZcash       Chain = "zcash"
	ChainMonero      Chain = "monero"
	// ChainEVM is Ethereum and every EVM chain (Ethereum Classic, BNB Smart Chain,
	// Arbitrum, Polygon, ...): one 20-byte address space, one index key.
	ChainEVM    Chain = "evm"
	ChainTron   Chain = "tron"
	ChainRipple Chain = "ripple"
	ChainSolana Chain = "solana"
	// ChainBNBBeacon is the BNB Beacon Chain (bech32 "bnb1…" addresses); it is not EVM.
	ChainBNBBeacon Chain = "bnb-beacon"
	// ChainStellar is the Stellar network: StrKey account ids ("G…") and muxed
	// accounts ("M…", SEP-23).
	ChainStellar Chain = "stellar"
	// ChainAlgorand is Algorand: base32 public key plus a SHA-512/256 checksum.
	ChainAlgorand Chain = "algorand"
	// ChainCardano is Cardano: Shelley bech32 addresses (CIP-19: "addr1…", "stake1…")
	// and Byron base58 CBOR addresses ("Ae2…", "DdzFF…").
	ChainCardano Chain = "cardano"
	// ChainDigiByte is DigiByte: base58check "D…"/"S…" (and "3…") and bech32 "dgb1…".
	ChainDigiByte Chain = "digibyte"
	// ChainKomodo is Komodo: base58check "R…" (P2PKH) and "b…" (P2SH).
	ChainKomodo Chain = "komodo"
	// ChainLisk is Lisk: legacy numeric account ids ("…L") and Lisk32 addresses
	// ("lsk…"), keyed alike (see parseLisk).
	ChainLisk Chain = "lisk"
	// ChainSiacoin is Sia: a 32-byte unlock hash and a 6-byte BLAKE2b checksum in hex.
	ChainSiacoin Chain = "siacoin"
	// ChainStratis is Stratis, both the original chain (STRAT: base58check "S…"/"r…")
	// and Strax (STRAX: "X…"/"y…").
	ChainStratis Chain = "stratis"
	// ChainIOST is IOST: accounts are names (5 to 11 of a-z, 0-9 and "_"), matched as
	// the exact name. Parse never detects it: only ParseAs and ParseListed name it.
	ChainIOST Chain = "iost"
)

// Chains lists every chain Parse can detect, in a stable order.
func Chains() []Chain {
	return []Chain{ChainBitcoin, ChainBitcoinCash, ChainBitcoinSV, ChainBitcoinGold, ChainLitecoin,
		ChainDogecoin, ChainDash, ChainVerge, ChainZcash, ChainMonero, ChainEVM, ChainTron,
		ChainRipple, ChainSolana, ChainBNBBeacon, ChainStellar, ChainAlgorand, ChainCardano,
		ChainDigiByte, ChainKomodo, ChainLisk, ChainSiacoin, ChainStratis, ChainIOST}
}

// ParseChain maps a chain name or a common alias ("btc", "eth", "ethereum", "bch", "trx", ...)
// to a Chain. It returns ErrUnsupportedChain for names it does not know.
func ParseChain(name string) (Chain, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, c := range Chains() {
		if string(c) == n {
			return c, nil
		}
	}
	if c, ok := chainAliases[n]; ok {
		return c, nil
	}
	return ChainUnknown, &ParseError{Input: name, Err: ErrUnsupportedChain, Reason: "unknown chain name"}
}

var chainAliases = map[string]Chain{
	"btc": ChainBitcoin, "xbt": ChainBitcoin,
	"bch": ChainBitcoinCash, "bitcoincash": ChainBitcoinCash,
	"bsv": ChainBitcoinSV, "bitcoinsv": ChainBitcoinSV,
	"btg": ChainBitcoinGold, "bitcoingold": ChainBitcoinGold,
	"ltc": ChainLitecoin, "doge": ChainDogecoin, "xvg": ChainVerge,
	"zec": ChainZcash, "xmr": ChainMonero,
	"eth": ChainEVM, "ethereum": ChainEVM, "etc": ChainEVM, "bsc": ChainEVM, "arb": ChainEVM,
	"arbitrum": ChainEVM, "polygon": ChainEVM, "optimism": ChainEVM, "base": ChainEVM, "avalanche": ChainEVM,
	"trx": ChainTron, "xrp": ChainRipple, "sol": ChainSolana, "bnb": ChainBNBBeacon,
	"xlm": ChainStellar, "algo": ChainAlgorand, "ada": ChainCardano, "dgb": ChainDigiByte,
	"kmd": ChainKomodo, "lsk": ChainLisk, "sc": ChainSiacoin, "sia": ChainSiacoin,
	"strat": ChainStratis, "strax": ChainStratis,
}

// Kind is the type of an address within its chain.
type Kind string

// Address kinds.
const (
	KindP2PKH       Kind = "p2pkh"
	KindP2SH        Kind = "p2sh"
	KindP2WPKH      Kind = "p2wpkh"
	KindP2WSH       Kind = "p2wsh"
	KindP2TR        Kind = "p2tr"
	KindWitness     Kind = "witness" // a future segwit version
	KindAccount     Kind = "account" // EVM, Tron, Ripple, Solana, BNB Beacon, Stellar, Algorand, Lisk, Sia, IOST
	KindStandard    Kind = "standard"
	KindSubaddress  Kind = "subaddress"
	KindIntegrated  Kind = "integrated"
	KindShielded    Kind = "shielded"
	KindUnified     Kind = "unified"
	KindExactString Kind = "exact-string" // not an address; matched as the exact text
	KindMuxed       Kind = "muxed"        // Stellar muxed account (SEP-23): account + 64-bit id
	// Cardano (CIP-19) address types.
	KindBase       Kind = "base"       // payment and stake credential
	KindPointer    Kind = "pointer"    // payment credential and a pointer to a stake registration
	KindEnterprise Kind = "enterprise" // payment credential only
	KindReward     Kind = "reward"     // stake (reward account) address
	KindByron      Kind = "byron"      // Byron-era base58 CBOR address
)

// Key is the index key of an address: an address family tag followed by the decoded
// payload bytes. Two textual forms of one address have equal keys. It is a binary string.
type Key string

// Address is a parsed, validated address.
type Address struct {
	// Input is the text as given, before any normalisation.
	Input string
	// Chain is the chain the address belongs to: the chain the caller named (ParseAs),
	// or the most likely chain detected from the text.
	Chain Chain
	// AlsoValidOn lists other chains on which the same text is a valid address with the
	// same key (a legacy "1…" address is valid on Bitcoin, Bitcoin Cash and Bitcoin SV).
	AlsoValidOn []Chain
	// Kind is the address type.
	Kind Kind
	// Canonical is the canonical text: EIP-55 for EVM, lower-case bech32, CashAddr with
	// its prefix for Bitcoin Cash, otherwise the address as encoded.
	Canonical string
	// Key is the index key built from the decoded bytes.
	Key Key
	// Normalised says what was stripped from the input (white space, invisible characters);
	// empty when the input was used as given.
	Normalised []string
	// Tag is the destination tag an XRP X-address encodes (decimal), "" when it has none
	// (classic addresses never carry one).
	Tag string
	// Privacy is true for addresses whose transactions cannot be followed on a transparent
	// ledger (Monero, Zcash shielded and unified).
	Privacy bool
}

// ValidOn reports whether the address is valid on chain c (its own chain or AlsoValidOn).
func (a Address) ValidOn(c Chain) bool {
	if a.Chain == c {
		return true
	}
	for _, o := range a.AlsoValidOn {
		if o == c {
			return true
		}
	}
	return false
}

// String returns the canonical text.
func (a Address) String() string { return a.Canonical }
