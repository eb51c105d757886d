package pgstore_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/hooktest"
	"github.com/chainscreen/chainscreen/internal/pgtest"
	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/monitor/pgstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// senderProcess is the first instance of TestDeliveryFailover, in its own process, on
// the database named by hooktest.SenderStoreEnv.
func senderProcess() int {
	ctx := context.Background()
	st, err := pgstore.Open(ctx, os.Getenv(hooktest.SenderStoreEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	defer st.Close()
	return hooktest.Sender(ctx, st)
}

// Two instances deliver one database's events to one webhook. The first (a process of
// its own) is killed (SIGKILL) while the receiver holds the POST of event 3; the second
// instance, started meanwhile, waits on the delivery lock without sending anything,
// takes over when the dead session's lock goes, and delivers event 3 again (same Seq,
// same body), then 4 and 5: at least once across instances, nothing lost.
func TestDeliveryFailover(t *testing.T) {
	const n, killAt = 5, 3
	ctx := context.Background()
	dsn := pgtest.Start(t).DSN
	st, err := pgstore.Open(ctx, dsn)
	require.NoError(t, err)
	defer st.Close()
	hooktest.TornadoEvents(t, st, n)

	arrived, killed := make(chan struct{}), make(chan struct{})
	var once sync.Once
	rv := hooktest.New(t, func(w http.ResponseWriter, rc hooktest.Receipt) {
		if rc.Seq != killAt {
			return
		}
		hold := false
		once.Do(func() { hold = true })
		if hold {
			close(arrived)
			<-killed // the first instance dies before it reads the answer
		}
	})

	first := hooktest.SenderCommand(dsn, rv)
	require.NoError(t, first.Start())
	select {
	case <-arrived:
	case <-time.After(30 * time.Second):
		_ = first.Process.Kill()
		t.Fatal("event 3 never reached the receiver")
	}

	// The second instance starts delivering while the first holds the lock.
	type result struct {
		n   int
		err error
	}
	done := make(chan result, 1)
	go func() {
		h := &monitor.Webhook{URL: rv.URL, Timeout: 30 * time.Second}
		n, err := monitor.New(st).Deliver(ctx, hooktest.Consumer, h.Post)
		done <- result{n, err}
	}()
	time.Sleep(300 * time.Millisecond)
	assert.Equal(t, killAt, len(rv.Receipts()), "the second instance sent nothing while the first was delivering")

	require.NoError(t, first.Process.Kill())
	werr := first.Wait()
	close(killed)
	require.Error(t, werr, "the first instance was killed, not finished")

	select {
	case r := <-done:
		require.NoError(t, r.err)
		assert.Equal(t, n-killAt+1, r.n, "the second instance delivered event 3 again and the rest")
	case <-time.After(30 * time.Second):
		t.Fatal("the second instance never got the delivery lock")
	}
	hooktest.CheckAtLeastOnce(t, rv.Receipts(), n, killAt)
	cur, err := st.Cursor(ctx, hooktest.Consumer)
	require.NoError(t, err)
	assert.Equal(t, uint64(n), cur)
}
