package server_test

import (
	"context"
	"log"
	"log/slog"
	"net/http"
	"os"
	"os/signal"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/server"
)

// Mount the screening API under /screening/ in an existing mux, next to the caller's own
// routes, and serve it with timeouts and graceful shutdown.
func Example() {
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
	api := server.New(s,
		server.WithToken(os.Getenv("SCREENING_TOKEN")),
		server.WithLogger(slog.New(slog.NewJSONHandler(os.Stderr, nil))),
	)

	mux := http.NewServeMux()
	mux.Handle("/screening/", http.StripPrefix("/screening", api))
	mux.HandleFunc("GET /hello", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("hello\n")) })

	// GET /screening/v1/addresses/{address} now screens an address.
	if err := server.ListenAndServe(ctx, "127.0.0.1:8080", mux); err != nil {
		log.Fatal(err)
	}
}
