package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// family rows of the address table: benchmark family name and what the bare decode is.
var addressFamilies = []struct{ name, bare string }{
	{"P2PKH", "btcutil.DecodeAddress"},
	{"P2SH", "btcutil.DecodeAddress"},
	{"P2WPKH", "btcutil.DecodeAddress"},
	{"EVM-EIP55", "go-ethereum NewMixedcaseAddressFromString + ValidChecksum"},
	{"EVM-lower", "go-ethereum IsHexAddress + HexToAddress (no checksum)"},
	{"Tron", "btcutil base58.CheckDecode"},
	{"CashAddr", "— (no dependency decodes CashAddr)"},
	{"Monero", "— (no dependency decodes Monero)"},
}

func write(w io.Writer, r *results, env, cmd string) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("# Performance\n\n")
	p("Every figure below is the median of the runs of one `go test -bench` invocation,\n")
	p("written by `bench/run` (this file is generated; do not edit it by hand). Ratios compare\n")
	p("a chainscreen benchmark with the bare cost of the same work done by the dependencies,\n")
	p("measured in the same run. Tests never assert timings.\n\n")
	if env != "" {
		p("## Environment\n\n%s\n", env)
	}
	p("## Command\n\n```sh\n%s\n```\n\n", cmd)

	p("## Address screening (per family, hit and miss)\n\n")
	p("`Screener.ScreenAddress` against the full 2025-11-19b publication (758 listed values):\n")
	p("input cleaning, chain detection, checksum, canonical text, index lookup and the result.\n")
	p("The bare decode is the dependency decoding the same (listed) text. Goal: ≤ 1.0x the\n")
	p("bare decode for hits and misses alike (issue 12, item 10).\n\n")
	p("| family | hit | miss | bare decode | hit / bare | miss / bare | allocs hit / miss | bare decode by |\n|---|---|---|---|---|---|---|---|\n")
	for _, f := range addressFamilies {
		base := "ScreenAddress/" + f.name + "/"
		p("| %s | %s | %s | %s | %s | %s | %s / %s | %s |\n", f.name,
			r.cell(base+"hit", "ns/op"), r.cell(base+"miss", "ns/op"), r.cell(base+"bare-decode", "ns/op"),
			r.ratio(base+"hit", base+"bare-decode"), r.ratio(base+"miss", base+"bare-decode"),
			r.cell(base+"hit", "allocs/op"), r.cell(base+"miss", "allocs/op"), f.bare)
	}
	p("\nA hit is the listed value's text as published: the index keeps its decode, verified\n")
	p("when the index was built, so the hit is not decoded again. The EVM-lower hit is the\n")
	p("same address in lower case (the list has the EIP-55 text): it is decoded, as a miss\n")
	p("is. The EVM canonical form is EIP-55, so every decoded EVM screen computes one\n")
	p("Keccak-256; the lower-case baseline computes none, the mixed-case one does. Every\n")
	p("result, a miss too, carries the canonical text, so an index keyed on the 20 bytes\n")
	p("would not save the Keccak: EVM-lower is not held to the goal (see the analysis below).\n\n")

	p("### Index size (a miss, synthetic EVM lists)\n\n| listed values | miss | allocs |\n|---|---|---|\n")
	for _, n := range []string{"1k", "100k", "1M"} {
		p("| %s | %s | %s |\n", n, r.cell("IndexScaling/"+n, "ns/op"), r.cell("IndexScaling/"+n, "allocs/op"))
	}

	p("\n## Loading SDN_ADVANCED.XML (121 MB unpacked, 2025-11-19b)\n\n")
	p("| benchmark | time | MB/s | allocated | allocs | peak heap | vs bare gosax pass |\n|---|---|---|---|---|---|---|\n")
	for _, n := range []string{"LoadOFACAdvancedXML", "BareGosaxPass", "BareEncodingXMLRawToken", "DecompressBZ2",
		"ListStart/cold-xml", "ListStart/cold-zip", "ListStart/warm-snapshot"} {
		p("| %s | %s | %s | %s | %s | %s | %s |\n", n, r.cell(n, "ns/op"), r.cell(n, "MB/s"), r.cell(n, "B/op"),
			r.cell(n, "allocs/op"), r.cell(n, "peak-heap-B"), r.ratio(n, "BareGosaxPass"))
	}
	p("\nGoals: full load ≤ 0.3 s and ≤ 32 MB; warm start from the snapshot ≤ 30 ms.\n")
	p("Warm start from the snapshot is %s faster than the cold parse of the XML. `DecompressBZ2` is the cost of the `.xml.bz2`\n", r.inverse("ListStart/warm-snapshot", "ListStart/cold-xml"))
	p("form alone (bytes are the unpacked size); the official `.ZIP`/`.XML` forms avoid it.\n\n")
	if len(r.rss) > 0 {
		p("Peak RSS of the whole CLI process (`/usr/bin/time -v`, `chainscreen lists info`):\n\n| input | peak RSS | wall time |\n|---|---|---|\n")
		for _, x := range r.rss {
			p("| %s | %s | %s |\n", x.label, bytesStr(x.kb*1024), x.wall)
		}
		p("\n")
	}

	if len(r.batch) > 0 {
		p("## Batch (`chainscreen batch`, whole process)\n\n")
		p("Random EVM addresses, every 1000th a listed one, against the unpacked 2025-11-19b XML\n")
		p("(`/usr/bin/time -v`; the time includes loading the list, about 0.25 s):\n\n")
		p("| lines | peak RSS | wall time | lines/s |\n|---|---|---|---|\n")
		for _, x := range r.batch {
			p("| %s | %s | %s | %s |\n", x.label, bytesStr(x.kb*1024), x.wall, linesPerSecond(x.label, x.wall))
		}
		p("\n%s\n\n", batchMemory(r.batch))
	}
	if len(r.batchPy) > 0 {
		p("## Batch against the naive Python set lookup (`bench/batch`)\n\n")
		p("Mixed lines (EVM, P2PKH, P2WPKH, every 1000th listed), warm list (parsed snapshot),\n")
		p("best of 3 wall times each, side by side in the same run; the bare cost is\n")
		p("`bench/naive_batch.py` (a set lookup and one JSON line per input line):\n\n")
		p("| lines | naive Python (bare) | chainscreen batch | ratio |\n|---|---|---|---|\n")
		for _, x := range r.batchPy {
			p("| %s | %s s | %s s | %sx |\n", x[0], seconds(x[1]), seconds(x[2]), x[3])
		}
		p("\n")
	}
	p("## Transactions\n\n")
	p("Block 574200 (3,315 transactions, 1.25 MB): decode, txids, every output address and every\n")
	p("input address (derived from the input, or from a previous output in the same block),\n")
	p("index lookups and results. Baselines: btcd's bare decode (no txid, no hashing), and the\n")
	p("bare work — btcd decode + btcd txid of every transaction + btcutil hash160 of every\n")
	p("input's last push — which any input screening must do.\n\n")
	for _, pre := range []string{"", "nocgo/"} {
		label := "cgo"
		if pre != "" {
			label = "CGO_ENABLED=0"
		}
		if r.count(pre+"ScreenBitcoinBlock574200") == 0 {
			continue
		}
		p("**%s**\n\n| benchmark | time | allocated | allocs | vs bare decode | vs bare work |\n|---|---|---|---|---|---|\n", label)
		for _, n := range []string{"ScreenBitcoinBlock574200", "ScreenBitcoinBlock574200Sequential", "BtcdDecodeBlock574200", "BtcdDecodeHashBlock574200"} {
			p("| %s | %s | %s | %s | %s | %s |\n", n, r.cell(pre+n, "ns/op"), r.cell(pre+n, "B/op"), r.cell(pre+n, "allocs/op"),
				r.ratio(pre+n, pre+"BtcdDecodeBlock574200"), r.ratio(pre+n, pre+"BtcdDecodeHashBlock574200"))
		}
		p("\n| benchmark | time | allocated | allocs | vs go-ethereum decode + sender |\n|---|---|---|---|---|\n")
		for _, n := range []string{"ScreenEthereumTx", "GethDecodeAndSender"} {
			p("| %s | %s | %s | %s | %s |\n", n, r.cell(pre+n, "ns/op"), r.cell(pre+n, "B/op"), r.cell(pre+n, "allocs/op"),
				r.ratio(pre+n, pre+"GethDecodeAndSender"))
		}
		p("\n")
	}
	p("Goals: block ≤ 1.5x btcd's bare decode; Ethereum transaction ≤ 1.2x go-ethereum's\n")
	p("decode + sender recovery.\n\n")

	p("## HTTP service (loopback, keep-alive, client and server in one process)\n\n")
	p("| benchmark | requests/s | p99 | CPU per request |\n|---|---|---|---|\n")
	for _, n := range []string{"HTTPAddressHit", "HTTPAddressMiss"} {
		p("| %s | %s | %s ms | %s µs |\n", n, r.cell(n, "req/s"), r.cell(n, "p99-ms"), r.cell(n, "cpu-µs/req"))
	}
	p("\nGoal: ≥ 20k requests/s and p99 ≤ 5 ms on 2 cores. The load generator shares the two\n")
	p("cores with the server, so these figures are a lower bound for the server alone.\n\n")
	if len(r.wrk) > 0 {
		p("From a separate process: `wrk -d10s --latency` against `chainscreen serve` (the\n")
		p("unpacked 2025-11-19b XML), `GET /v1/addresses/{address}`; wrk shares the two cores.\n\n")
		p("| address | wrk threads, connections | requests/s | p99 |\n|---|---|---|---|\n")
		for _, x := range r.wrk {
			kind, load, _ := strings.Cut(x.kind, ",")
			p("| %s | %s | %s | %s |\n", kind, strings.ReplaceAll(load, ",", " "), x.rps, x.p99)
		}
		p("\n")
	}

	p("## All benchmarks (medians)\n\n| benchmark | runs | time | allocated | allocs |\n|---|---|---|---|---|\n")
	for _, n := range r.order {
		p("| %s | %d | %s | %s | %s |\n", strings.ReplaceAll(n, "|", "\\|"), r.count(n), r.cell(n, "ns/op"), r.cell(n, "B/op"), r.cell(n, "allocs/op"))
	}
}

