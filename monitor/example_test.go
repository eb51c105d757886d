package monitor_test

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
)

// Watch a customer's deposit address beside the lists in service: the address is
// screened as soon as it is registered, and every event is delivered to the sink
// (here printed; monitor.Webhook.Post in production) with its stable sequence number.
func ExampleMonitor_Watch() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	// One listed value: the Lazarus Group address of the OFAC SDN list.
	party := &sanctions.Entity{ID: "27307", Name: "Lazarus Group", Type: "entity", Programs: []string{"DPRK3"}}
	list := sanctions.NewList(sanctions.Source{Name: "OFAC SDN", Format: "example",
		Published: time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC), SHA256: "36c5"},
		[]sanctions.ListedAddress{{Ticker: "ETH", Value: "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", Entity: party}})
	s, err := screen.New([]*sanctions.List{list})
	if err != nil {
		fmt.Println(err)
		return
	}

	delivered := make(chan struct{})
	m := monitor.New(monitor.NewMemoryStore(), monitor.WithLogger(slog.New(slog.DiscardHandler)),
		monitor.WithDelivery("example", func(_ context.Context, e monitor.Event) error {
			fmt.Println(e.Seq, e.Type, e.Label, e.Hits[0].Entity.Name, "first screen:", e.FirstScreen)
			close(delivered)
			return nil
		}))
	done := make(chan error, 1)
	go func() { done <- m.Watch(ctx, s, 10*time.Millisecond) }() // beside a screen.Refresher

	if _, err := m.Add(ctx, address.ChainEVM, "0x098b716b8aaf21512996dc57eb0615e2383e2f96", "customer-42 deposit"); err != nil {
		fmt.Println(err)
		return
	}
	<-delivered
	cancel()
	<-done
	// Output:
	// 1 NEWLY_SANCTIONED customer-42 deposit Lazarus Group first screen: true
}
