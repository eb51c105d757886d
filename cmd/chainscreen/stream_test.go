package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// lazarusETH is the Lazarus Group address listed by OFAC (in the 2025-11-19 excerpt).
const lazarusETH = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"

// syncBuffer is a bytes.Buffer safe for a command writing while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func kafkaCluster(t *testing.T, topics ...string) string {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(3, topics...))
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return strings.Join(c.ListenAddrs(), ",")
}

func kafkaProduce(t *testing.T, brokers, topic string, values ...string) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(brokers, ",")...), kgo.DefaultProduceTopic(topic))
	require.NoError(t, err)
	defer cl.Close()
	for _, v := range values {
		require.NoError(t, cl.ProduceSync(context.Background(), &kgo.Record{Value: []byte(v)}).FirstErr())
	}
}

func txItem(i int, to string) string {
	return fmt.Sprintf(`{"type":"transaction","hash":"0x%064x","from_address":"0x%040x","to_address":%q,"value":1,"block_number":%d}`,
		i, 0x77+i, to, i)
}

// `stream` runs until its context is cancelled (SIGTERM in the binary), then commits,
// leaves the group and exits 0 with a summary; every item has a result on --out.
func TestStreamCommand(t *testing.T) {
	list := embeddedListArg
	brokers := kafkaCluster(t, "items", "results", "results.dlq")
	kafkaProduce(t, brokers, "items", txItem(1, lazarusETH), txItem(2, "0x0000000000000000000000000000000000000abc"), "not an item")

	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() {
		done <- runApp(ctx, &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, listURL: officialURL},
			[]string{"stream", "--brokers", brokers, "--group", "g", "--in", "items", "--out", "results", "--list", list})
	}()
	cl, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(brokers, ",")...), kgo.ConsumeTopics("results"),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	require.NoError(t, err)
	defer cl.Close()
	rctx, rcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer rcancel()
	var recs []*kgo.Record
	for len(recs) < 2 && rctx.Err() == nil {
		recs = append(recs, cl.PollFetches(rctx).Records()...)
	}
	cancel()
	code := <-done
	require.Len(t, recs, 2, stderr.String())
	assert.Equal(t, 0, code, stderr.String())
	assert.Contains(t, stderr.String(), "screened 2 items, 1 with hits, 1 dead letters")
	hits := 0
	for _, r := range recs {
		var res struct {
			TxID  string            `json:"txid"`
			Flags []string          `json:"flags"`
			Hits  []json.RawMessage `json:"hits"`
		}
		require.NoError(t, json.Unmarshal(r.Value, &res))
		assert.Equal(t, string(r.Key), res.TxID)
		hits += len(res.Hits)
	}
	assert.Equal(t, 1, hits)
}

// `stream --replay` reports what changed between the previous and the current lists for
// the items already in the topic, and exits 1 when something changed.
func TestStreamReplayCommand(t *testing.T) {
	prev := testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2024-12-19_tornado_cash.xml")
	cur := testdata.Path(t, "ofac", "excerpts", "sdn_advanced_excerpt_2025-11-19.xml")
	const tornadoPool = "0x12D66f87A04A9E220743712cE6d9bB1B5616B8Fc" // Tornado Cash 0.1 ETH pool
	brokers := kafkaCluster(t, "history")
	kafkaProduce(t, brokers, "history", txItem(1, tornadoPool), txItem(2, lazarusETH), txItem(3, "0x0000000000000000000000000000000000000abc"))
	code, out, errs := cli(t, "", "stream", "--replay", "--brokers", brokers, "--in", "history",
		"--previous-list", prev, "--list", cur)
	require.Equal(t, 1, code, errs)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2, out)
	kinds := map[string]string{}
	for _, l := range lines {
		var c struct {
			Kind string `json:"kind"`
			TxID string `json:"txid"`
		}
		require.NoError(t, json.Unmarshal([]byte(l), &c))
		kinds[c.TxID] = c.Kind
	}
	assert.Equal(t, map[string]string{
		fmt.Sprintf("0x%064x", 1): "no_longer_listed",
		fmt.Sprintf("0x%064x", 2): "newly_listed",
	}, kinds)
	assert.Contains(t, errs, "replayed 3 records (3 items, 0 not items): 2 changes")
}
