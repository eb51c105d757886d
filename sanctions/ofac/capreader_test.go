package ofac

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/chainscreen/chainscreen/sanctions"
)

func TestCapReader(t *testing.T) {
	b, err := io.ReadAll(&capReader{r: strings.NewReader("abcdef"), left: 4})
	if !errors.Is(err, sanctions.ErrFormat) || string(b) != "abcd" {
		t.Fatalf("over the cap: %q, %v", b, err)
	}
	b, err = io.ReadAll(&capReader{r: strings.NewReader("abc"), left: 4})
	if err != nil || string(b) != "abc" {
		t.Fatalf("under the cap: %q, %v", b, err)
	}
}
