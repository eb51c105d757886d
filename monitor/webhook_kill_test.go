package monitor_test

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
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/monitor/boltstore"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// senderEnv makes the test binary a webhook sender process (see TestMain): it opens the
// bbolt store named by senderDBEnv and delivers its pending events to the URL in
// senderURLEnv, as `monitor run --webhook` does, then exits.
const (
	senderEnv    = "CHAINSCREEN_TEST_WEBHOOK_SENDER"
	senderDBEnv  = "CHAINSCREEN_TEST_WEBHOOK_DB"
	senderURLEnv = "CHAINSCREEN_TEST_WEBHOOK_URL"
	hookConsumer = "hook"
)

func TestMain(m *testing.M) {
	if os.Getenv(senderEnv) == "1" {
		os.Exit(senderProcess())
	}
	os.Exit(m.Run())
}

// senderProcess is the sender of TestWebhookKilledDuringDelivery, in its own process.
func senderProcess() int {
	ctx := context.Background()
	st, err := boltstore.Open(ctx, os.Getenv(senderDBEnv), 5*time.Second)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	defer st.Close()
	h := &monitor.Webhook{URL: os.Getenv(senderURLEnv), Timeout: 30 * time.Second}
	n, err := monitor.New(st).Deliver(ctx, hookConsumer, h.Post)
	fmt.Printf("delivered %d\n", n)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 4
	}
	return 0
}

// receipt is one POST the receiver got.
type receipt struct {
	seq    uint64 // from the Chainscreen-Event-Seq header
	body   []byte
	bodyEv monitor.Event
}

// tornadoEvents registers n Tornado Cash addresses in st and screens them against the
// real 2024-12-19 excerpt, which lists them all: n NEWLY_SANCTIONED events, Seq 1..n.
func tornadoEvents(t *testing.T, st monitor.Store, n int) {
	t.Helper()
	ctx := context.Background()
	l, err := sanctions.Open(ctx, testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2024-12-19_tornado_cash.xml"))
	require.NoError(t, err)
	s, err := screen.New([]*sanctions.List{l})
	require.NoError(t, err)
	m := monitor.New(st)
	for _, a := range testdata.Lines(t, "lists", "tornado_cash", "ofac_tornado_cash_eth_addresses_2024-12-19.txt")[:n] {
		_, err := m.Add(ctx, address.ChainEVM, a, "customer")
		require.NoError(t, err)
	}
	evs, err := m.OnListChange(ctx, s)
	require.NoError(t, err)
	require.Len(t, evs, n)
}

// receiver is a webhook receiver that records every POST; onPost runs before it
// answers (and may keep the answer from reaching the sender).
func receiver(t *testing.T, onPost func(w http.ResponseWriter, r receipt)) (*httptest.Server, func() []receipt) {
	var mu sync.Mutex
	var got []receipt
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		rc := receipt{body: body}
		rc.seq, err = strconv.ParseUint(r.Header.Get("Chainscreen-Event-Seq"), 10, 64)
		if err != nil || json.Unmarshal(body, &rc.bodyEv) != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		got = append(got, rc)
		mu.Unlock()
		onPost(w, rc)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []receipt {
		mu.Lock()
		defer mu.Unlock()
		return append([]receipt(nil), got...)
	}
}

// checkAtLeastOnce asserts that the receipts are the events 1..n in order, with
// exactly the event dup received twice, byte for byte the same both times.
func checkAtLeastOnce(t *testing.T, got []receipt, n int, dup uint64) {
	t.Helper()
	var seqs []uint64
	first := map[uint64][]byte{}
	for _, rc := range got {
		seqs = append(seqs, rc.seq)
		assert.Equal(t, rc.seq, rc.bodyEv.Seq, "the header names the event of the body")
		if b, ok := first[rc.seq]; ok {
			assert.True(t, bytes.Equal(b, rc.body), "seq %d delivered again with another body", rc.seq)
		} else {
			first[rc.seq] = rc.body
		}
	}
	var want []uint64
	for s := uint64(1); s <= uint64(n); s++ {
		want = append(want, s)
		if s == dup {
			want = append(want, s)
		}
	}
	assert.Equal(t, want, seqs, "every event delivered, in order; only the one whose answer was lost twice")
}

// The sender process is killed (SIGKILL) while the receiver holds the POST of event 3:
// the receiver has the event, the sender never recorded the ack. The restarted sender
// delivers event 3 again, with the same sequence number and body, then the rest: at
// least once, nothing lost, de-duplicable on Chainscreen-Event-Seq.
func TestWebhookKilledDuringDelivery(t *testing.T) {
	const n, killAt = 5, 3
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "monitor.db")
	st, err := boltstore.Open(ctx, db, 0)
	require.NoError(t, err)
	tornadoEvents(t, st, n)
	require.NoError(t, st.Close())

	arrived := make(chan struct{})
	killed := make(chan struct{})
	var once sync.Once
	srv, receipts := receiver(t, func(w http.ResponseWriter, rc receipt) {
		if rc.seq != killAt {
			return
		}
		hold := false
		once.Do(func() { hold = true })
		if hold {
			close(arrived)
			<-killed // the sender dies before it reads the answer
		}
	})

	sender := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), senderEnv+"=1", senderDBEnv+"="+db, senderURLEnv+"="+srv.URL)
		cmd.Stderr = os.Stderr
		return cmd
	}

	first := sender()
	require.NoError(t, first.Start())
	select {
	case <-arrived:
	case <-time.After(30 * time.Second):
		_ = first.Process.Kill()
		t.Fatal("event 3 never reached the receiver")
	}
	require.NoError(t, first.Process.Kill())
	werr := first.Wait()
	close(killed)
	require.Error(t, werr, "the first sender was killed, not finished")
	assert.False(t, first.ProcessState.Success())

	st, err = boltstore.Open(ctx, db, 5*time.Second)
	require.NoError(t, err)
	cur, err := st.Cursor(ctx, hookConsumer)
	require.NoError(t, err)
	assert.Equal(t, uint64(killAt-1), cur, "the killed delivery was not recorded as delivered")
	require.NoError(t, st.Close())

	second := sender()
	var out bytes.Buffer
	second.Stdout = &out
	require.NoError(t, second.Run(), out.String())
	assert.Contains(t, out.String(), fmt.Sprintf("delivered %d", n-killAt+1))

	checkAtLeastOnce(t, receipts(), n, killAt)
	st, err = boltstore.Open(ctx, db, 5*time.Second)
	require.NoError(t, err)
	defer st.Close()
	cur, err = st.Cursor(ctx, hookConsumer)
	require.NoError(t, err)
	assert.Equal(t, uint64(n), cur)
}

// The receiver takes event 2 and drops the connection before it answers (the ack is
// lost on the way): the Webhook retries the same event, with the same sequence number,
// within the same delivery.
func TestWebhookAnswerLost(t *testing.T) {
	const n, dropAt = 5, 2
	ctx := context.Background()
	st := monitor.NewMemoryStore()
	tornadoEvents(t, st, n)
	var once sync.Once
	srv, receipts := receiver(t, func(w http.ResponseWriter, rc receipt) {
		if rc.seq != dropAt {
			return
		}
		once.Do(func() {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
		})
	})
	h := &monitor.Webhook{URL: srv.URL, Retries: 2, Wait: time.Millisecond}
	delivered, err := monitor.New(st).Deliver(ctx, hookConsumer, h.Post)
	require.NoError(t, err)
	assert.Equal(t, n, delivered)
	checkAtLeastOnce(t, receipts(), n, dropAt)
}
