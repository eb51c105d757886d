// Package stream screens blockchain-etl items flowing through Kafka.
//
// blockchain-etl (`ethereumetl stream -o kafka`, `bitcoinetl stream`) writes one JSON
// object per item: Ethereum "transaction", "token_transfer" and "trace" items, Bitcoin
// "transaction" items with enriched inputs and outputs. DecodeItem reads one such item
// (field names as blockchain-etl writes them) into the parties it names, each with its
// role; ScreenItem screens every party against one snapshot of the lists and returns a
// Result whose JSON is the transaction result the CLI prints (flags, hits with roles,
// list provenance) plus the item's identity.
//
// Run consumes an input topic in a consumer group (franz-go), screens each item and
// produces one result per item to the output topic, keyed by the transaction hash.
// Delivery is at-least-once: offsets are committed only after the results of a whole
// poll were acknowledged by the brokers, so a consumer that dies between the two
// repeats that poll's results on another member of the group; results are idempotent by
// key and item id (the "item" header). A message that is not a blockchain-etl item goes
// to the dead-letter topic with the reason (header "error"): never dropped and never
// blocking its partition. A screening error (no list, a stale list in strict mode) stops
// Run without committing: nothing is reported clean that was not screened.
//
// Replay re-reads the retained history of a topic (from the earliest offset, or from a
// timestamp) without a consumer group, screens each item against the lists before and
// after a list change, and reports only what changed: counterparties newly listed, and
// listings that ended, each with the publication that caused the change (the look-back
// regulators expect when a list changes).
package stream
