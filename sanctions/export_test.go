package sanctions

// Internals of the snapshot codec for the external tests (package sanctions_test), which
// read real publications through the registered formats and so cannot be internal tests.
var (
	SnapshotMagic  = snapshotMagic
	EncodeSnapshot = encodeSnapshot
	DecodeSnapshot = decodeSnapshot
)

// File name suffixes of the snapshot and of its record.
const (
	SnapshotSuffix = snapshotSuffix
	RecordSuffix   = recordSuffix
)
