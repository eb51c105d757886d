package stream

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/listtest"
	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	_ "github.com/chainscreen/chainscreen/sanctions/all" // the list formats read by these tests
	"github.com/chainscreen/chainscreen/screen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

const lazarus = "0x098b716b8aaf21512996dc57eb0615e2383e2f96"

func openList(t testing.TB, elem ...string) *sanctions.List {
	t.Helper()
	l, err := sanctions.Open(context.Background(), testdata.Path(t, elem...))
	require.NoError(t, err)
	return l
}

func newScreener(t testing.TB, lists ...*sanctions.List) *screen.Screener {
	t.Helper()
	s, err := screen.New(lists)
	require.NoError(t, err)
	return s
}

// cluster starts an in-process Kafka cluster (franz-go's kfake: the Kafka protocol over
// TCP on loopback) with the given topics.
func cluster(t testing.TB, brokers int, partitions int32, topics ...string) []string {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(brokers), kfake.SeedTopics(partitions, topics...))
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}

func produce(t testing.TB, brokers []string, topic string, values [][]byte) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic))
	require.NoError(t, err)
	defer cl.Close()
	recs := make([]*kgo.Record, len(values))
	for i, v := range values {
		recs[i] = &kgo.Record{Key: []byte(fmt.Sprint(i)), Value: v}
	}
	require.NoError(t, cl.ProduceSync(context.Background(), recs...).FirstErr())
}

// readAll reads a topic from the start until want records arrived or the deadline.
func readAll(t testing.TB, brokers []string, topic string, want int, within time.Duration) []*kgo.Record {
	t.Helper()
	return readUntil(t, brokers, topic, func(rs []*kgo.Record) bool { return len(rs) >= want }, within)
}

// distinctItems reports whether the records carry want distinct item ids.
func distinctItems(want int) func([]*kgo.Record) bool {
	return func(rs []*kgo.Record) bool {
		m := map[string]bool{}
		for _, r := range rs {
			m[header(r, HeaderItem)] = true
		}
		return len(m) >= want
	}
}

// readUntil reads a topic from the start until done says so or the deadline.
func readUntil(t testing.TB, brokers []string, topic string, done func([]*kgo.Record) bool, within time.Duration) []*kgo.Record {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	require.NoError(t, err)
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	var out []*kgo.Record
	for !done(out) && ctx.Err() == nil {
		out = append(out, cl.PollFetches(ctx).Records()...)
	}
	return out
}

