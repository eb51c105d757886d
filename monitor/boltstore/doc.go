// Package boltstore is a persistent monitor.Store for the address Monitor, kept in one
// bbolt file: the watchlist, the last-seen state of every registered address, the event
// log and the delivery cursors.
//
// A state update and the events it causes are written in one bbolt transaction, so a
// crash leaves either both or neither: after a restart the Monitor neither repeats an
// event nor misses one. bbolt locks the file: one process at a time opens it.
package boltstore
