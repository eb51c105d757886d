package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

// exitInterrupted is the exit code of a run ended by SIGINT or SIGTERM (128 + SIGINT,
// the shell's convention), whatever the command would have returned on its cancelled
// context: the run did not finish, so nothing may be taken as clear (or as complete).
// serve's graceful stop is the exception: exit 0.
const exitInterrupted = 130

// signalGrace is how long a run has, after SIGINT or SIGTERM, to return by itself
// (its context is cancelled at once). A run still blocked then (a read from a FIFO or a
// silent pipe, a syscall that no context reaches) is ended by os.Exit: a signal always
// ends the process within a second.
const signalGrace = 800 * time.Millisecond

// cleanStopOnSignal is set by a command whose stop on a signal is its normal end
// (serve: a graceful shutdown within signalGrace keeps its exit code 0).
var cleanStopOnSignal atomic.Bool

// runWithSignals runs the CLI with a context cancelled by SIGINT or SIGTERM and
// returns the exit code; exit is called with exitInterrupted when the run has not
// returned signalGrace after the signal.
func runWithSignals(args []string, stdin io.Reader, stdout, stderr io.Writer, exit func(int)) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)

	done := make(chan int, 1)
	go func() { done <- run(ctx, args, stdin, stdout, stderr) }()
	var got os.Signal
	select {
	case code := <-done:
		return code
	case got = <-sigs:
	}
	cancel()
	t := time.NewTimer(signalGrace)
	defer t.Stop()
	select {
	case code := <-done:
		if code == exitClear && cleanStopOnSignal.Load() {
			return code // serve's graceful stop
		}
		// Whatever the run returned on its cancelled context (a node call that gave up,
		// a partial batch), it did not finish: the code says so.
		fmt.Fprintf(stderr, "chainscreen: interrupted (%v)\n", got)
		return exitInterrupted
	case <-t.C:
	case <-sigs: // a second signal: do not wait
	}
	fmt.Fprintf(stderr, "chainscreen: interrupted (%v); still blocked after %v, exiting\n", got, signalGrace)
	exit(exitInterrupted)
	return exitInterrupted
}
