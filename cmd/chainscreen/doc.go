// Command chainscreen screens blockchain addresses and transactions against sanctions
// lists (first of all the US Treasury OFAC SDN list).
//
//	chainscreen check [--list PATH]... ADDRESS...
//	chainscreen batch [--list PATH]... [--format ndjson|json|csv|table] < addresses
//	chainscreen lists info [--list PATH]...
//
// Without --list, the official OFAC SDN_ADVANCED.XML is downloaded once into the user
// cache directory and reused.
//
// Exit codes: 0 all clear; 1 at least one sanctions hit; 2 usage error or invalid input
// (and no hit); 3 list unavailable (nothing was screened).
package main
