// Package btcdtest runs a real btcd node in simnet for tests: it finds the btcd binary
// (PATH or $(go env GOPATH)/bin), starts it on a free loopback RPC port with a
// temporary data directory, a transaction index and a mining address whose key the
// test holds, and stops it cleanly. Tests that need the node skip when btcd is not
// installed, unless CHAINSCREEN_REQUIRE_NODE=1: then they fail.
package btcdtest
