package pgstore_test

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/internal/hooktest"
	"github.com/chainscreen/chainscreen/internal/pgtest"
	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/monitor/pgstore"
	"github.com/chainscreen/chainscreen/sanctions"
	_ "github.com/chainscreen/chainscreen/sanctions/all" // the list formats read by these tests
	"github.com/chainscreen/chainscreen/screen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) {
	if os.Getenv(hooktest.SenderEnv) == "1" {
		os.Exit(senderProcess())
	}
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

const (
	tornadoPool = "0x12D66f87A04A9E220743712cE6d9bB1B5616B8Fc" // in the 2024-12-19 Tornado Cash excerpt only
	lazarus     = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96" // in the 2025-11-19 excerpt only
)

// Three monitor instances (each with its own connection pool, as three processes would
// have) share one database and handle the same list changes at the same time: each
// change produces each event once.
func TestInstancesShareOneDatabase(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Start(t).DSN
	var mons []*monitor.Monitor
	for i := 0; i < 3; i++ {
		st, err := pgstore.Open(ctx, dsn)
		require.NoError(t, err)
		t.Cleanup(func() { st.Close() })
		mons = append(mons, monitor.New(st))
	}
	for _, a := range []string{tornadoPool, lazarus, "0x0000000000000000000000000000000000000abc"} {
		_, err := mons[0].Add(ctx, address.ChainEVM, a, "customer")
		require.NoError(t, err)
	}
	regs, err := mons[2].List(ctx)
	require.NoError(t, err)
	require.Len(t, regs, 3, "a registration made by one instance is seen by the others")

	change := func(elem ...string) []monitor.Event {
		l, err := sanctions.Open(ctx, testdata.Path(t, elem...))
		require.NoError(t, err)
		s, err := screen.New([]*sanctions.List{l})
		require.NoError(t, err)
		var wg sync.WaitGroup
		var mu sync.Mutex
		var all []monitor.Event
		for _, m := range mons {
			wg.Add(1)
			go func() {
				defer wg.Done()
				evs, err := m.OnListChange(ctx, s)
				assert.NoError(t, err)
				mu.Lock()
				all = append(all, evs...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		return all
	}
	first := change("ofac", "excerpts", "sdn_advanced_excerpt_2024-12-19_tornado_cash.xml")
	require.Len(t, first, 1, "one NEWLY_SANCTIONED (first screen) for the Tornado Cash pool, from one instance")
	assert.Equal(t, monitor.EventNewlySanctioned, first[0].Type)
	assert.True(t, first[0].FirstScreen)

	second := change("ofac", "excerpts", "sdn_advanced_excerpt_2025-11-19.xml")
	types := map[monitor.EventType]string{}
	for _, e := range second {
		types[e.Type] = e.Address
	}
	require.Len(t, second, 2, "%+v", second)
	assert.Equal(t, map[monitor.EventType]string{monitor.EventDelisted: tornadoPool, monitor.EventNewlySanctioned: lazarus}, types)

	log, err := mons[1].Events(ctx, 0, 0)
	require.NoError(t, err)
	assert.Len(t, log, 3)
	for i, e := range log {
		assert.Equal(t, uint64(i+1), e.Seq)
	}
}

func TestSchemaVersion(t *testing.T) {
	ctx := context.Background()
	st, err := pgstore.Open(ctx, pgtest.Start(t).DSN)
	require.NoError(t, err)
	defer st.Close()
	v, err := st.SchemaVersion(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, v)
}

func TestOpenErrors(t *testing.T) {
	_, err := pgstore.Open(context.Background(), "postgres://user:s3cret@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret", "the password is never echoed")
}

// Three instances deliver the same consumer's events at the same time: each event is
// sent once, by one of them, in Seq order.
func TestDeliveryOnceAcrossInstances(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Start(t).DSN
	var mons []*monitor.Monitor
	for i := 0; i < 3; i++ {
		st, err := pgstore.Open(ctx, dsn)
		require.NoError(t, err)
		t.Cleanup(func() { st.Close() })
		mons = append(mons, monitor.New(st))
	}
	addrs := testdata.Lines(t, "lists", "tornado_cash", "ofac_tornado_cash_eth_addresses_2024-12-19.txt")[:20]
	for _, a := range addrs {
		_, err := mons[0].Add(ctx, address.ChainEVM, a, "customer")
		require.NoError(t, err)
	}
	l, err := sanctions.Open(ctx, testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2024-12-19_tornado_cash.xml"))
	require.NoError(t, err)
	s, err := screen.New([]*sanctions.List{l})
	require.NoError(t, err)
	evs, err := mons[1].OnListChange(ctx, s)
	require.NoError(t, err)
	require.Len(t, evs, len(addrs))

	var mu sync.Mutex
	var sent []uint64
	var wg sync.WaitGroup
	for _, m := range mons {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := m.Deliver(ctx, "hook", func(_ context.Context, e monitor.Event) error {
				mu.Lock()
				sent = append(sent, e.Seq)
				mu.Unlock()
				return nil
			})
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	require.Len(t, sent, len(addrs), "each event sent once across the instances")
	for i, seq := range sent {
		assert.Equal(t, uint64(i+1), seq)
	}
}
