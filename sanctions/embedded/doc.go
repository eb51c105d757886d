// Package embedded holds the default publication compiled into chainscreen: the
// digital-currency values of the newest OFAC SDN publication known when the binary was
// built, with the parties they are listed for, as a verified snapshot.
//
// It is the last resort of a program that has no list of its own: the CLI uses it only
// when its cache is empty and the official list cannot be downloaded, and then says so
// on stderr (the publication's date and age). An embedded publication ages with the
// binary: a screener with a maximum age flags LIST_STALE on its results, or refuses to
// screen in strict mode, like any other old list.
//
// The snapshot is regenerated from the official file with go generate (see
// internal/gen); the publication's date and the sha256 of the official file it was
// read from are kept beside it (Info) and checked on load, together with the sha256 of
// the snapshot itself. OFAC publications are works of the US Government and in the
// public domain, so shipping them is allowed; no other list is embedded.
package embedded

//go:generate go run ./internal/gen -in $CHAINSCREEN_OFAC_FILE -out .
