package custom

import (
	"context"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// UTF-8 is checked on the stream, a rune cut between two reads included.
func TestUTF8Reader(t *testing.T) {
	read := func(s string) error {
		_, err := io.ReadAll(&utf8Reader{r: iotest.OneByteReader(strings.NewReader(s))})
		return err
	}
	require.NoError(t, read("0x1, Zoë Ñandú €uro 𝄞\n"))
	assert.ErrorIs(t, read("abc\xffdef"), sanctions.ErrFormat, "an invalid byte")
	assert.ErrorIs(t, read("abc\xe2\x82"), sanctions.ErrFormat, "a rune cut by the end of the file")
	assert.ErrorIs(t, read("abc\xe2\x82x"), sanctions.ErrFormat, "a rune cut by another byte")
	assert.ErrorIs(t, read("\xed\xa0\x80"), sanctions.ErrFormat, "a surrogate")
}

// A record longer than sanctions.MaxTokenSize is refused as soon as the limit is passed,
// in CSV and in JSON; the same record under the limit is read.
func TestRecordBound(t *testing.T) {
	meta := sanctions.Meta{Name: "t", Published: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	const addr = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"
	ctx := context.Background()
	pad := strings.Repeat(" ", sanctions.MaxTokenSize)
	_, err := ReadCSV(ctx, strings.NewReader(addr+",Lazarus"+pad+"\n"), meta)
	assert.ErrorIs(t, err, sanctions.ErrTooLarge)
	assert.ErrorIs(t, err, sanctions.ErrFormat)
	_, err = ReadJSON(ctx, strings.NewReader(`[{"address":"`+addr+`"}`+pad+`]`), meta)
	assert.ErrorIs(t, err, sanctions.ErrTooLarge)
	assert.ErrorIs(t, err, sanctions.ErrFormat)

	small := pad[:1000]
	l, err := ReadCSV(ctx, strings.NewReader(addr+",Lazarus"+small+"\n"), meta)
	require.NoError(t, err)
	assert.Len(t, l.Addresses, 1)
	l, err = ReadJSON(ctx, strings.NewReader(`[{"address":"`+addr+`"}`+small+`]`+small), meta)
	require.NoError(t, err)
	assert.Len(t, l.Addresses, 1)
	_, err = ReadJSON(ctx, strings.NewReader(`[{"address":"`+addr+`"}] x`), meta)
	assert.ErrorIs(t, err, sanctions.ErrFormat, "content after the array")
}
