package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Timeouts of the http.Server that NewHTTPServer builds.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 30 * time.Second
	WriteTimeout      = 30 * time.Second
	IdleTimeout       = 120 * time.Second
	// ShutdownTimeout bounds the graceful shutdown: requests in flight get this long
	// to finish after the context is cancelled.
	ShutdownTimeout = 15 * time.Second
)

// NewHTTPServer returns an http.Server for h with the read, write and idle timeouts set
// (a bare http.Server has none, which lets slow clients hold connections forever).
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    64 << 10,
	}
}

// ListenAndServe listens on the TCP address addr and serves h until ctx is cancelled,
// then shuts down gracefully (see Serve).
func ListenAndServe(ctx context.Context, addr string, h http.Handler) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	return Serve(ctx, ln, h)
}

// Serve serves h on ln until ctx is cancelled. It then stops accepting connections and
// waits up to ShutdownTimeout for the requests in flight. It returns nil after a
// graceful shutdown and the server's error otherwise.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := NewHTTPServer(h)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
