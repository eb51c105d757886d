// Package sanctions reads published sanctions lists into a List: the publication's
// provenance (source, date of issue, sha256), the listed entities, every listed
// digital-currency address value with its ticker and entity, and the list's issues
// (values that are not valid addresses, references that do not resolve).
//
// The primary source is OFAC's SDN_ADVANCED.XML, read streaming from .xml, .xml.bz2 or
// .zip. The package knows no screening: it only says what a list holds.
package sanctions