func header(r *kgo.Record, key string) string {
	for _, h := range r.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

// itemID is the item_id ethItems writes into item i (as blockchain-etl stream does).
func itemID(i int, hash string) string {
	switch i % 3 {
	case 0:
		return "transaction_" + hash
	case 1:
		return fmt.Sprintf("token_transfer_%s_%d", hash, i)
	}
	return "trace_call_" + hash + "_0"
}

// ethItems returns n blockchain-etl items, every 10th touching the Lazarus Group
// address (as sender, recipient, token recipient or internal recipient in turn), and the
// ids of those that do.
func ethItems(n int) (items [][]byte, listed map[string]bool) {
	listed = map[string]bool{}
	for i := 0; i < n; i++ {
		from := fmt.Sprintf("0x%040x", 0x1000+i)
		to := fmt.Sprintf("0x%040x", 0x900000+i)
		hash := fmt.Sprintf("0x%064x", i)
		touch := i%10 == 0
		var b string
		switch i % 3 {
		case 0:
			if touch && i%20 == 0 {
				from = lazarus
			} else if touch {
				to = lazarus
			}
			b = fmt.Sprintf(`{"type":"transaction","hash":%q,"from_address":%q,"to_address":%q,"value":1,"block_number":%d,"item_id":"transaction_%s"}`,
				hash, from, to, i, hash)
		case 1:
			if touch {
				to = lazarus
			}
			b = fmt.Sprintf(`{"type":"token_transfer","token_address":"0xdac17f958d2ee523a2206206994597c13d831ec7","from_address":%q,"to_address":%q,"value":5,"transaction_hash":%q,"log_index":%d,"block_number":%d,"item_id":"token_transfer_%s_%d"}`,
				from, to, hash, i, i, hash, i)
		default:
			if touch {
				to = lazarus
			}
			b = fmt.Sprintf(`{"type":"trace","transaction_hash":%q,"from_address":%q,"to_address":%q,"value":9,"trace_type":"call","call_type":"call","trace_address":[0],"block_number":%d,"trace_id":"call_%s_0","item_id":%q}`,
				hash, from, to, i, hash, itemID(i, hash))
		}
		items = append(items, []byte(b))
		if touch {
			listed[itemID(i, hash)] = true
		}
	}
	return items, listed
}

// Three consumers in one group on a 3-broker cluster with 6 partitions; one of them dies
// after producing a poll's results and before committing it (the worst moment). The
// group rebalances, the survivors screen the dead member's uncommitted poll again, and
// every input item ends up with a result: exactly one distinct result per item, and
// exactly the dead poll's results duplicated (at-least-once, idempotent by key and item).
func TestGroupSurvivesAKilledConsumer(t *testing.T) {
	const n = 1200
	brokers := cluster(t, 3, 6, "in", "out", "out.dlq")
	items, listed := ethItems(n)
	malformed := [][]byte{[]byte("not json"), []byte(`{"type":"transaction","hash":"0x1"}`), []byte(`{"hash":"0x2"}`)}
	produce(t, brokers, "in", append(items, malformed...))

	s := newScreener(t, listtest.Embedded(t))
	base := Config{Brokers: brokers, Group: "screeners", In: "in", Out: "out", MaxPoll: 40,
		ClientOptions: []kgo.Opt{kgo.FetchMaxBytes(4 << 10), kgo.FetchMaxPartitionBytes(2 << 10)}}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var killedAt int // results of the poll produced but never committed
	var errs []error
	start := func(name string, cfg Config) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := Run(ctx, s, cfg)
			mu.Lock()
			defer mu.Unlock()
			t.Logf("%s: %+v err=%v", name, st, err)
			if err != nil && name != "victim" {
				errs = append(errs, err)
			}
		}()
	}
	// The victim starts alone (so that it surely owns records), the others join after its
	// first poll; it dies at its third, after producing and before committing.
	victim := base
	polls := 0
	victim.AfterProduce = func(results int) error {
		polls++
		if polls == 1 {
			start("a", base)
			start("b", base)
		}
		if polls == 3 {
			mu.Lock()
			killedAt = results
			mu.Unlock()
			return fmt.Errorf("killed after producing %d results", results)
		}
		return nil
	}
	start("victim", victim)

	out := readUntil(t, brokers, "out", distinctItems(n), 90*time.Second)
	dead := readAll(t, brokers, "out.dlq", len(malformed), 30*time.Second)
	cancel()
	wg.Wait()
	// What arrived after the survivors stopped (the last polls' results).
	out = readUntil(t, brokers, "out", func(rs []*kgo.Record) bool { return len(rs) >= len(out) }, 10*time.Second)
	dead = readUntil(t, brokers, "out.dlq", func(rs []*kgo.Record) bool { return len(rs) >= len(dead) }, 10*time.Second)
	require.Empty(t, errs)

	seen := map[string]int{}
	hits := 0
	for _, r := range out {
		id := header(r, HeaderItem)
		seen[id]++
		if seen[id] > 1 {
			continue
		}
		var res Result
		require.NoError(t, json.Unmarshal(r.Value, &res))
		require.Equal(t, id, res.ItemID)
		require.Equal(t, string(r.Key), res.TxID, "keyed by transaction hash")
		if listed[id] {
			require.NotEmpty(t, res.Hits, id)
			assert.Contains(t, res.Flags, screen.FlagSanctioned, id)
			assert.Equal(t, lazarus, lowerHex(res.Hits[0].Address), id)
			hits++
		} else {
			assert.Empty(t, res.Hits, id)
		}
	}
	assert.Equal(t, n, len(seen), "one distinct result per input item")
	assert.Equal(t, len(listed), hits)
	mu.Lock()
	t.Logf("results %d for %d items; duplicates %d; the killed poll had %d results", len(out), n, len(out)-n, killedAt)
	require.Positive(t, killedAt, "the victim was killed after producing a poll")
	mu.Unlock()
	// The killed poll's records (results and dead letters) were produced twice: once by
	// the victim, once by the member that took its partitions over.
	assert.Equal(t, killedAt, len(out)+len(dead)-n-len(malformed), "exactly the killed poll was screened again")

	deadSrc := map[string]bool{}
	for _, r := range dead {
		assert.NotEmpty(t, header(r, HeaderError))
		deadSrc[header(r, HeaderSource)] = true
	}
	assert.Len(t, deadSrc, len(malformed), "each malformed message is a dead letter once (per source offset)")
}

