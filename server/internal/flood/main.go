// Command flood sends N concurrent batch POSTs of about SIZE bytes each to a running
// `chainscreen serve` and reports, from outside that process, its peak resident memory
// (VmHWM in /proc/PID/status, Linux) and the status codes it answered. It is the
// measurement behind the serve row of docs/RELIABILITY.md:
//
//	go build -o /tmp/cs ./cmd/chainscreen
//	/tmp/cs serve --addr 127.0.0.1:18080 --list ../shared/data/ofac/sdn_advanced/2025-11-19b.xml.bz2 &
//	go run ./server/internal/flood -url http://127.0.0.1:18080 -pid $! -n 300 -size 1048576
//
// Two body shapes (-shape): "pad" is 1,000 real-looking addresses padded with white
// space to SIZE; "long" is 1,000 strings of SIZE/1000 bytes (each echoed back in its
// result, the costlier shape).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8080", "server base URL")
	pid := flag.Int("pid", 0, "pid of the server process (for its peak RSS)")
	n := flag.Int("n", 300, "concurrent requests")
	size := flag.Int("size", 1<<20, "body size in bytes")
	shape := flag.String("shape", "pad", "body shape: pad or long")
	rounds := flag.Int("rounds", 3, "rounds of n concurrent requests")
	flag.Parse()

	body := makeBody(*shape, *size)
	before := hwm(*pid)
	codes := map[int]int{}
	var mu sync.Mutex
	tr := &http.Transport{MaxIdleConnsPerHost: *n, MaxConnsPerHost: 0}
	client := &http.Client{Transport: tr, Timeout: 120 * time.Second}
	start := time.Now()
	for range *rounds {
		var wg sync.WaitGroup
		gate := make(chan struct{})
		for range *n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-gate
				code := -1
				resp, err := client.Post(*url+"/v1/addresses", "application/json", bytes.NewReader(body))
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					code = resp.StatusCode
				}
				mu.Lock()
				codes[code]++
				mu.Unlock()
			}()
		}
		close(gate)
		wg.Wait()
	}
	took := time.Since(start)
	after := hwm(*pid)
	keys := make([]int, 0, len(codes))
	for k := range codes {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d:%d", k, codes[k]))
	}
	fmt.Printf("shape=%s n=%d rounds=%d size=%d took=%s codes=%s peak_rss_before=%dkB peak_rss_after=%dkB (%.0f MB)\n",
		*shape, *n, *rounds, len(body), took.Round(time.Millisecond), strings.Join(parts, ","), before, after, float64(after)/1024)
}

// makeBody builds a JSON array of 1,000 strings of about size bytes in all.
func makeBody(shape string, size int) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	const count = 1000
	for i := range count {
		if i > 0 {
			b.WriteByte(',')
		}
		switch shape {
		case "long":
			fmt.Fprintf(&b, "%q", strings.Repeat("x", size/count-3))
		default:
			fmt.Fprintf(&b, `"0x%040x"`, i+1)
		}
	}
	b.WriteByte(']')
	if b.Len() < size {
		b.WriteString(strings.Repeat(" ", size-b.Len()))
	}
	return b.Bytes()
}

// hwm returns VmHWM (peak resident set, kB) of pid, 0 when unknown.
func hwm(pid int) int {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb)
			return kb
		}
	}
	return 0
}
