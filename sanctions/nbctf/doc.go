// Package nbctf reads the seizure orders of Israel's National Bureau for Counter Terror
// Financing (NBCTF): the two tables of the NBCTF "blockchain" page, wallets.csv (holders,
// wallet addresses and exchange user ids, grouped under order header rows such as
// "צ.ת 18/26") and releases.csv (each order's date and validity).
//
// Importing the package registers the format "nbctf" with sanctions.Open: a wallets.csv
// file is recognised by its Hebrew header row, and a directory holding wallets.csv (and
// releases.csv) is read as one publication. Every value is listed under the category
// sanctions.CategoryTerrorismFinancing with its order as Reference, the order's date as
// ListedOn and, unless the order was converted into a permanent forfeiture order, the
// order's validity as Until.
//
// The table is typed by hand. Every quirk is handled and reported as a sanctions.Issue
// with a Kind and the line of the file, never dropped in silence: Cyrillic or Greek
// look-alike letters inside an address ("homoglyph": the Latin form is listed), two
// values in one cell ("two_values_in_cell"), "(Address tag N)" values ("tagged_value":
// the address is listed with Tag N), numeric exchange user ids and phone-number-like ids
// ("exchange_account": listed as exact text, never as addresses), "-" placeholders and
// empty cells ("placeholder", "empty_cell", "empty_row"), surrounding white space and
// invisible characters ("whitespace", "invisible_character"), numbers mangled into
// scientific notation ("scientific_notation"), the same value listed twice
// ("duplicate_value"), rows of the wrong shape ("malformed_row"), odd order headers
// ("order_reference_normalised"), orders missing from one table or the other
// ("order_not_in_releases", "order_not_in_table"), an order header without values
// ("order_without_values") and a missing releases table ("releases_missing": every order
// is then in force). Values that do not decode as addresses (currencies the address
// package does not decode yet, typos that break a checksum) are matched as exact text
// ("not_an_address", "bad_checksum").
//
// Holders: a row that names a holder (column 1, or an ID or passport number) lists its
// values for that holder, one entity per holder and order (rows with the same ID number
// or name are one holder); rows below a holder that carry only identifiers add them to
// that holder; rows that name no holder ("-", "אנונימי" = anonymous, or empty) list their
// values for an entity of the order ("NBCTF seizure order צ.ת 18/26 (holder not named)").
// Entity.Programs are the order and, when it was converted, the forfeiture order.
package nbctf
