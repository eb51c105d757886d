package address

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
)

// vector is one line of ../shared/data/address-vectors/*.jsonl (format in its SOURCES.md).
type vector struct {
	Source    string `json:"source"`
	Origin    string `json:"origin"`
	Chain     string `json:"chain"`
	Network   string `json:"network"`
	Input     string `json:"input"`
	Expect    string `json:"expect"`
	Kind      string `json:"kind"`
	Payload   string `json:"payload"`
	Canonical string `json:"canonical"`
	SameAs    string `json:"same_as"`
	Note      string `json:"note"`
	Scope     string `json:"scope"`
	Why       string `json:"why"`
	file      string
}

// Totals stated in address-vectors/SOURCES.md.
const (
	vectorsInScope   = 3158 // in-scope vectors of the chains the project claimed before the new chains
	vectorsNewChains = 271  // new-chains-*.jsonl: Stellar, Algorand, Cardano, DigiByte, Komodo, Lisk, Siacoin, Stratis, IOST
)

func loadVectors(t *testing.T, pattern string) []vector {
	t.Helper()
	dir := testdata.Path(t, "address-vectors")
	files, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no vector files %s in %s: %v", pattern, dir, err)
	}
	var out []vector
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if len(bytes.TrimSpace(sc.Bytes())) == 0 {
				continue
			}
			var v vector
			if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			v.file = filepath.Base(f)
			out = append(out, v)
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// checkVector applies the rules of SOURCES.md ("What passes") to one vector.
func checkVector(v vector) error {
	switch {
	case v.Expect == "invalid":
		for _, c := range strings.Split(v.Chain, "|") {
			if a, err := ParseAs(Chain(c), v.Input); err == nil {
				return fmt.Errorf("ParseAs(%s) accepted it as %s %s", c, a.Chain, a.Kind)
			}
		}
		return nil
	case v.Expect != "valid":
		return fmt.Errorf("expect %q", v.Expect)
	}
	c := Chain(v.Chain)
	a, err := ParseAs(c, v.Input)
	switch v.Network {
	case "mainnet":
	case "both":
		if err != nil && !errors.Is(err, ErrNetwork) {
			return fmt.Errorf("ParseAs(%s): %v, want accepted or ErrNetwork", c, err)
		}
		return nil
	default: // a test network
		if !errors.Is(err, ErrNetwork) {
			return fmt.Errorf("ParseAs(%s) = %v, want ErrNetwork (%s)", c, err, v.Network)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("ParseAs(%s): %v", c, err)
	}
	if v.Kind != "" && string(a.Kind) != v.Kind {
		return fmt.Errorf("kind %s, want %s", a.Kind, v.Kind)
	}
	if v.Payload != "" {
		p, err := hex.DecodeString(v.Payload)
		if err != nil {
			return fmt.Errorf("vector payload: %v", err)
		}
		if !strings.HasSuffix(string(a.Key), string(p)) {
			return fmt.Errorf("key %x does not hold payload %s", a.Key, v.Payload)
		}
	}
	if v.Canonical != "" && a.Canonical != v.Canonical {
		return fmt.Errorf("canonical %s, want %s", a.Canonical, v.Canonical)
	}
	if v.SameAs != "" {
		b, err := ParseAs(c, v.SameAs)
		if err != nil || b.Key != a.Key {
			return fmt.Errorf("same_as %s: key %x, %v; want key %x", v.SameAs, b.Key, err, a.Key)
		}
	}
	// A bare 40-hex string is EVM only when EVM is named; an IOST account name has no
	// shape of its own: Parse detects neither (see ParseAs and ChainIOST).
	if !(c == ChainEVM && len(v.Input) == 40) && c != ChainIOST {
		d, err := Parse(v.Input)
		if err != nil || !d.ValidOn(c) {
			return fmt.Errorf("Parse: %s (also %v), %v; want valid on %s", d.Chain, d.AlsoValidOn, err, c)
		}
	}
	return nil
}

// tally counts passes per source and per chain and logs them in one line each.
type tally struct {
	pass, all map[string]int
}

func newTally() *tally { return &tally{pass: map[string]int{}, all: map[string]int{}} }

func (ty *tally) add(key string, ok bool) {
	ty.all[key]++
	if ok {
		ty.pass[key]++
	}
}

func (ty *tally) String() string {
	keys := make([]string, 0, len(ty.all))
	for k := range ty.all {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, " %s %d/%d", k, ty.pass[k], ty.all[k])
	}
	return b.String()
}

