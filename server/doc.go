// Package server is the HTTP face of chainscreen: an http.Handler that exchanges with
// non-Go systems call to screen addresses and transactions, mountable in a caller's mux.
//
// Endpoints (see docs/openapi.yaml for the full contract):
//
//	GET  /v1/addresses/{address}[?chain=NAME]  one address → screen.Result
//	POST /v1/addresses                         batch: ["addr", {"address":"…","chain":"…"}, …] → [screen.Result, …] in order
//	POST /v1/transactions                      {"chain":"bitcoin"|"ethereum","hex":"…"} → screen.TxResult
//	GET  /v1/lists                             the publications in service (and the last refresh)
//	GET  /api/v1/address/{address}             Chainalysis-compatible: {"identifications":[…]}
//	POST /v1/watch                             register addresses on the watchlist (WithMonitor)
//	GET  /v1/watch                             the watchlist with the last-seen states
//	DELETE /v1/watch/{id}                      remove an address from the watchlist
//	GET  /v1/events[?after=SEQ][&limit=N]      the watchlist's event log
//	GET  /healthz                              the process is up
//	GET  /readyz                               a list is loaded and not older than the maximum age
//	GET  /metrics                              Prometheus text exposition
//
// # Status codes
//
// An invalid address is not an error on /v1: it is a 200 Result flagged INVALID_ADDRESS
// (or CHECKSUM_MISMATCH), so a caller always sees why nothing matched. The
// Chainalysis-compatible endpoint has no flags, so it answers 400 (code invalid_address)
// for an input that is not an address and matches no listed value: an empty
// "identifications" array would read as "clean". Other errors:
//
//	400 invalid_json, bad_request, invalid_chain, invalid_hex, invalid_transaction
//	401 unauthorized (with WWW-Authenticate: Bearer)
//	404 not_found           unknown route
//	405 method_not_allowed  (with Allow)
//	413 body_too_large      request body over the limit (WithMaxBodyBytes)
//	413 batch_too_large     more addresses than WithMaxBatch
//	500 internal            a panic or an unexpected error (logged, never detailed)
//	400 invalid_registration  a watchlist address that does not parse (nothing registered)
//	404 not_registered      DELETE /v1/watch/{id} of an address not on the watchlist
//	501 not_implemented     transaction screening for that chain is not available
//	501 no_monitor          watchlist endpoints on a server without WithMonitor
//	503 database_unavailable the monitor database did not answer
//	503 no_list, list_stale fail closed: nothing was screened
//
// Every error body is {"error":{"code":"…","message":"…"}}.
//
// # Authentication
//
// WithToken enables a bearer token (compared in constant time) on /v1 and /api; the
// Chainalysis-compatible endpoint also accepts it in X-API-Key, as Chainalysis clients
// send it. /healthz, /readyz and /metrics stay open unless WithOpsAuth(true).
//
// # Logging
//
// Each request is logged with log/slog (method, route pattern, status, duration,
// bytes). The request path is not logged, so screened addresses do not end up in logs.
package server
