package freeze

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainscreen/chainscreen/internal/boundio"
	"github.com/chainscreen/chainscreen/sanctions"
)

// FormatName is the registered name of the format.
const FormatName = "freeze-logs"

func init() {
	sanctions.RegisterFormat(sanctions.Format{
		Name:        FormatName,
		Description: "stablecoin issuer freeze events: a JSON array of eth_getLogs log objects (USDT AddedBlackList/RemovedBlackList, USDC Blacklisted/UnBlacklisted), or a JSON-RPC response holding one",
		Sniff:       Sniff,
		Read:        Read,
	})
}

// Sniff reports whether head looks like a JSON array of Ethereum log objects (or a
// JSON-RPC response whose result is one): it starts with '[' (or '{' and a "result"
// member) and its first object has "topics", "data" and "transactionHash" members. A
// custom JSON list, an OFAC XML file or a CSV file is never claimed.
func Sniff(head []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) == 0 {
		return false
	}
	switch t[0] {
	case '[':
	case '{':
		if !bytes.Contains(t, []byte(`"result"`)) || !bytes.Contains(t, []byte(`"jsonrpc"`)) {
			return false
		}
	default:
		return false
	}
	return bytes.Contains(t, []byte(`"topics"`)) && bytes.Contains(t, []byte(`"transactionHash"`)) &&
		bytes.Contains(t, []byte(`"data"`))
}

// Read reads a JSON array of eth_getLogs log objects (or a JSON-RPC response whose
// result is one) and replays it (see Replay). The list's source is the token contract's
// (Token.Source), its date of issue the day of the last block when the logs carry
// blockTimestamp, else the file's modification time (sanctions.WithFile), else the clock.
// A log object that does not decode (a missing required member, a bad hex quantity) is an
// issue with its record number; invalid JSON is an error wrapping sanctions.ErrFormat, and
// a file without any freeze event is an error wrapping ErrNoEvents and sanctions.ErrEmpty.
func Read(ctx context.Context, r io.Reader, opts ...sanctions.Option) (*sanctions.List, error) {
	ro := sanctions.ResolveOptions(opts...)
	h := sha256.New()
	c, name := boundio.WithClass(sanctions.ErrFormat), boundio.WithName("freeze logs")
	bounded := boundio.JSON(boundio.Cap(r, sanctions.MaxPublicationSize, c, name), sanctions.MaxTokenSize, c, name)
	br := bufio.NewReaderSize(io.TeeReader(bounded, h), 64<<10)
	dec := json.NewDecoder(br)
	rp := NewReplay(WithClock(ro.Clock), WithPublished(ro.ModTime))
	if err := decodeLogs(ctx, dec, rp); err != nil {
		return nil, err
	}
	// Drain what follows the array so that the digest is of the whole file (the
	// decoder's buffered bytes have been hashed already).
	if _, err := io.Copy(io.Discard, br); err != nil {
		return nil, err
	}
	l, err := rp.List()
	if err != nil {
		if errors.Is(err, ErrNoEvents) {
			return nil, fmt.Errorf("%w: %w", sanctions.ErrEmpty, err)
		}
		return nil, err
	}
	l.Source.Location = ro.Location
	l.Source.SHA256 = hex.EncodeToString(h.Sum(nil))
	st := rp.Stats()
	ro.Logger.LogAttrs(ctx, slog.LevelInfo, "freeze logs read", slog.String("source", l.Source.Name),
		slog.Int("logs", st.Logs), slog.Int("freezes", st.Freezes), slog.Int("unfreezes", st.Unfreezes),
		slog.Int("destroys", st.Destroys), slog.Int("values", len(l.Addresses)), slog.Int("issues", len(l.Issues)))
	return l, nil
}

// decodeLogs feeds the log objects of the array (at the top level or in a JSON-RPC
// "result" member) to rp, one at a time.
func decodeLogs(ctx context.Context, dec *json.Decoder, rp *Replay) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("%w: freeze logs: %w", sanctions.ErrFormat, err)
	}
	switch tok {
	case json.Delim('['):
	case json.Delim('{'):
		if err := findResult(dec); err != nil {
			return err
		}
	default:
		return fmt.Errorf("%w: freeze logs: want a JSON array of log objects, got %v", sanctions.ErrFormat, tok)
	}
	record := 0
	for dec.More() {
		record++
		if record%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var l types.Log
		if err := dec.Decode(&l); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
				errors.Is(err, sanctions.ErrTooLarge) {
				return fmt.Errorf("%w: freeze logs: log #%d: %w", sanctions.ErrFormat, record, err)
			}
			// The value was consumed whole; only its content is wrong.
			rp.stats.Logs++
			rp.stats.Malformed++
			rp.record++
			rp.issues = append(rp.issues, sanctions.Issue{Line: record, Kind: "malformed_log",
				Reason: fmt.Sprintf("log #%d does not decode as an Ethereum log: %v", record, err)})
			continue
		}
		_ = rp.Apply(l) // a malformed log is recorded as an issue by the replay
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("%w: freeze logs: unterminated array: %w", sanctions.ErrFormat, err)
	}
	return nil
}

// skipValue reads the next value token by token: an array of any length costs no
// memory (Decode would hold it whole; the bounded reader bounds one token).
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		switch t {
		case json.Delim('['), json.Delim('{'):
			depth++
		case json.Delim(']'), json.Delim('}'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

// findResult advances dec, inside a JSON-RPC response object, to the first element of
// its "result" array.
func findResult(dec *json.Decoder) error {
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return fmt.Errorf("%w: freeze logs: %w", sanctions.ErrFormat, err)
		}
		if k == "result" {
			t, err := dec.Token()
			if err != nil || t != json.Delim('[') {
				return fmt.Errorf("%w: freeze logs: the JSON-RPC result is not an array of logs", sanctions.ErrFormat)
			}
			return nil
		}
		if k == "error" {
			var e json.RawMessage
			_ = dec.Decode(&e)
			return fmt.Errorf("%w: freeze logs: the JSON-RPC response is an error: %s", sanctions.ErrFormat, e)
		}
		if err := skipValue(dec); err != nil {
			return fmt.Errorf("%w: freeze logs: %w", sanctions.ErrFormat, err)
		}
	}
	return fmt.Errorf("%w: freeze logs: a JSON object without a \"result\" array", sanctions.ErrFormat)
}
