// Command report turns `go test -bench` output into docs/PERFORMANCE.md: medians of
// every metric per benchmark, and the ratio of each chainscreen benchmark to the bare
// cost of the same work by the dependencies, measured in the same run.
//
//	report -env ENVFILE -cmd "COMMAND" < bench-output > docs/PERFORMANCE.md
//
// bench/run calls it; see there.
package main
