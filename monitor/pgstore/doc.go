// Package pgstore is a monitoring store (monitor.Store) in PostgreSQL, shared by several
// chainscreen instances (`serve`, `monitor run`) on one database.
//
// Open connects with any libpq URL or keyword/value DSN (pgx) and applies the schema
// migrations it has not applied yet, under an advisory lock so that instances starting
// together do not race. The watchlist, the last-seen state of every address, the event
// log and the delivery cursors are tables; events get their sequence numbers from the
// database, so they are unique across instances.
//
// Lock (the optional monitor.StoreLocker) takes a session-level advisory lock for the
// whole of one re-screening: a second instance that screens the same list change waits,
// then reads the states the first one committed and finds nothing left to report, so a
// list change produces each event once across instances. LockDelivery (the optional
// monitor.DeliveryLocker) does the same for Monitor.Deliver, per consumer: instances
// delivering to one consumer (a webhook) send each event once, and again only when the
// sender failed before it recorded the delivery.
package pgstore
