package address

import "strings"

// TickerChains returns the chains a sanctions-list currency ticker can mean, most
// likely first. Tickers are not chains: OFAC's "USDT" holds Tron, EVM and Omni (Bitcoin)
// addresses, and "BNB" is the BNB Beacon Chain, not EVM. An unknown ticker returns nil:
// the caller should detect the chain from the address itself.
func TickerChains(ticker string) []Chain {
	switch strings.ToUpper(strings.TrimSpace(ticker)) {
	case "XBT", "BTC":
		return []Chain{ChainBitcoin}
	case "BCH":
		return []Chain{ChainBitcoinCash}
	case "BSV":
		return []Chain{ChainBitcoinSV}
	case "BTG":
		return []Chain{ChainBitcoinGold}
	case "LTC":
		return []Chain{ChainLitecoin}
	case "DOGE":
		return []Chain{ChainDogecoin}
	case "DASH":
		return []Chain{ChainDash}
	case "XVG":
		return []Chain{ChainVerge}
	case "ZEC":
		return []Chain{ChainZcash}
	case "XMR":
		return []Chain{ChainMonero}
	case "ETH", "ETC", "BSC", "ARB", "MATIC", "POL", "OP", "AVAX":
		return []Chain{ChainEVM}
	case "USDT":
		return []Chain{ChainTron, ChainEVM, ChainBitcoin}
	case "USDC":
		return []Chain{ChainEVM, ChainTron, ChainSolana}
	case "TRX":
		return []Chain{ChainTron}
	case "XRP":
		return []Chain{ChainRipple}
	case "SOL":
		return []Chain{ChainSolana}
	case "BNB":
		return []Chain{ChainBNBBeacon, ChainEVM}
	case "XLM":
		return []Chain{ChainStellar}
	case "ALGO":
		return []Chain{ChainAlgorand}
	case "ADA":
		return []Chain{ChainCardano}
	case "DGB":
		return []Chain{ChainDigiByte}
	case "KMD":
		return []Chain{ChainKomodo}
	case "LSK":
		return []Chain{ChainLisk}
	case "SC":
		return []Chain{ChainSiacoin}
	case "STRAT", "STRAX":
		return []Chain{ChainStratis}
	case "IOST":
		return []Chain{ChainIOST}
	}
	return nil
}

// ParseListed parses a value as published on a sanctions list under ticker. It tries
// the ticker's chains first and then any chain (a Tron address filed under "XBT" is
// still a Tron address). The ticker never makes an invalid address valid.
func ParseListed(ticker, value string) (Address, error) {
	chains := TickerChains(ticker)
	if chains == nil && ticker != "" {
		// Custom lists name chains rather than tickers ("ethereum", "tron", "polygon").
		if c, err := ParseChain(ticker); err == nil {
			chains = []Chain{c}
		}
	}
	var first error
	var firstAddr Address
	for _, c := range chains {
		a, err := ParseAs(c, value)
		if err == nil {
			return a, nil
		}
		if first == nil || errRank(err) > errRank(first) {
			first, firstAddr = err, a
		}
	}
	a, err := Parse(value)
	if err == nil {
		return a, nil
	}
	if first != nil && (errRank(first) > errRank(err) || (firstAddr.Key != "" && a.Key == "")) {
		// Keep the decoded address when there is one (an EIP-55 case mismatch still
		// has its bytes): the value must still match by key.
		if firstAddr.Key == "" {
			firstAddr = Address{Input: value}
		}
		return firstAddr, first
	}
	return a, err
}
