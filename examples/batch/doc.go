// Command batch is a compliance script: it screens every address in a CSV export of
// customer addresses and reports, per customer, what must be acted on (sanctions hits)
// and what must be fixed (invalid addresses), with the publication it screened against.
//
// The CSV has a header row with at least a customer id column and an address column;
// the file is streamed, so an export of millions of rows runs in constant memory.
// Without --csv, a small embedded sample export is used.
//
//	go run ./examples/batch --list embedded     # the OFAC publication in chainscreen, offline
//	go run ./examples/batch --list SDN_ADVANCED.XML
//	go run ./examples/batch --list sdn.xml.bz2 --csv customers.csv --id-column customer_id --column address
//
// The exit status is 1 when at least one address is sanctioned, so the script can gate
// a pipeline; 2 when the script itself fails (no list: nothing is reported clean).
package main
