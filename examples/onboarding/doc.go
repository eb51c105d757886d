// Command onboarding shows how an exchange embeds the chainscreen Screener in its
// signup and withdrawal paths:
//
//   - at signup, the customer's deposit address is screened: a sanctions hit rejects the
//     signup, an invalid address asks the customer again;
//   - at withdrawal, the signed transaction about to be broadcast is screened (sender,
//     recipient and token recipient): a hit blocks it.
//
// Screening fails closed: when no list can be loaded, or screening returns an error,
// the request is held for review, never let through.
//
//	go run ./examples/onboarding --list embedded     # the OFAC publication in chainscreen, offline
//	go run ./examples/onboarding --list SDN_ADVANCED.XML
//	go run ./examples/onboarding --list sdn.xml.bz2 --signup 0x… --withdraw-to 0x…
package main
