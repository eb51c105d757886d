// Package boundio bounds the memory a list reader can be made to spend on one token or
// record of hostile input. Its readers wrap the io.Reader a parser reads from and pass
// the bytes through unchanged, but fail with an error wrapping ErrTooLarge as soon as
// more than a set number of bytes pass without the delimiter that lets the parser
// release what it has buffered:
//
//   - XML: more than N bytes between the end of one element tag and the end of the next
//     (a run of white space, a text, a comment, CDATA or an attribute value that never
//     ends). The reader follows the token rules of github.com/orisano/gosax, so a '>'
//     inside a comment, CDATA or an attribute value does not count as the end of a tag.
//   - Lines: more than N bytes without a newline (NDJSON, CSV read line by line).
//   - JSON: more than N bytes in one element of the top-level array (or of the array in
//     a JSON-RPC response's "result"), white space around it included.
//   - Cap: more than N bytes in all.
//
// A decompression bomb (1.4 KB of bzip2 that unpacks to 1.5 GiB of white space) is
// refused after N bytes instead of after the parser's buffer has grown to the size of
// the bomb. The limits are chosen by the callers far above any real record; see
// docs/RELIABILITY.md for the margins on the real files.
package boundio
