package embedded_test

import (
	"fmt"

	"github.com/chainscreen/chainscreen/sanctions/embedded"
)

// The embedded publication says what it is before it is decoded.
func ExampleInfo() {
	p := embedded.Info()
	fmt.Println(p.Source, p.Published.Format("2006-01-02"), p.Values, "values")
	// Output: OFAC SDN 2025-11-19 761 values
}
