// Package gethtest runs an in-process go-ethereum dev node for tests: node.New on a
// loopback HTTP JSON-RPC port, the eth service with a dev genesis that funds a few
// accounts with throwaway keys, the filter and tracer APIs (callTracer included), and
// the simulated beacon with period 0, so that a block is sealed only when the test
// calls Commit (or Mine). Asm assembles the small EVM contracts the tests deploy
// (there is no Solidity compiler in the build): a token, a forwarder, a factory and
// a self-destructing contract, each commented opcode by opcode.
package gethtest
