package all_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chainscreen/chainscreen/sanctions"
	_ "github.com/chainscreen/chainscreen/sanctions/all"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The bombs: for each format, the first bytes of a file of that format, then 1.5 GiB of
// spaces without a newline (testdata/gen_bombs.py writes the bzip2 ones and holds the
// same heads).
var bombHeads = map[string]string{
	"ofac":        `<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<Sanctions xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML">`,
	"ftm":         `{"id":"w1","schema":"CryptoWallet","properties":{"publicKey":["`,
	"freeze-logs": `[`,
	"custom":      "address,name\n",
	"nbctf":       "שם מלא,תעודת זהות,דרכון,תאריך לידה,מספר זיהוי הארנק האלקטרוני/ יוזר,מטבע\n",
}

const (
	bombSize  = 3 << 29 // 1.5 GiB of spaces
	bombChunk = 16 << 20
	maxRSS    = 64 << 20 // the limit on a bomb's peak RSS (issue 14)
)

// The repeated parts of the gzip and zip bombs, built once: a gzip member of bombChunk
// spaces, and a deflate stream of bombChunk spaces cut after a sync flush (its blocks
// refer back only to its own spaces, so that copies of it one after the other inflate to
// spaces).
var (
	spacesOnce              sync.Once
	spacesGzip, spacesFlate []byte
)

func buildSpaces(t *testing.T) {
	spacesOnce.Do(func() {
		sp := bytes.Repeat([]byte(" "), bombChunk)
		spacesGzip = gzipMember(t, sp)
		var raw bytes.Buffer
		fw, err := flate.NewWriter(&raw, flate.BestCompression)
		require.NoError(t, err)
		_, err = fw.Write(sp)
		require.NoError(t, err)
		require.NoError(t, fw.Flush())
		spacesFlate = raw.Bytes()
	})
}

func gzipMember(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	require.NoError(t, err)
	_, err = zw.Write(b)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// gzipBomb is a gzip file of head and bombSize spaces: one member for the head, then
// the same member of bombChunk spaces again and again (a gzip reader reads the members
// of a file one after the other).
func gzipBomb(t *testing.T, head string) []byte {
	buildSpaces(t)
	out := gzipMember(t, []byte(head))
	return append(out, bytes.Repeat(spacesGzip, bombSize/bombChunk)...)
}

// zipBomb is a zip file whose single member is head and bombSize spaces, deflated: the
// head's blocks up to a sync flush, the spaces' blocks again and again, and a final
// empty stored block; the header declares the true size.
func zipBomb(t *testing.T, head, member string) []byte {
	buildSpaces(t)
	var raw bytes.Buffer
	fw, err := flate.NewWriter(&raw, flate.BestCompression)
	require.NoError(t, err)
	_, err = fw.Write([]byte(head))
	require.NoError(t, err)
	require.NoError(t, fw.Flush())
	data := append(raw.Bytes(), bytes.Repeat(spacesFlate, bombSize/bombChunk)...)
	data = append(data, 0x01, 0x00, 0x00, 0xff, 0xff) // BFINAL, stored, length 0

	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: member, Method: zip.Deflate,
		CompressedSize64: uint64(len(data)), UncompressedSize64: uint64(len(head)) + bombSize})
	require.NoError(t, err)
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return out.Bytes()
}

// TestBombChild is the process the bomb test measures: it opens $CHAINSCREEN_BOMB with
// the format $CHAINSCREEN_BOMB_FORMAT and prints the error. Without the variables it
// does nothing (and is the baseline: the test binary's own RSS).
func TestBombChild(t *testing.T) {
	path, ok := os.LookupEnv("CHAINSCREEN_BOMB")
	if !ok {
		return // the ordinary test run
	}
	if path != "" {
		_, err := sanctions.Open(context.Background(), path, sanctions.WithFormat(os.Getenv("CHAINSCREEN_BOMB_FORMAT")))
		fmt.Printf("BOMB-ERROR toolarge=%v format=%v: %v\n", errors.Is(err, sanctions.ErrTooLarge), errors.Is(err, sanctions.ErrFormat), err)
	}
	// The peak RSS of this process's own memory (VmHWM): the rusage of a child counts
	// the parent's memory it shared between fork and exec.
	st, err := os.ReadFile("/proc/self/status")
	require.NoError(t, err)
	for _, line := range strings.Split(string(st), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			fmt.Printf("BOMB-HWM %s\n", strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")))
		}
	}
}

// child runs TestBombChild in a new process and returns its output and peak RSS.
func child(t *testing.T, path, format string) (string, int64) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestBombChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CHAINSCREEN_BOMB="+path, "CHAINSCREEN_BOMB_FORMAT="+format)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	i := bytes.Index(out, []byte("BOMB-HWM "))
	require.GreaterOrEqual(t, i, 0, "the child reports its peak RSS: %s", out)
	var kb int64
	_, err = fmt.Sscanf(string(out[i:]), "BOMB-HWM %d kB", &kb)
	require.NoError(t, err)
	return string(out), kb << 10
}

// Each format's bomb, packed with bzip2 (1.2–1.3 KB), gzip (1.5 MB) and zip (1.5 MB),
// is refused with ErrTooLarge and ErrFormat, by a separate process whose peak RSS stays
// under 64 MB (the 1.5 GiB of white space never reaches memory). Under the race
// detector, whose shadow memory multiplies the RSS, the peak is logged, not checked.
func TestDecompressionBombs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 15 bombs")
	}
	_, base := child(t, "", "")
	t.Logf("baseline (the test binary doing nothing): peak RSS %.1f MB", float64(base)/1e6)
	dir := t.TempDir()
	for _, format := range []string{"ofac", "ftm", "freeze-logs", "custom", "nbctf"} {
		head := bombHeads[format]
		bz, err := os.ReadFile(filepath.Join("testdata", "bomb-"+format+".bz2"))
		require.NoError(t, err)
		files := map[string][]byte{
			"bz2": bz,
			"gz":  gzipBomb(t, head),
			"zip": zipBomb(t, head, "bomb.txt"),
		}
		for _, pack := range []string{"bz2", "gz", "zip"} {
			t.Run(format+"."+pack, func(t *testing.T) {
				p := filepath.Join(dir, format+"."+pack)
				require.NoError(t, os.WriteFile(p, files[pack], 0o600))
				out, rss := child(t, p, format)
				t.Logf("%s bomb, %d bytes packed: peak RSS %.1f MB; %s", pack, len(files[pack]), float64(rss)/1e6,
					strings.TrimSpace(out[strings.Index(out, "BOMB-ERROR"):min(len(out), strings.Index(out, "BOMB-ERROR")+200)]))
				assert.Contains(t, out, "BOMB-ERROR toolarge=true format=true")
				if !raceEnabled {
					assert.LessOrEqual(t, rss, int64(maxRSS), "peak RSS")
				}
			})
		}
	}
}
