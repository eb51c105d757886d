package monitor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/chainscreen/chainscreen/internal/retry"
)

// ErrWebhookRejected marks a webhook answer that retrying cannot fix (a 4xx other than
// 408 and 429, or a request that cannot be built).
var ErrWebhookRejected = errors.New("monitor: webhook rejected the event")

// Webhook is an event sink that POSTs each event as JSON to a URL. Delivery is at
// least once: an event whose POST failed, or whose answer was lost, is posted again
// (by Deliver, on the next run). Every POST carries the event's sequence number in the
// Chainscreen-Event-Seq header, stable across retries and restarts: receivers
// de-duplicate on it.
//
// Transient failures (network errors, 408, 429, 5xx) are retried with exponential
// backoff and jitter, never earlier than a Retry-After the receiver sent.
type Webhook struct {
	// URL receives the POSTs.
	URL string
	// Retries is the number of retries per event after the first attempt (0: none).
	Retries int
	// Wait is the delay before the first retry; it doubles per retry up to 30 s
	// (0: 500 ms).
	Wait time.Duration
	// Timeout bounds one request (0: 10 s), unless Client is set.
	Timeout time.Duration
	// Client sends the requests (nil: a client with Timeout).
	Client *http.Client
	// Logger logs retries (nil: slog.Default()).
	Logger *slog.Logger
}

// Post sends one event: its JSON, with the Chainscreen-Event-Seq and
// Chainscreen-Event-Type headers. It has the signature Deliver takes.
func (h *Webhook) Post(ctx context.Context, e Event) error {
	body, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return h.Send(ctx, body, map[string]string{"Chainscreen-Event-Seq": strconv.FormatUint(e.Seq, 10),
		"Chainscreen-Event-Type": string(e.Type)}, fmt.Sprint("seq ", e.Seq))
}

// Send POSTs a JSON body with the headers, retrying transient failures; what names the
// payload in log lines.
func (h *Webhook) Send(ctx context.Context, body []byte, headers map[string]string, what string) error {
	retries := h.Retries
	if retries <= 0 {
		retries = -1 // retry.Policy: negative is none
	}
	wait := h.Wait
	if wait <= 0 {
		wait = 500 * time.Millisecond
	}
	logger := h.Logger
	if logger == nil {
		logger = slog.Default()
	}
	attempts := 0
	err := retry.Do(ctx, retry.Policy{Retries: retries, Base: wait, Max: 30 * time.Second,
		Retryable: func(err error) bool { return !errors.Is(err, ErrWebhookRejected) },
		OnRetry: func(attempt int, d time.Duration, err error) {
			logger.Warn("webhook: retrying", "event", what, "attempt", attempt+2, "after", d, "error", err)
		}},
		func(ctx context.Context, _ int) error {
			attempts++
			return h.once(ctx, body, headers)
		})
	if err != nil && attempts > 1 && !errors.Is(err, ErrWebhookRejected) && ctx.Err() == nil {
		return fmt.Errorf("after %d attempts: %w", attempts, err)
	}
	return err
}

func (h *Webhook) client() *http.Client {
	if h.Client != nil {
		return h.Client
	}
	t := h.Timeout
	if t <= 0 {
		t = 10 * time.Second
	}
	return &http.Client{Timeout: t}
}

func (h *Webhook) once(ctx context.Context, body []byte, headers map[string]string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrWebhookRejected, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "chainscreen-monitor")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := h.client().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return retry.After(fmt.Errorf("webhook %s: HTTP %s", h.URL, resp.Status), retry.FromResponse(resp, time.Now()))
	}
	return fmt.Errorf("webhook %s: HTTP %s: %w", h.URL, resp.Status, ErrWebhookRejected)
}