// linesPerSecond divides a line count by a /usr/bin/time wall clock ("m:ss.cc").
func linesPerSecond(lines, wall string) string {
	n, err := strconv.ParseFloat(lines, 64)
	if err != nil {
		return "—"
	}
	var secs float64
	for _, part := range strings.Split(wall, ":") {
		v, err := strconv.ParseFloat(part, 64)
		if err != nil {
			return "—"
		}
		secs = secs*60 + v
	}
	if secs == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f", n/secs)
}

// seconds writes a wall time in seconds to the millisecond ("0.284"); text that is not
// a number is written as it is.
func seconds(s string) string {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}

// batchMemory says how the peak RSS of the smallest and the largest batch compare: a
// batch that held its input or results would grow with the lines, a streaming one not.
func batchMemory(runs []rss) string {
	if len(runs) < 2 {
		return "One batch size only: no comparison of memory across sizes."
	}
	lo, hi := runs[0], runs[len(runs)-1]
	growth := 100 * (float64(hi.kb) - float64(lo.kb)) / float64(lo.kb)
	dir := "above"
	if growth < 0 {
		growth, dir = -growth, "below"
	}
	return fmt.Sprintf("Peak RSS at %s lines is %.0f%% %s that at %s lines, for %s times the lines.",
		hi.label, growth, dir, lo.label, ratioOfLabels(lo.label, hi.label))
}

// ratioOfLabels is hi/lo for labels that are line counts ("?" when one is not).
func ratioOfLabels(lo, hi string) string {
	a, errA := strconv.ParseFloat(lo, 64)
	b, errB := strconv.ParseFloat(hi, 64)
	if errA != nil || errB != nil || a == 0 {
		return "?"
	}
	return strconv.FormatFloat(b/a, 'f', -1, 64)
}
