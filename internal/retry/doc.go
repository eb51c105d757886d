// Package retry runs an operation with exponential backoff and jitter between transient
// failures, honouring a server's Retry-After (delay-seconds or HTTP-date, RFC 9110
// §10.2.3) and the context. It is the one retry loop of chainscreen: the list download
// and the webhook sink use it.
package retry