func lowerHex(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'F' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// A screening error (here: a stale list in strict mode) stops Run without committing:
// nothing is reported clean, and the items are still there for the next consumer.
func TestScreeningFailureCommitsNothing(t *testing.T) {
	brokers := cluster(t, 1, 2, "in", "out")
	items, _ := ethItems(20)
	produce(t, brokers, "in", items)
	l := listtest.Embedded(t)
	strict, err := screen.New([]*sanctions.List{l}, screen.WithMaxAge(24*time.Hour), screen.WithStrict(true))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = Run(ctx, strict, Config{Brokers: brokers, Group: "g", In: "in", Out: "out"})
	require.ErrorIs(t, err, screen.ErrStale)
	assert.Empty(t, readAll(t, brokers, "out", 1, 2*time.Second), "no result produced")

	// A healthy consumer in the same group gets every item: nothing was committed.
	ctx2, cancel2 := context.WithCancel(context.Background())
	done := make(chan Stats)
	go func() {
		st, _ := Run(ctx2, newScreener(t, l), Config{Brokers: brokers, Group: "g", In: "in", Out: "out"})
		done <- st
	}()
	got := readAll(t, brokers, "out", len(items), 30*time.Second)
	cancel2()
	st := <-done
	assert.Len(t, got, len(items))
	assert.Equal(t, len(items), st.Items)
}

func TestConfigErrors(t *testing.T) {
	s := &screen.Screener{}
	for _, cfg := range []Config{{}, {Brokers: []string{"x"}}, {Brokers: []string{"x"}, Group: "g", In: "a"},
		{Brokers: []string{"x"}, Group: "g", In: "a", Out: "a"}} {
		_, err := Run(context.Background(), s, cfg)
		assert.ErrorIs(t, err, ErrConfig)
	}
}

// Look-back: history screened under the 2024-12-19 publication is replayed under
// 2025-11-19b. Expected numbers come from stream/testdata/evm_values.py (an independent
// Python read of both XML files): of the 77 ETH values of 2025-11-19b (brave-intl's
// extraction) 14 were not listed on 2024-12-19; the 90 Tornado Cash addresses were
// listed on 2024-12-19 and none is on 2025-11-19b.
func TestReplayReportsWhatChanged(t *testing.T) {
	const newSince20241219, tornado = 14, 90
	eth := readLines(t, "lists", "brave-intl", "sanctioned_addresses_ETH.txt")
	tc := readLines(t, "lists", "tornado_cash", "ofac_tornado_cash_eth_addresses_2024-12-19.txt")
	require.Len(t, eth, 77)
	require.Len(t, tc, tornado)
	var items [][]byte
	for i, a := range append(append([]string{}, eth...), tc...) {
		items = append(items, []byte(fmt.Sprintf(
			`{"type":"transaction","hash":"0x%064x","from_address":"0x%040x","to_address":%q,"value":1,"block_number":%d}`, i, i+1, a, i)))
	}
	for i := 0; i < 50; i++ { // controls
		items = append(items, []byte(fmt.Sprintf(`{"type":"transaction","hash":"0x%064x","from_address":"0x%040x","to_address":"0x%040x","value":1}`,
			1000+i, 0x5000+i, 0x6000+i)))
	}
	items = append(items, []byte("garbage"))
	brokers := cluster(t, 3, 6, "history")
	produce(t, brokers, "history", items)

	old := newScreener(t, openList(t, "ofac", "sdn_advanced", "2024-12-19.xml.bz2"))
	cur := newScreener(t, openList(t, "ofac", "sdn_advanced", "2025-11-19b.xml.bz2"))
	var listedNow, unlisted []Change
	st, err := Replay(context.Background(), old, cur, ReplayConfig{Brokers: brokers, Topic: "history"}, func(c Change) error {
		switch c.Kind {
		case ChangeListed:
			listedNow = append(listedNow, c)
		case ChangeUnlisted:
			unlisted = append(unlisted, c)
		}
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, len(items), st.Records)
	assert.Equal(t, 1, st.Malformed)
	assert.Len(t, distinctTx(listedNow), newSince20241219)
	assert.Len(t, distinctTx(unlisted), tornado)
	for _, c := range listedNow {
		assert.Equal(t, "2025-11-19", c.Publication.Published, "the publication that caused it")
		assert.Equal(t, screen.RoleRecipient, c.Hit.Role)
	}
	for _, c := range unlisted {
		assert.Contains(t, c.Hit.Entity.Name, "TORNADO")
		assert.Equal(t, "2025-11-19", c.Publication.Published)
	}
}

func distinctTx(cs []Change) map[string]bool {
	m := map[string]bool{}
	for _, c := range cs {
		m[c.TxID] = true
	}
	return m
}

func readLines(t testing.TB, elem ...string) []string {
	t.Helper()
	f, err := os.Open(testdata.Path(t, elem...))
	require.NoError(t, err)
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" {
			out = append(out, l)
		}
	}
	require.NoError(t, sc.Err())
	return out
}
