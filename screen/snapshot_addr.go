package screen

import "github.com/chainscreen/chainscreen/address"

// Lists returns the provenance of the pinned lists.
func (sn *Snapshot) Lists() []ListInfo { return append([]ListInfo(nil), sn.ix.infos...) }

// ScreenAddressAs screens one address against the pinned lists, as
// Screener.ScreenAddressAs does against the lists in service: every address screened
// through one Snapshot sees the same lists, even while Swap replaces them. The
// screening time (for validity and staleness) is the time the Snapshot was taken.
func (sn *Snapshot) ScreenAddressAs(chain address.Chain, input string) Result {
	return sn.ix.screen(sn.at, chain, input, "")
}
