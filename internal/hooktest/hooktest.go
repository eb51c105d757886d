// Package hooktest is a webhook receiver for the tests of monitor.Webhook delivery: an
// httptest server that records every POST (its Chainscreen-Event-Seq header and body),
// and the check that a series of receipts is at-least-once delivery of events 1..n.
package hooktest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
)

// Receipt is one POST the receiver got.
type Receipt struct {
	// Seq is the Chainscreen-Event-Seq header.
	Seq uint64
	// Body is the request body.
	Body []byte
	// Event is Body decoded.
	Event monitor.Event
}

// Receiver is a webhook receiver on a loopback port.
type Receiver struct {
	// URL is the receiver's address.
	URL string

	mu  sync.Mutex
	got []Receipt
}

// New starts a receiver, closed at the end of the test. onPost (optional) runs for every
// POST after it was recorded and before it is answered 200: it may hold the answer back
// or drop the connection.
func New(t testing.TB, onPost func(w http.ResponseWriter, rc Receipt)) *Receiver {
	rv := &Receiver{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		rc := Receipt{Body: body}
		rc.Seq, err = strconv.ParseUint(r.Header.Get("Chainscreen-Event-Seq"), 10, 64)
		if err != nil || json.Unmarshal(body, &rc.Event) != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		rv.mu.Lock()
		rv.got = append(rv.got, rc)
		rv.mu.Unlock()
		if onPost != nil {
			onPost(w, rc)
		}
	}))
	t.Cleanup(srv.Close)
	rv.URL = srv.URL
	return rv
}

// Receipts returns the POSTs received so far, in arrival order.
func (rv *Receiver) Receipts() []Receipt {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	return slices.Clone(rv.got)
}

// CheckAtLeastOnce fails t unless the receipts are the events 1..n in order, with the
// event dup (and only it) received twice, byte for byte the same both times, and every
// header naming the event of its body: at-least-once delivery with a stable sequence
// number, nothing lost. dup 0: every event exactly once.
func CheckAtLeastOnce(t testing.TB, got []Receipt, n int, dup uint64) {
	t.Helper()
	var seqs, want []uint64
	first := map[uint64][]byte{}
	for _, rc := range got {
		seqs = append(seqs, rc.Seq)
		if rc.Seq != rc.Event.Seq {
			t.Errorf("Chainscreen-Event-Seq %d on the body of event %d", rc.Seq, rc.Event.Seq)
		}
		if b, ok := first[rc.Seq]; !ok {
			first[rc.Seq] = rc.Body
		} else if !bytes.Equal(b, rc.Body) {
			t.Errorf("event %d delivered again with another body:\n%s\n%s", rc.Seq, b, rc.Body)
		}
	}
	for s := uint64(1); s <= uint64(n); s++ {
		want = append(want, s)
		if s == dup {
			want = append(want, s)
		}
	}
	if !slices.Equal(seqs, want) {
		t.Errorf("received events %v, want %v (every event, in order; only %d twice)", seqs, want, dup)
	}
}

// Environment of a sender process (Sender): a test binary whose TestMain sees
// SenderEnv=1 opens the store named by SenderStoreEnv and delivers to SenderURLEnv.
const (
	SenderEnv      = "CHAINSCREEN_TEST_WEBHOOK_SENDER"
	SenderStoreEnv = "CHAINSCREEN_TEST_WEBHOOK_STORE"
	SenderURLEnv   = "CHAINSCREEN_TEST_WEBHOOK_URL"
	// Consumer is the delivery cursor the sender processes use.
	Consumer = "hook"
)

// Sender delivers every pending event of st to the webhook at SenderURLEnv, as
// `monitor run --webhook` does, prints "delivered N" and returns the exit code of the
// sender process: 0, or 4 when a delivery failed.
func Sender(ctx context.Context, st monitor.Store) int {
	h := &monitor.Webhook{URL: os.Getenv(SenderURLEnv), Timeout: 30 * time.Second}
	n, err := monitor.New(st).Deliver(ctx, Consumer, h.Post)
	fmt.Printf("delivered %d\n", n)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 4
	}
	return 0
}

// SenderCommand returns the command that runs the test binary as a sender process for
// the store store (a path or a DSN) and the receiver rv.
func SenderCommand(store string, rv *Receiver) *exec.Cmd {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), SenderEnv+"=1", SenderStoreEnv+"="+store, SenderURLEnv+"="+rv.URL)
	cmd.Stderr = os.Stderr
	return cmd
}

// TornadoEvents registers the first n Tornado Cash addresses of the shared data's address
// file in st and screens them against the real 2024-12-19 OFAC excerpt, which lists them
// all (monitor/testdata/count_tornado.py): n NEWLY_SANCTIONED events, Seq 1..n.
func TornadoEvents(t testing.TB, st monitor.Store, n int) {
	t.Helper()
	ctx := context.Background()
	l, err := sanctions.Open(ctx, testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2024-12-19_tornado_cash.xml"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := screen.New([]*sanctions.List{l})
	if err != nil {
		t.Fatal(err)
	}
	m := monitor.New(st)
	for _, a := range testdata.Lines(t, "lists", "tornado_cash", "ofac_tornado_cash_eth_addresses_2024-12-19.txt")[:n] {
		if _, err := m.Add(ctx, address.ChainEVM, a, "customer"); err != nil {
			t.Fatal(err)
		}
	}
	evs, err := m.OnListChange(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != n {
		t.Fatalf("%d events for %d Tornado Cash addresses on the 2024-12-19 list", len(evs), n)
	}
}
