package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/chainscreen/chainscreen/screen"
)

// ofacSearchURL is OFAC's Sanctions List Search; Details.aspx?id= takes the SDN entry
// number, which is the DistinctParty FixedRef of SDN_ADVANCED.XML (the entity id).
const (
	ofacSearchURL  = "https://sanctionssearch.ofac.treas.gov/"
	ofacDetailsURL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id="
)

// Identification is one element of the Chainalysis sanctions API answer. The field
// names are Chainalysis' own, so that an integration can switch by changing the base URL.
type Identification struct {
	// Category is the listing's category: "sanctions" (Chainalysis' only one),
	// "terrorism_financing" or "issuer_freeze".
	Category string `json:"category"`
	// Name is "<CATEGORY>: <list> <entity name>", e.g. "SANCTIONS: OFAC SDN Lazarus Group",
	// "TERRORISM FINANCING: NBCTF ...".
	Name string `json:"name"`
	// Description gives the entity, its programmes and listing date, the listed value
	// and ticker, and the publication the answer comes from.
	Description string `json:"description"`
	// URL is the entity's page on OFAC's Sanctions List Search (for OFAC lists).
	URL string `json:"url"`
}

// ChainalysisResponse is the body of GET /api/v1/address/{address}.
type ChainalysisResponse struct {
	// Identifications has one element per listed party; empty when the address is clean.
	Identifications []Identification `json:"identifications"`
}

// chainalysis: GET /api/v1/address/{address}, the shape of Chainalysis' free sanctions
// screening API. An input that is not an address and matches no listed value is 400
// invalid_address (Chainalysis has no flags to say so, and an empty answer reads as clean).
// For the same reason a miss against a stale list (non-strict mode) is 503 list_stale.
func (s *Server) chainalysis(w http.ResponseWriter, r *http.Request) {
	scr := s.scr.Load()
	if scr == nil {
		noScreener(w)
		return
	}
	chain, err := chainParam(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_chain", err.Error())
		return
	}
	res, err := scr.ScreenAddressTag(r.Context(), chain, r.PathValue("address"), tagParam(r))
	if err != nil {
		s.screenError(w, r, err)
		return
	}
	s.metrics.result(kindAddress, len(res.Hits))
	if len(res.Hits) == 0 && (res.Has(screen.FlagInvalidAddress) || res.Has(screen.FlagChecksumMismatch)) {
		msg := "not a valid address"
		if len(res.Notes) > 0 {
			msg = res.Notes[len(res.Notes)-1]
		}
		writeError(w, http.StatusBadRequest, "invalid_address", msg)
		return
	}
	if len(res.Hits) == 0 && res.Has(screen.FlagListStale) {
		// This shape has no flags: an empty answer from a stale list would read as clean.
		writeError(w, http.StatusServiceUnavailable, "list_stale",
			"the sanctions list is older than the maximum age; no clean answer can be given")
		return
	}
	s.writeJSON(w, r, http.StatusOK, identifications(res))
}

// identifications turns a Result into the Chainalysis shape: one identification per
// listed party and list, with every listed value that matched.
func identifications(res screen.Result) ChainalysisResponse {
	out := ChainalysisResponse{Identifications: []Identification{}}
	type group struct {
		hit    screen.Hit
		values []string
	}
	var groups []*group
	for _, h := range res.Hits {
		var g *group
		for _, o := range groups {
			if o.hit.Entity.ID == h.Entity.ID && o.hit.List == h.List && o.hit.Entity.Name == h.Entity.Name &&
				o.hit.Category == h.Category {
				g = o
				break
			}
		}
		if g == nil {
			g = &group{hit: h}
			groups = append(groups, g)
		}
		v := h.ListedValue + " (" + h.Ticker
		if h.OtherChain {
			v += ", listed for " + string(h.ListedChain) + ", not " + string(res.Chain)
		}
		if h.Kind != "" {
			v += ", " + h.Kind
		}
		if h.Tag != "" {
			if h.TagMismatch {
				v += ", only the account with tag " + h.Tag + " is listed"
			} else {
				v += ", tag " + h.Tag
			}
		}
		if h.Reference != "" {
			v += ", " + h.Reference
		}
		v += ")"
		g.values = append(g.values, v)
	}
	lists := res.Lists
	if len(lists) == 0 {
		lists = []screen.ListInfo{res.List}
	}
	for _, g := range groups {
		li := listOf(g.hit.List, lists)
		e := g.hit.Entity
		var d strings.Builder
		d.WriteString(e.Name)
		if e.Type != "" {
			d.WriteString(" (" + e.Type + ")")
		}
		d.WriteString(" is on the " + li.Source + " list")
		if len(e.Programs) > 0 {
			d.WriteString(" under program")
			if len(e.Programs) > 1 {
				d.WriteString("s")
			}
			d.WriteString(" " + strings.Join(e.Programs, ", "))
		}
		if !e.ListedOn.IsZero() {
			d.WriteString(", listed on " + e.ListedOn.String())
		}
		if e.ID != "" {
			d.WriteString(" (entity id " + e.ID + ")")
		}
		d.WriteString(". Listed value: " + strings.Join(g.values, "; ") + ".")
		if li.Published != "" {
			d.WriteString(" Publication of " + li.Published)
			if li.SHA256 != "" {
				d.WriteString(", sha256 " + li.SHA256)
			}
			d.WriteString(".")
		}
		u := ""
		if strings.HasPrefix(li.Source, "OFAC") {
			u = ofacSearchURL
			if e.ID != "" {
				u = ofacDetailsURL + url.QueryEscape(e.ID)
			}
		}
		cat := string(g.hit.Category)
		if cat == "" {
			cat = "sanctions"
		}
		out.Identifications = append(out.Identifications, Identification{
			Category:    cat,
			Name:        strings.ToUpper(strings.ReplaceAll(cat, "_", " ")) + ": " + li.Source + " " + e.Name,
			Description: d.String(),
			URL:         u,
		})
	}
	return out
}

// listOf finds the list a hit came from.
func listOf(ref screen.ListRef, lists []screen.ListInfo) screen.ListInfo {
	for _, li := range lists {
		if ref.Matches(li) {
			return li
		}
	}
	return screen.ListInfo{Source: ref.Name, Publisher: ref.Publisher, Format: ref.Format,
		Published: ref.Published.String(), SHA256: ref.SHA256}
}
