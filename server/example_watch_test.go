package server_test

import (
	"context"
	"log"
	"os"
	"os/signal"
	"time"

	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/monitor/pgstore"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/server"
)

// Serve the screening API with a watchlist kept in PostgreSQL (shared by every instance
// on the database): the monitor re-screens it whenever the lists change and posts the
// events to a webhook; clients manage it with POST /v1/watch and read GET /v1/events.
func ExampleWithMonitor() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	list, err := sanctions.Open(ctx, "SDN_ADVANCED.XML")
	if err != nil {
		log.Fatal(err)
	}
	s, err := screen.New([]*sanctions.List{list})
	if err != nil {
		log.Fatal(err)
	}
	st, err := pgstore.Open(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	hook := &monitor.Webhook{URL: "https://compliance.example/hooks/chainscreen", Retries: 5}
	m := monitor.New(st, monitor.WithDelivery("webhook", hook.Post))
	go m.Watch(ctx, s, 2*time.Second) // beside a screen.Refresher that swaps new lists into s

	if err := server.ListenAndServe(ctx, "127.0.0.1:8080", server.New(s, server.WithMonitor(m))); err != nil {
		log.Fatal(err)
	}
}
