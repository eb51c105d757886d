package embedded_test

import (
	"os/exec"
	"testing"
)

// runGen runs the generator (go run ./internal/gen) on in, writing into out.
func runGen(t *testing.T, in, out string) error {
	t.Helper()
	cmd := exec.Command("go", "run", "./internal/gen", "-in", in, "-out", out)
	b, err := cmd.CombinedOutput()
	t.Logf("gen: %s", b)
	return err
}
