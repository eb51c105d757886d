package stream

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/twmb/franz-go/pkg/kgo"
)

// BenchmarkStream measures items per second through a 1-broker kfake cluster: Run
// consuming, screening and producing (with and without produce acks), against the bare
// cost of the same consume → produce → commit loop without decoding or screening.
// b.N items per run; report items/s.
func BenchmarkStream(b *testing.B) {
	s := newScreener(b, openList(b, "ofac", "excerpts", "sdn_advanced_excerpt_2025-11-19.xml"))
	for _, mode := range []string{"screen-acks", "screen-noacks", "bare-passthrough"} {
		b.Run(mode, func(b *testing.B) {
			brokers := cluster(b, 1, 4, "in", "out", "out.dlq")
			items, _ := ethItems(b.N)
			produce(b, brokers, "in", items)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			b.ResetTimer()
			start := time.Now()
			done := make(chan error, 1)
			if mode == "bare-passthrough" {
				go func() { done <- passthrough(ctx, brokers) }()
			} else {
				cfg := Config{Brokers: brokers, Group: "bench", In: "in", Out: "out", NoAcks: mode == "screen-noacks"}
				go func() { _, err := Run(ctx, s, cfg); done <- err }()
			}
			readAll(b, brokers, "out", b.N, 5*time.Minute)
			el := time.Since(start)
			b.StopTimer()
			cancel()
			if err := <-done; err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/el.Seconds(), "items/s")
		})
	}
}

// passthrough is the bare Kafka work of Run: poll, produce every value unchanged with
// acks, commit.
func passthrough(ctx context.Context, brokers []string) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumerGroup("bare"), kgo.ConsumeTopics("in"),
		kgo.DisableAutoCommit(), kgo.BlockRebalanceOnPoll(), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.ProducerLinger(0), kgo.RequiredAcks(kgo.AllISRAcks()))
	if err != nil {
		return err
	}
	defer cl.Close()
	for {
		fs := cl.PollRecords(ctx, DefaultMaxPoll)
		if ctx.Err() != nil || fs.IsClientClosed() {
			cl.AllowRebalance() // or Close blocks leaving the group
			return nil
		}
		recs := fs.Records()
		out := make([]*kgo.Record, len(recs))
		for i, r := range recs {
			out[i] = &kgo.Record{Topic: "out", Key: r.Key, Value: r.Value}
		}
		work := context.WithoutCancel(ctx)
		if err := cl.ProduceSync(work, out...).FirstErr(); err != nil {
			return err
		}
		if err := cl.CommitRecords(work, recs...); err != nil {
			return err
		}
		cl.AllowRebalance()
	}
}

// BenchmarkScreenItem is the per-item cost without Kafka: decode + screen + encode.
func BenchmarkScreenItem(b *testing.B) {
	s := newScreener(b, openList(b, "ofac", "excerpts", "sdn_advanced_excerpt_2025-11-19.xml"))
	items, _ := ethItems(1000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		it, err := DecodeItem(items[i%len(items)], address.ChainUnknown)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ScreenItem(context.Background(), s, it); err != nil {
			b.Fatal(fmt.Sprint(err))
		}
	}
}
