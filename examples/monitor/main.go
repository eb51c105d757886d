package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/monitor"
	"github.com/chainscreen/chainscreen/monitor/boltstore"
	"github.com/chainscreen/chainscreen/sanctions"
	_ "github.com/chainscreen/chainscreen/sanctions/all" // the list formats read by this program
	"github.com/chainscreen/chainscreen/sanctions/embedded"
	"github.com/chainscreen/chainscreen/screen"
)

// tornadoCash are five of the Tornado Cash addresses on the 2024-12-19 list.
var tornadoCash = []string{
	"0xd90e2f925DA726b50C4Ed8D0Fb90Ad053324F31b", // router
	"0x12D66f87A04A9E220743712cE6d9bB1B5616B8Fc", // 0.1 ETH pool
	"0x47CE0C6eD5B0Ce3d3A51fdb1C52DC66a7c3c2936", // 1 ETH pool
	"0x910Cbd523D972eb0a6f4cAe4618aD62622b39DbF", // 10 ETH pool
	"0xA160cdAB225685dA1d56aa342Ad8841c3b53f291", // 100 ETH pool
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "monitor:", err)
		os.Exit(1)
	}
}

// listFlags collects repeated --list flags.
type listFlags []string

func (l *listFlags) String() string     { return strings.Join(*l, ",") }
func (l *listFlags) Set(s string) error { *l = append(*l, s); return nil }

// run registers the addresses and re-screens them against each list in turn.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("monitor", flag.ContinueOnError)
	fs.SetOutput(stdout)
	var lists listFlags
	fs.Var(&lists, "list", "a publication (OFAC SDN_ADVANCED .xml, .xml.bz2 or .zip, or \"embedded\": the publication in the binary); repeat, oldest first")
	addrFile := fs.String("addresses", "", "file of addresses to register, one per line (default: five Tornado Cash addresses)")
	db := fs.String("db", "", "keep the watchlist, state and events in this bbolt file (default: in memory)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if len(lists) == 0 {
		return errors.New("pass at least one --list PATH (oldest first)")
	}
	addrs := tornadoCash
	if *addrFile != "" {
		var err error
		if addrs, err = readAddresses(*addrFile); err != nil {
			return err
		}
	}

	var store monitor.Store = monitor.NewMemoryStore()
	if *db != "" {
		bs, err := boltstore.Open(ctx, *db, 0)
		if err != nil {
			return err
		}
		defer bs.Close()
		store = bs
	}
	quiet := slog.New(slog.DiscardHandler)
	m := monitor.New(store, monitor.WithLogger(quiet),
		monitor.WithEventHandler(func(_ context.Context, e monitor.Event) { alert(stdout, e) }))
	for i, a := range addrs {
		if _, err := m.Add(ctx, address.ChainUnknown, a, fmt.Sprintf("customer-%d deposit", 1001+i)); err != nil {
			return err
		}
	}

	var s *screen.Screener
	for _, p := range lists {
		l, err := embedded.Open(ctx, p)
		if err != nil {
			return fmt.Errorf("loading %s: %w", p, err)
		}
		// What a Refresher does when a new publication lands: swap it in, then re-screen.
		if s == nil {
			if s, err = screen.New([]*sanctions.List{l}, screen.WithLogger(quiet)); err != nil {
				return err
			}
		} else if err := s.Swap(l); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "publication %s %s (sha256 %.16s…): re-screening %d addresses\n",
			l.Source.Name, l.Source.Published.Format("2006-01-02"), l.Source.SHA256, len(addrs))
		evs, err := m.OnListChange(ctx, s)
		if err != nil {
			return err
		}
		if len(evs) == 0 {
			fmt.Fprintln(stdout, "  no change")
		}
	}
	return nil
}

// alert prints one event the way an on-call compliance channel would receive it.
func alert(w io.Writer, e monitor.Event) {
	var parties []string
	for _, h := range e.Hits {
		parties = append(parties, fmt.Sprintf("%s (id %s, %s)", h.Entity.Name, h.Entity.ID, strings.Join(h.Entity.Programs, " ")))
	}
	pub := fmt.Sprintf("%s %s, sha256 %.16s…", e.Publication.Source, e.Publication.Published, e.Publication.SHA256)
	switch e.Type {
	case monitor.EventDelisted:
		prev := ""
		if e.Previous != nil {
			prev = fmt.Sprintf("; listed in %s %s", e.Previous.Source, e.Previous.Published)
		}
		fmt.Fprintf(w, "  ALERT #%d DELISTED %s [%s]: no longer listed for %s in %s%s\n",
			e.Seq, e.Address, e.Label, strings.Join(parties, ", "), pub, prev)
	case monitor.EventNewlySanctioned:
		note := ""
		if e.FirstScreen {
			note = " (first screening of this address)"
		}
		fmt.Fprintf(w, "  ALERT #%d NEWLY_SANCTIONED %s [%s]: listed for %s in %s%s\n",
			e.Seq, e.Address, e.Label, strings.Join(parties, ", "), pub, note)
	}
}

func readAddresses(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" && !strings.HasPrefix(s, "#") {
			out = append(out, s)
		}
	}
	return out, sc.Err()
}
