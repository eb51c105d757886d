// Command monitor shows how an exchange is alerted when a customer's registered address
// becomes sanctioned or is delisted: it registers addresses on a monitor.Monitor, then
// plays the given publications in order, as a list refresher would swap them in, and
// prints an alert for every NEWLY_SANCTIONED and DELISTED event.
//
// By default it registers five Tornado Cash contract addresses (designated on
// 2022-08-08, delisted on 2025-03-21), so moving from the 2024-12-19 list to a 2025 list
// prints DELISTED alerts:
//
//	go run ./examples/monitor --list 2024-12-19.xml.bz2 --list 2025-11-19b.xml.bz2
//
// With --db the watchlist and its state are kept in a bbolt file: a later run against a
// newer list alerts on what changed since, and never repeats an alert.
package main
