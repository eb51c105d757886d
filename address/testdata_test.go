package address

import (
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
)

// testDataDir returns the shared real-data directory (see DESIGN.md, "Tests and data"):
// $CHAINSCREEN_TESTDATA, or ../shared/data relative to the module root (a relative
// $CHAINSCREEN_TESTDATA is also taken relative to the module root). When it is missing
// the test is skipped, unless CHAINSCREEN_REQUIRE_TESTDATA=1, in which case it fails.
func testDataDir(t testing.TB) string {
	t.Helper()
	return testdata.Dir(t)
}
