package stream

import (
	"context"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/screen"
)

// Result is the answer for one item: the transaction result the CLI prints (txid, chain,
// flags, severity, hits with roles and indexes, unscreened parts, list provenance) and the
// item's identity.
type Result struct {
	// ItemType is the item's type ("transaction", "token_transfer", "trace").
	ItemType string `json:"item_type"`
	// ItemID identifies the item: results are idempotent by (TxID, ItemID).
	ItemID string `json:"item_id"`
	// BlockNumber and BlockHash are the item's block, when given.
	BlockNumber uint64 `json:"block_number,omitempty"`
	BlockHash   string `json:"block_hash,omitempty"`
	screen.TxResult
}

// ScreenItem screens every party of the item against one snapshot of the lists. An
// error means nothing could be screened (no list, a stale list in strict mode, a
// cancelled context); invalid addresses inside the item are flagged, not errors.
func ScreenItem(ctx context.Context, s *screen.Screener, it Item) (Result, error) {
	chains := make([]address.Chain, len(it.Parties))
	inputs := make([]string, len(it.Parties))
	for i, p := range it.Parties {
		chains[i], inputs[i] = it.Chain, p.Address
	}
	rs, err := s.ScreenAddressesAs(ctx, chains, inputs)
	if err != nil {
		return Result{}, err
	}
	var lists []screen.ListInfo
	if len(rs) > 0 {
		lists = rs[0].Lists
		if lists == nil {
			lists = []screen.ListInfo{rs[0].List}
		}
	} else {
		lists = s.Lists()
	}
	return assemble(it, rs, lists), nil
}

// assemble builds the item's result from the parties' address results.
func assemble(it Item, rs []screen.Result, lists []screen.ListInfo) Result {
	out := Result{ItemType: it.Type, ItemID: it.ItemID, BlockNumber: it.BlockNumber, BlockHash: it.BlockHash}
	tr := &out.TxResult
	tr.TxID, tr.Chain = it.TxHash, it.Chain
	tr.Hits = []screen.Hit{}
	tr.Unscreened = it.Unscreened
	tr.Addresses = len(rs)
	if len(lists) > 0 {
		tr.List = lists[0]
		if len(lists) > 1 {
			tr.Lists = lists
		}
	}
	have := map[screen.Flag]bool{}
	for i, r := range rs {
		p := it.Parties[i]
		for _, f := range r.Flags {
			have[f] = true
		}
		for _, h := range r.Hits {
			h.Role = p.Role
			h.TxID = it.TxHash
			if p.Index >= 0 {
				idx := p.Index
				h.Index = &idx
			}
			tr.Hits = append(tr.Hits, h)
		}
		for _, n := range r.Notes {
			tr.Notes = append(tr.Notes, string(p.Role)+" "+p.Address+": "+n)
		}
	}
	if len(it.Unscreened) > 0 {
		for _, u := range it.Unscreened {
			if !u.Coinbase {
				have[screen.FlagUnscreenedInput] = true
			}
		}
	}
	tr.Flags = []screen.Flag{}
	tr.Severity = screen.SeverityInfo
	for _, f := range screen.Flags() {
		if have[f] {
			tr.Flags = append(tr.Flags, f)
			if f.Severity() > tr.Severity {
				tr.Severity = f.Severity()
			}
		}
	}
	return out
}