// TestConformanceInScope runs every in-scope vector of the chains the project claimed
// before the new chains (3,158 in SOURCES.md).
func TestConformanceInScope(t *testing.T) {
	var vs []vector
	for _, v := range loadVectors(t, "*.jsonl") {
		if !strings.HasPrefix(v.file, "new-chains-") {
			vs = append(vs, v)
		}
	}
	bySource, byChain := newTally(), newTally()
	in, pass, out := 0, 0, 0
	for _, v := range vs {
		if v.Scope != "in" {
			out++
			continue
		}
		in++
		err := checkVector(v)
		bySource.add(v.Source, err == nil)
		byChain.add(v.Chain, err == nil)
		if err != nil {
			t.Errorf("%s %s %s %s %q: %v", v.Source, v.Chain, v.Network, v.Expect, v.Input, err)
			continue
		}
		pass++
	}
	if in != vectorsInScope {
		t.Errorf("%d in-scope vectors, SOURCES.md says %d", in, vectorsInScope)
	}
	t.Logf("in-scope address vectors: %d of %d pass (%d out of scope, listed with reasons in SOURCES.md)", pass, in, out)
	t.Logf("per source:%s", bySource)
	t.Logf("per chain:%s", byChain)
}

// newChainsOutOfScope lists the new-chain vectors this package does not run, with
// the reason. Every other vector of new-chains-*.jsonl must pass.
var newChainsOutOfScope = map[string]string{
	// A Stellar account id carries no network: the text of a test-network account is
	// a mainnet account id (as for EVM, Tron and Solana test networks in SOURCES.md).
	"multicoin-address-validator|stellar|testnet|GCCVYKDNQP7NGNTR42SYPMQUZIFTPJUJHXM6JIXQMDLXMCC3ZYOV6AG3": "stellar test network uses mainnet-format account ids (nothing in the text says testnet)",
}

// TestConformanceNewChains runs the 271 vectors of the new chains (Stellar, Algorand,
// Cardano, DigiByte, Komodo, Lisk, Siacoin, Stratis, IOST) with the rules of the
// in-scope vectors.
func TestConformanceNewChains(t *testing.T) {
	vs := loadVectors(t, "new-chains-*.jsonl")
	if len(vs) != vectorsNewChains {
		t.Errorf("%d new-chain vectors, SOURCES.md says %d", len(vs), vectorsNewChains)
	}
	bySource, byChain := newTally(), newTally()
	pass, skipped := 0, 0
	for _, v := range vs {
		id := v.Source + "|" + v.Chain + "|" + v.Network + "|" + v.Input
		if why, ok := newChainsOutOfScope[id]; ok {
			t.Logf("out of scope: %s %s %s %q: %s", v.Source, v.Chain, v.Network, v.Input, why)
			skipped++
			continue
		}
		err := checkVector(v)
		bySource.add(v.Source, err == nil)
		byChain.add(v.Chain, err == nil)
		if err != nil {
			t.Errorf("%s %s %s %s %q: %v", v.Source, v.Chain, v.Network, v.Expect, v.Input, err)
			continue
		}
		pass++
	}
	if skipped != len(newChainsOutOfScope) {
		t.Errorf("%d vectors matched the out-of-scope list of %d", skipped, len(newChainsOutOfScope))
	}
	t.Logf("new-chain address vectors: %d of %d run pass, %d out of scope", pass, len(vs)-skipped, skipped)
	t.Logf("per source:%s", bySource)
	t.Logf("per chain:%s", byChain)
}
