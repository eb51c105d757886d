package opensanctions

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chainscreen/chainscreen/sanctions"
)

// Topics that give a category.
const (
	topicTerror   = "crime.terror"
	topicSanction = "sanction"
)

// categories returns the categories of a set of FtM topics: crime.terror gives
// terrorism financing, sanction (and sanction.*) gives sanctions.
func categories(topics []string) []sanctions.Category {
	var cs []sanctions.Category
	if slices.Contains(topics, topicTerror) {
		cs = append(cs, sanctions.CategoryTerrorismFinancing)
	}
	for _, t := range topics {
		if t == topicSanction || strings.HasPrefix(t, topicSanction+".") {
			cs = append(cs, sanctions.CategorySanctions)
			break
		}
	}
	return cs
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// parseDate reads an FtM date (YYYY, YYYY-MM, YYYY-MM-DD, or a longer ISO timestamp).
// end selects the last day of a partial date instead of the first.
func parseDate(s string, end bool) (time.Time, bool) {
	switch {
	case len(s) >= 10:
		t, err := time.Parse("2006-01-02", s[:10])
		return t, err == nil
	case len(s) == 7:
		t, err := time.Parse("2006-01", s)
		if err == nil && end {
			t = t.AddDate(0, 1, -1)
		}
		return t, err == nil
	case len(s) == 4:
		t, err := time.Parse("2006", s)
		if err == nil && end {
			t = t.AddDate(1, 0, -1)
		}
		return t, err == nil
	}
	return time.Time{}, false
}

// sanctionLabel names a Sanction entity: its authority's identifier of the act ("צ.ת
// 18/26"), with the program when the program says more ("SDN List (22985)").
func sanctionLabel(s *entity) string {
	aid, prog := first(s.Properties["authorityId"]), first(s.Properties["program"])
	switch {
	case aid != "" && prog != "" && !strings.Contains(prog, aid):
		return prog + " (" + aid + ")"
	case aid != "":
		return aid
	case prog != "":
		return prog
	}
	return s.Caption
}

// build turns the collected entities into lists: one per dataset, or one for all.
func (c *collector) build(merged bool, ro sanctions.ReadOptions) []*sanctions.List {
	byEntity := map[string][]*entity{}
	for _, id := range sortedKeys(c.sanctions) {
		s := c.sanctions[id]
		for _, t := range s.Properties["entity"] {
			byEntity[t] = append(byEntity[t], s)
		}
	}
	holderEnts := map[string]*sanctions.Entity{}
	holderEntity := func(id string) *sanctions.Entity {
		if e, ok := holderEnts[id]; ok {
			return e
		}
		h := c.holders[id]
		if h == nil {
			return nil
		}
		e := &sanctions.Entity{ID: h.ID, Name: cmpOr(first(h.Properties["name"]), h.Caption),
			Type: "entity", Topics: h.Properties["topics"], BirthDate: first(h.Properties["birthDate"])}
		if h.Schema == "Person" {
			e.Type = "individual"
		}
		for _, v := range h.Properties["idNumber"] {
			e.Identifiers = append(e.Identifiers, sanctions.Identifier{Type: "national_id", Value: v})
		}
		for _, v := range h.Properties["passportNumber"] {
			e.Identifiers = append(e.Identifiers, sanctions.Identifier{Type: "passport", Value: v})
		}
		e.Programs, e.ListedOn = programs(byEntity[id])
		holderEnts[id] = e
		return e
	}

	type dsList struct {
		name      string
		values    []sanctions.ListedAddress
		issues    []sanctions.Issue
		published time.Time
	}
	var order []string
	lists := map[string]*dsList{}
	get := func(ds string) *dsList {
		if merged {
			ds = ""
		}
		l := lists[ds]
		if l == nil {
			l = &dsList{name: ds}
			lists[ds] = l
			order = append(order, ds)
		}
		return l
	}
	var allDatasets []string
	for _, w := range c.wallets {
		for _, ds := range w.Datasets {
			if !slices.Contains(allDatasets, ds) {
				allDatasets = append(allDatasets, ds)
			}
		}
	}
	multi := len(allDatasets) > 1

	for _, w := range c.wallets {
		var wissues []sanctions.Issue
		datasets := w.Datasets
		if len(datasets) == 0 {
			datasets = []string{"unknown"}
			wissues = append(wissues, sanctions.Issue{Line: w.line, EntityID: w.ID, Kind: "no_dataset",
				Reason: fmt.Sprintf("line %d: wallet %s names no dataset: listed under \"unknown\"", w.line, w.ID)})
		}
		if len(w.Datasets) == 0 && !slices.Contains(allDatasets, "unknown") {
			allDatasets = append(allDatasets, "unknown")
			multi = len(allDatasets) > 1
		}
		// The parties: the holders found in the file, else the wallet itself.
		var ents []*sanctions.Entity
		topics := slices.Clone(w.Properties["topics"])
		sancs := slices.Clone(byEntity[w.ID])
		for _, hid := range w.Properties["holder"] {
			e := holderEntity(hid)
			if e == nil {
				wissues = append(wissues, sanctions.Issue{Line: w.line, EntityID: w.ID, Kind: "holder_not_found",
					Reason: fmt.Sprintf("line %d: holder %s of wallet %s is not in the file: the wallet is listed as its own party", w.line, hid, w.ID)})
				continue
			}
			ents = append(ents, e)
			topics = append(topics, e.Topics...)
			sancs = append(sancs, byEntity[hid]...)
		}
		if len(ents) == 0 {
			e := &sanctions.Entity{ID: w.ID, Name: cmpOr(first(w.Properties["name"]), ""), Topics: w.Properties["topics"]}
			e.Programs, e.ListedOn = programs(byEntity[w.ID])
			ents = append(ents, e)
		}
		cats := categories(topics)
		if len(cats) == 0 {
			cats = []sanctions.Category{sanctions.CategorySanctions}
			wissues = append(wissues, sanctions.Issue{Line: w.line, EntityID: w.ID, Kind: "no_risk_topic",
				Reason: fmt.Sprintf("line %d: wallet %s and its holders have no topic %q or %q (topics %q): listed as sanctions", w.line, w.ID, topicSanction, topicTerror, topics)})
		}

		// The listing: references, dates and end of the sanctions of the wallet and holders.
		var labels []string
		var listedOn, until time.Time
		allEnd := len(sancs) > 0
		var endLabels []string
		for _, s := range sancs {
			lab := sanctionLabel(s)
			if !slices.Contains(labels, lab) {
				labels = append(labels, lab)
			}
			for _, d := range s.Properties["startDate"] {
				if t, ok := parseDate(d, false); ok && (listedOn.IsZero() || t.Before(listedOn)) {
					listedOn = t
				}
			}
			end, ok := time.Time{}, false
			for _, d := range s.Properties["endDate"] {
				if t, good := parseDate(d, true); good && (!ok || t.After(end)) {
					end, ok = t, true
				}
			}
			if !ok {
				allEnd = false
				continue
			}
			// In force through its last day: the listing ends when that day does.
			if end = end.AddDate(0, 0, 1); end.After(until) {
				until = end
			}
			endLabels = append(endLabels, lab)
		}
		endedBy := ""
		if allEnd {
			endedBy = "sanction ended " + until.AddDate(0, 0, -1).Format("2006-01-02") + ": " + strings.Join(endLabels, "; ")
		} else {
			until = time.Time{}
		}
		ref := strings.Join(labels, "; ")
		published := time.Time{}
		if t, ok := parseDate(w.LastSeen, false); ok {
			published = t
		}
		prefix := ""
		if merged && multi {
			prefix = strings.Join(datasets, ", ") + ": "
		}
		get(datasets[0]).issues = append(get(datasets[0]).issues, wissues...)
		for _, ds := range datasets {
			if merged && ds != datasets[0] {
				break // one value for every dataset of the wallet
			}
			dl := get(ds)
			if published.After(dl.published) {
				dl.published = published
			}
			add := func(value, kind, tag string) {
				for _, e := range ents {
					for _, cat := range cats {
						dl.values = append(dl.values, sanctions.ListedAddress{Value: value,
							Ticker: cmpOr(first(w.Properties["currency"]), first(w.Properties["currencySymbol"])), Entity: e, Category: cat, Kind: kind, Tag: tag,
							Reference: prefix + ref, ListedOn: listedOn, Until: until, EndedBy: endedBy})
					}
				}
			}
			for _, v := range w.Properties["publicKey"] {
				v = strings.TrimSpace(v)
				addr, tag := splitTag(v)
				if tag != "" {
					dl.issues = append(dl.issues, sanctions.Issue{Line: w.line, EntityID: w.ID, Value: v, Kind: "address_tag",
						Reason: fmt.Sprintf("line %d: %q lists one account (tag %s) at the shared address %s", w.line, v, tag, addr)})
				}
				if latin, changed := delatinise(addr); changed {
					dl.issues = append(dl.issues, sanctions.Issue{Line: w.line, EntityID: w.ID, Value: v, Kind: "homoglyph",
						Reason: fmt.Sprintf("line %d: %q is typed with look-alike letters: listed as %s", w.line, v, latin)})
					addr = latin
				}
				add(addr, sanctions.ValueAddress, tag)
			}
			for _, v := range w.Properties["accountId"] {
				add(strings.TrimSpace(v), sanctions.ValueExchangeAccount, "")
			}
			if len(w.Properties["publicKey"])+len(w.Properties["accountId"]) == 0 {
				dl.issues = append(dl.issues, sanctions.Issue{Line: w.line, EntityID: w.ID, Kind: "wallet_without_value",
					Reason: fmt.Sprintf("line %d: wallet %s has neither publicKey nor accountId: nothing to list", w.line, w.ID)})
			}
		}
	}

	loaded := ro.Clock()
	out := make([]*sanctions.List, 0, len(order))
	for i, ds := range order {
		dl := lists[ds]
		name := "OpenSanctions " + ds
		if merged {
			name = "OpenSanctions " + strings.Join(allDatasets, ", ")
		}
		pub := dl.published
		if pub.IsZero() {
			pub = ro.ModTime
		}
		if pub.IsZero() {
			pub = loaded
		}
		l := sanctions.NewList(sanctions.Source{Name: name, Publisher: "OpenSanctions", Format: FormatName,
			Published: pub.UTC().Truncate(24 * time.Hour), LoadedAt: loaded}, dl.values)
		l.Issues = append(l.Issues, dl.issues...)
		if i == 0 {
			l.Issues = append(l.Issues, c.issues...)
		}
		l.EntityCount = len(l.Entities)
		out = append(out, l)
	}
	return out
}

// programs returns the programmes of a party's sanctions (FtM provisions, else program)
// and the earliest start date.
func programs(sancs []*entity) ([]string, time.Time) {
	var ps []string
	var on time.Time
	for _, s := range sancs {
		vs := s.Properties["provisions"]
		if len(vs) == 0 {
			vs = s.Properties["program"]
		}
		for _, p := range vs {
			if !slices.Contains(ps, p) {
				ps = append(ps, p)
			}
		}
		for _, d := range s.Properties["startDate"] {
			if t, ok := parseDate(d, false); ok && (on.IsZero() || t.Before(on)) {
				on = t
			}
		}
	}
	return ps, on
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
