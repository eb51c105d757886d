package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// sample is the metrics of one benchmark line.
type sample map[string]float64

// results holds every sample per benchmark name (without the -GOMAXPROCS suffix).
type results struct {
	order []string
	runs  map[string][]sample
	rss   []rss
	wrk   []wrkRun
	batch []rss // label = number of lines
	// batchPy are bench/batch's side-by-side runs: "# batchpy LINES PY_S GO_S RATIO".
	batchPy [][4]string
}

// wrkRun is a load test of the service from a separate process, written by bench/run as
// "# wrk KIND REQ/S P99".
type wrkRun struct{ kind, rps, p99 string }

// rss is a peak-RSS measurement of a whole process, written by bench/run as
// "# rss LABEL KB WALL".
type rss struct {
	label string
	kb    float64
	wall  string
}

var lineRE = regexp.MustCompile(`^(Benchmark\S+?)(-\d+)?\s+(\d+)\s+(.*)$`)

func parse(r io.Reader) (*results, error) {
	res := &results{runs: map[string][]sample{}}
	prefix := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "# prefix ") { // bench/run marks runs with other settings
			prefix = strings.TrimSpace(strings.TrimPrefix(line, "# prefix "))
			continue
		}
		if f := strings.Fields(line); len(f) == 5 && f[0] == "#" && f[1] == "rss" {
			kb, err := strconv.ParseFloat(f[3], 64)
			if err == nil {
				res.rss = append(res.rss, rss{label: f[2], kb: kb, wall: f[4]})
			}
			continue
		}
		if f := strings.Fields(line); len(f) == 5 && f[0] == "#" && f[1] == "batch" {
			kb, err := strconv.ParseFloat(f[3], 64)
			if err == nil {
				res.batch = append(res.batch, rss{label: f[2], kb: kb, wall: f[4]})
			}
			continue
		}
		if f := strings.Fields(line); len(f) == 6 && f[0] == "#" && f[1] == "batchpy" {
			res.batchPy = append(res.batchPy, [4]string{f[2], f[3], f[4], f[5]})
			continue
		}
		if f := strings.Fields(line); len(f) == 5 && f[0] == "#" && f[1] == "wrk" {
			res.wrk = append(res.wrk, wrkRun{kind: f[2], rps: f[3], p99: f[4]})
			continue
		}
		m := lineRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		name := prefix + strings.TrimPrefix(m[1], "Benchmark")
		fields := strings.Fields(m[4])
		s := sample{}
		for i := 0; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			s[fields[i+1]] = v
		}
		if _, ok := res.runs[name]; !ok {
			res.order = append(res.order, name)
		}
		res.runs[name] = append(res.runs[name], s)
	}
	return res, sc.Err()
}

// median of metric unit over the runs of name; ok is false when it was not measured.
func (r *results) median(name, unit string) (float64, bool) {
	var vs []float64
	for _, s := range r.runs[name] {
		if v, ok := s[unit]; ok {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return 0, false
	}
	sort.Float64s(vs)
	if len(vs)%2 == 1 {
		return vs[len(vs)/2], true
	}
	return (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2, true
}

func dur(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.3f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.2f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func bytesStr(b float64) string {
	switch {
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", b/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", b/(1<<10))
	}
	return fmt.Sprintf("%.0f B", b)
}

func (r *results) cell(name, unit string) string {
	v, ok := r.median(name, unit)
	if !ok {
		return "—"
	}
	switch unit {
	case "ns/op":
		return dur(v)
	case "B/op", "peak-heap-B", "retained-B":
		return bytesStr(v)
	case "allocs/op", "addresses":
		return strconv.FormatFloat(v, 'f', 0, 64)
	case "req/s":
		return fmt.Sprintf("%.0f", v)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

func (r *results) ratio(name, base string) string {
	a, ok1 := r.median(name, "ns/op")
	b, ok2 := r.median(base, "ns/op")
	if !ok1 || !ok2 || b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

// inverse is how many times faster name is than base ("—" when either is missing).
func (r *results) inverse(name, base string) string {
	a, ok1 := r.median(name, "ns/op")
	b, ok2 := r.median(base, "ns/op")
	if !ok1 || !ok2 || a == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0fx", b/a)
}

func (r *results) count(name string) int { return len(r.runs[name]) }

func main() {
	envFile := flag.String("env", "", "file with the environment description (markdown)")
	cmd := flag.String("cmd", "", "the command that produced the input")
	flag.Parse()
	res, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	env := ""
	if *envFile != "" {
		b, err := os.ReadFile(*envFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "report:", err)
			os.Exit(1)
		}
		env = string(b)
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	write(w, res, env, *cmd)
}
