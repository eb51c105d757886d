package monitor_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/hooktest"
	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/monitor/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) {
	if os.Getenv(hooktest.SenderEnv) == "1" {
		os.Exit(senderProcess())
	}
	os.Exit(m.Run())
}

// senderProcess is the sender of TestWebhookKilledDuringDelivery, in its own process,
// over the bbolt file named by hooktest.SenderStoreEnv.
func senderProcess() int {
	ctx := context.Background()
	st, err := boltstore.Open(ctx, os.Getenv(hooktest.SenderStoreEnv), 5*time.Second)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	defer st.Close()
	return hooktest.Sender(ctx, st)
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
	hooktest.TornadoEvents(t, st, n)
	require.NoError(t, st.Close())

	arrived := make(chan struct{})
	killed := make(chan struct{})
	var once sync.Once
	rv := hooktest.New(t, func(w http.ResponseWriter, rc hooktest.Receipt) {
		if rc.Seq != killAt {
			return
		}
		hold := false
		once.Do(func() { hold = true })
		if hold {
			close(arrived)
			<-killed // the sender dies before it reads the answer
		}
	})

	sender := func() *exec.Cmd { return hooktest.SenderCommand(db, rv) }

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
	cur, err := st.Cursor(ctx, hooktest.Consumer)
	require.NoError(t, err)
	assert.Equal(t, uint64(killAt-1), cur, "the killed delivery was not recorded as delivered")
	require.NoError(t, st.Close())

	second := sender()
	var out bytes.Buffer
	second.Stdout = &out
	require.NoError(t, second.Run(), out.String())
	assert.Contains(t, out.String(), fmt.Sprintf("delivered %d", n-killAt+1))

	hooktest.CheckAtLeastOnce(t, rv.Receipts(), n, killAt)
	st, err = boltstore.Open(ctx, db, 5*time.Second)
	require.NoError(t, err)
	defer st.Close()
	cur, err = st.Cursor(ctx, hooktest.Consumer)
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
	hooktest.TornadoEvents(t, st, n)
	var once sync.Once
	rv := hooktest.New(t, func(w http.ResponseWriter, rc hooktest.Receipt) {
		if rc.Seq != dropAt {
			return
		}
		once.Do(func() {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
		})
	})
	h := &monitor.Webhook{URL: rv.URL, Retries: 2, Wait: time.Millisecond}
	delivered, err := monitor.New(st).Deliver(ctx, hooktest.Consumer, h.Post)
	require.NoError(t, err)
	assert.Equal(t, n, delivered)
	hooktest.CheckAtLeastOnce(t, rv.Receipts(), n, dropAt)
}
