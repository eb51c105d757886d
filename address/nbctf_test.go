package address

import (
	"encoding/csv"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
)

// nbctfOtherValues are the counts of NBCTF wallet values that are not Tron, Bitcoin or
// EVM addresses, by the chain their currency column names. They are the output of
//
//	python3 address/testdata/nbctf_values.py ../shared/data/lists/nbctf/wallets.csv
//
// run from the module root (an independent extraction; see the script's docstring).
var nbctfOtherValues = map[Chain]int{
	ChainAlgorand: 1, ChainBNBBeacon: 1, ChainCardano: 1, ChainDigiByte: 1, ChainDogecoin: 7,
	ChainIOST: 1, ChainKomodo: 1, ChainLisk: 3, ChainLitecoin: 4, ChainRipple: 1,
	ChainSiacoin: 3, ChainStellar: 1, ChainStratis: 1, ChainVerge: 1, ChainZcash: 1,
}

const nbctfOtherTotal = 28

var (
	nbctfMemo    = regexp.MustCompile(`\s*\(Address tag [0-9]+\)\s*\*?\s*$`)
	nbctfSkipped = regexp.MustCompile(`^(|-|[0-9]+|T[1-9A-HJ-NP-Za-km-z]{33}|0x[0-9a-fA-F]{40}|[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{8,87})$`)
)

// TestNBCTFNewChainValues parses every NBCTF wallet value of the chains other than Tron,
// Bitcoin and EVM with ParseListed under its listed currency: each must be a valid
// address of the chain the currency names. A trailing "(Address tag N)" memo is not
// part of the address and is cut off before parsing (the list reader's job).
func TestNBCTFNewChainValues(t *testing.T) {
	f, err := os.Open(testdata.Path(t, "lists", "nbctf", "wallets.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[Chain]int{}
	total := 0
	for _, row := range rows[1:] { // rows[0] is the header
		if len(row) < 5 {
			continue
		}
		ticker := ""
		if len(row) > 5 {
			ticker = strings.TrimSpace(row[5])
		}
		for _, v := range strings.Split(strings.TrimSpace(row[4]), ", ") {
			v = strings.TrimSpace(nbctfMemo.ReplaceAllString(strings.TrimSpace(v), ""))
			if nbctfSkipped.MatchString(v) {
				continue
			}
			chains := TickerChains(ticker)
			if len(chains) == 0 {
				// The one unclassified value: a Tron address typed with Cyrillic look-alikes.
				if _, err := ParseListed(ticker, v); !errors.Is(err, ErrInvalid) {
					t.Errorf("unclassified value %q: %v, want ErrInvalid", v, err)
				}
				continue
			}
			a, err := ParseListed(ticker, v)
			if err != nil || a.Chain != chains[0] {
				t.Errorf("ParseListed(%q, %q) = %s %s, %v; want a %s address", ticker, v, a.Chain, a.Kind, err, chains[0])
				continue
			}
			got[a.Chain]++
			total++
		}
	}
	for c, n := range nbctfOtherValues {
		if got[c] != n {
			t.Errorf("%s: %d values parsed, nbctf_values.py counts %d", c, got[c], n)
		}
	}
	for c, n := range got {
		if _, ok := nbctfOtherValues[c]; !ok {
			t.Errorf("%s: %d values parsed, nbctf_values.py counts none", c, n)
		}
	}
	if total != nbctfOtherTotal {
		t.Errorf("%d values parsed, nbctf_values.py counts %d", total, nbctfOtherTotal)
	}
	t.Logf("NBCTF values of other chains: %d parsed (%v)", total, got)
}
