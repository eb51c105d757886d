// Package monitor keeps a watchlist of customer addresses (deposit and withdrawal
// addresses with a label) and re-screens it whenever the sanctions lists change,
// reporting the changes as events: NEWLY_SANCTIONED, DELISTED and SANCTIONS_CHANGED,
// each naming the publication that caused it.
//
// # One snapshot per pass
//
// A pass (Monitor.OnListChange) pins one snapshot of the Screener's lists
// (screen.Snapshot) and screens every registered address against it: all results and
// states of a pass come from the same publications, even while a refresh swaps new lists
// in meanwhile; the next pass sees the new ones.
//
// # Stores
//
// The watchlist, the last-seen state of every address, the event log and the delivery
// cursors live in a Store: NewMemoryStore, monitor/boltstore (an embedded bbolt file) or
// monitor/pgstore (PostgreSQL, shared by several processes). A pass commits its states
// and events in one step, so a restart neither repeats nor misses a change.
// monitor/storetest is the conformance suite every store passes. A store shared by
// several processes implements StoreLocker (one pass at a time across them: a list change
// produces each event once) and DeliveryLocker (one delivery to a consumer at a time:
// each event is sent by one instance).
//
// # Delivery
//
// Monitor.Deliver hands a consumer the events it was not yet delivered and moves its
// cursor after each one the consumer accepted: delivery is at least once. A process
// killed after a receiver got an event but before the cursor moved delivers that event
// again, with the same sequence number (Event.Seq; the Chainscreen-Event-Seq header of
// Webhook): receivers de-duplicate on it. Monitor.Watch runs passes whenever the lists
// change (beside a screen.Refresher) and, with WithDelivery, delivers at every check.
package monitor
