package embedded_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	_ "github.com/chainscreen/chainscreen/sanctions/custom" // the list formats read by these tests
	"github.com/chainscreen/chainscreen/sanctions/embedded"
	_ "github.com/chainscreen/chainscreen/sanctions/ofac"
	"github.com/chainscreen/chainscreen/screen"
)

// lazarusETH is the Lazarus Group's Ethereum address on the OFAC list since 2022.
const lazarusETH = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"

// TestEmbeddedLoads: the embedded publication decodes, agrees with what Info records,
// and a listed address hits through a Screener built from it.
func TestEmbeddedLoads(t *testing.T) {
	info := embedded.Info()
	l, err := embedded.OFAC()
	if err != nil {
		t.Fatal(err)
	}
	if l.Source.Name != info.Source || !l.Source.Published.Equal(info.Published) || l.Source.SHA256 != info.SHA256 ||
		len(l.Addresses) != info.Values || len(l.Entities) != info.Entities {
		t.Fatalf("list %+v (%d values, %d entities) does not match Info %+v", l.Source, len(l.Addresses), len(l.Entities), info)
	}
	if l.Source.Location != embedded.Location || l.Source.Format != "ofac-advanced-xml" {
		t.Errorf("location %q format %q", l.Source.Location, l.Source.Format)
	}
	s, err := screen.New([]*sanctions.List{l})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.ScreenAddress(context.Background(), strings.ToLower(lazarusETH))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Sanctioned() || len(r.Hits) == 0 || r.Hits[0].Entity.Name != "Lazarus Group" {
		t.Fatalf("Lazarus Group address not a hit from the embedded list: %+v", r)
	}
	// Each call is a new list: a caller changing one does not change the next.
	l.Addresses[0].Value = "changed"
	l2, err := embedded.OFAC()
	if err != nil || l2.Addresses[0].Value == "changed" {
		t.Fatalf("second OFAC() shares the first list's values (err %v)", err)
	}
}

// TestEmbeddedIsThePublication: the embedded list is exactly what the OFAC reader reads
// from the official file it names (the newest real publication in the shared data), and
// regenerating the snapshot from that file gives the embedded bytes.
func TestEmbeddedIsThePublication(t *testing.T) {
	path := testdata.Path(t, "ofac", "sdn_advanced", "2025-11-19b.xml.bz2")
	want, err := sanctions.Open(context.Background(), path, sanctions.WithFormat("ofac"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := embedded.OFAC()
	if err != nil {
		t.Fatal(err)
	}
	if got.Source.SHA256 != want.Source.SHA256 || !got.Source.Published.Equal(want.Source.Published) ||
		got.EntityCount != want.EntityCount {
		t.Fatalf("embedded %+v, publication %+v", got.Source, want.Source)
	}
	if len(got.Addresses) != len(want.Addresses) {
		t.Fatalf("%d values embedded, %d in the publication", len(got.Addresses), len(want.Addresses))
	}
	for i := range want.Addresses {
		g, w := got.Addresses[i], want.Addresses[i]
		if g.Value != w.Value || g.Ticker != w.Ticker || g.Addr.Key != w.Addr.Key || g.Category != w.Category ||
			!reflect.DeepEqual(g.Entity, w.Entity) {
			t.Fatalf("value %d: embedded %+v, publication %+v", i, g, w)
		}
	}
	if !reflect.DeepEqual(got.Issues, want.Issues) || !reflect.DeepEqual(got.Tickers, want.Tickers) {
		t.Fatalf("issues or tickers differ: %d/%d issues", len(got.Issues), len(want.Issues))
	}
	regen, err := sanctions.MarshalSnapshot(want)
	if err != nil {
		t.Fatal(err)
	}
	embeddedBytes, err := os.ReadFile("ofac.snapshot")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(regen, embeddedBytes) {
		t.Fatal("the snapshot regenerated from the publication differs from the embedded one: run go generate")
	}
}

// TestGenerator runs the generator on the official file and compares its output with
// the files in the package.
func TestGenerator(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	path := testdata.Path(t, "ofac", "sdn_advanced", "2025-11-19b.xml.bz2")
	out := t.TempDir()
	if err := runGen(t, path, out); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ofac.snapshot", "publication.go"} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s regenerated differs from the committed one", name)
		}
	}
}

// TestCorruptSnapshot: any changed byte is refused (ErrSnapshot), never a partial list.
func TestCorruptSnapshot(t *testing.T) {
	b, err := os.ReadFile("ofac.snapshot")
	if err != nil {
		t.Fatal(err)
	}
	info := embedded.Info()
	for _, i := range []int{0, 20, len(b) / 2, len(b) - 1} {
		c := slices.Clone(b)
		c[i] ^= 1
		if _, err := sanctions.UnmarshalSnapshot(c, info.SnapshotSHA256); !errors.Is(err, sanctions.ErrSnapshot) {
			t.Errorf("byte %d flipped: err %v, want ErrSnapshot", i, err)
		}
	}
	if _, err := sanctions.UnmarshalSnapshot(b[:len(b)-1], info.SnapshotSHA256); !errors.Is(err, sanctions.ErrSnapshot) {
		t.Errorf("truncated: err %v", err)
	}
	if _, err := sanctions.UnmarshalSnapshot(b, ""); !errors.Is(err, sanctions.ErrSnapshot) {
		t.Errorf("no digest: err %v", err)
	}
}

// TestOpen: the name "embedded" is the embedded publication, anything else a file for
// sanctions.Open ("./embedded" included); a cancelled context is an error either way.
func TestOpen(t *testing.T) {
	ctx := context.Background()
	l, err := embedded.Open(ctx, embedded.Name)
	if err != nil {
		t.Fatal(err)
	}
	if l.Source.Location != embedded.Location || len(l.Addresses) != embedded.Info().Values {
		t.Fatalf("Open(%q): %s, %d values", embedded.Name, l.Source.Location, len(l.Addresses))
	}
	t.Chdir(t.TempDir())
	if _, err := embedded.Open(ctx, "./"+embedded.Name); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Open(./embedded) without such a file: %v, want not exist", err)
	}
	// A file called "embedded" is read as a file when named ./embedded.
	if err := os.WriteFile(embedded.Name, []byte("address,name\n"+lazarusETH+",own block list\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	own, err := embedded.Open(ctx, "./"+embedded.Name, sanctions.WithFormat("custom"))
	if err != nil {
		t.Fatal(err)
	}
	if own.Source.Location != "./"+embedded.Name || len(own.Addresses) != 1 {
		t.Fatalf("Open(./embedded): %s, %d values", own.Source.Location, len(own.Addresses))
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := embedded.Open(cancelled, embedded.Name); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}
