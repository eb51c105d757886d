// Package custom reads a list an organisation keeps itself (an exchange's own block
// list, a regulator's letter): CSV with an address column (address,name[,chain][,program],
// any order, other columns ignored) or a JSON array of {address,name,chain,programs}
// objects. Rows that are not addresses stay listed and match as exact text; malformed
// rows are list issues with their line number.
//
// Importing the package registers the format "custom" with sanctions.Open (or import
// sanctions/all for every format). A custom list has no date of issue of its own: Open
// uses the file's modification time.
package custom
