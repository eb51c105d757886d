// Package testdata locates the shared real data that tests and benchmarks read
// (../shared/data next to the module root, or $CHAINSCREEN_TESTDATA), for the tests of
// every package.
package testdata
