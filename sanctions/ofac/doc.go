// Package ofac reads the publications of the US Treasury's Office of Foreign Assets
// Control: the SDN list as SDN_ADVANCED.XML (ReadAdvanced; format "ofac") and the legacy
// CSV file set (ReadCSV, OpenCSV; format "ofac-csv", a directory). Every digital-currency
// feature ("Digital Currency Address - XBT", ...) becomes a listed value of its party, in
// category sanctions.
//
// Importing the package registers both formats with sanctions.Open (or import
// sanctions/all for every format). AdvancedZIPURL and AdvancedXMLURL are the official
// download locations, in the order the cache layer tries them.
package ofac
