// Package sanctions is chainscreen's list model: a List is one publication of one source
// (its provenance: publisher, date of issue, sha256; its category: sanctions, terrorism
// financing, issuer freeze), the listed entities, every listed digital-currency value
// with its ticker, kind and entity, and the list's issues (values that are not valid
// addresses, rows that could not be read). Diff, Archive and the snapshot codec work on
// any List.
//
// The readers live in the source packages (sanctions/ofac, sanctions/custom,
// sanctions/nbctf, sanctions/opensanctions, sanctions/freeze). Each registers its formats
// (RegisterFormat) so that Open reads a file of any of them, detected from its content;
// import sanctions/all for every format. The package knows no screening: it only says what
// a list holds.
package sanctions
