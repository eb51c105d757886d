// Command rss measures the reader's memory on a large export, from a separate process
// (run it under /usr/bin/time -v; see docs in the package's bench_test.go):
//
//	go run ./sanctions/opensanctions/testdata/rss gen /tmp/big.ftm.json 1000000
//	/usr/bin/time -v go run ... read /tmp/big.ftm.json seek|spool
//	/usr/bin/time -v go run ... scan /tmp/big.ftm.json
//
// gen writes ../shared/data/lists/opensanctions/entities.ftm.json with N synthetic
// entities without wallets (Person and Sanction lines, about 350 bytes each) in front
// of it: the shape of a full export, where crypto-bearing entities are a small share.
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"

	"github.com/chainscreen/chainscreen/sanctions/opensanctions"
)

type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(b []byte) (int, error) { return o.r.Read(b) }

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: rss gen OUT N | read FILE seek|spool | scan FILE")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "gen":
		n, _ := strconv.Atoi(os.Args[3])
		out, err := os.Create(os.Args[2])
		check(err)
		w := bufio.NewWriterSize(out, 1<<20)
		for i := range n {
			if i%2 == 0 {
				fmt.Fprintf(w, `{"id":"filler-p-%d","caption":"Filler Person %d","schema":"Person","properties":{"name":["Filler Person %d"],"birthDate":["1970-01-01"],"nationality":["xx"],"topics":["sanction"],"idNumber":["%09d"]},"referents":[],"datasets":["filler"],"first_seen":"2025-01-01T00:00:00","last_seen":"2025-01-01T00:00:00","last_change":"2025-01-01T00:00:00","target":true}`+"\n", i, i, i, i)
			} else {
				fmt.Fprintf(w, `{"id":"filler-s-%d","caption":"Filler programme","schema":"Sanction","properties":{"entity":["filler-p-%d"],"authority":["Filler authority"],"program":["Filler programme"],"startDate":["2020-01-01"]},"referents":[],"datasets":["filler"],"first_seen":"2025-01-01T00:00:00","last_seen":"2025-01-01T00:00:00","last_change":"2025-01-01T00:00:00","target":false}`+"\n", i, i-1)
			}
		}
		in, err := os.Open("../shared/data/lists/opensanctions/entities.ftm.json")
		check(err)
		_, err = io.Copy(w, in)
		check(err)
		check(w.Flush())
		check(out.Close())
	case "read":
		f, err := os.Open(os.Args[2])
		check(err)
		var r io.Reader = f
		if len(os.Args) > 3 && os.Args[3] == "spool" {
			r = onlyReader{f}
		}
		l, err := opensanctions.Read(context.Background(), r)
		check(err)
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Printf("values %d entities %d issues %d; heap in use %d MB, total allocated %d MB\n",
			len(l.Addresses), len(l.Entities), len(l.Issues), ms.HeapInuse>>20, ms.TotalAlloc>>20)
	case "scan":
		f, err := os.Open(os.Args[2])
		check(err)
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<26)
		n := 0
		for sc.Scan() {
			n++
		}
		check(sc.Err())
		fmt.Println("lines", n)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
