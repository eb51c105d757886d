package main

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
)

// BenchmarkBatchFile screens the file $CHAINSCREEN_BATCH_INPUT (one address per line)
// against $CHAINSCREEN_BATCH_LIST, output discarded: the whole batch command minus the
// process start (bench/batch measures the process).
func BenchmarkBatchFile(b *testing.B) {
	in, list := os.Getenv("CHAINSCREEN_BATCH_INPUT"), os.Getenv("CHAINSCREEN_BATCH_LIST")
	if in == "" || list == "" {
		b.Skip("set CHAINSCREEN_BATCH_INPUT and CHAINSCREEN_BATCH_LIST")
	}
	for i := 0; i < b.N; i++ {
		code := run(context.Background(), []string{"batch", "--list", list, "--input", in}, strings.NewReader(""), io.Discard, io.Discard)
		if code > 1 {
			b.Fatal(code)
		}
	}
}
