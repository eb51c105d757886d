package ofac_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/chainscreen/chainscreen/sanctions/ofac"
)

// A minimal SDN_ADVANCED.XML document: one party with one XBT address. Real publications
// are read from a file with sanctions.Open.
const sdnAdvanced = `<?xml version="1.0" encoding="utf-8"?>
<Sanctions xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML">
  <DateOfIssue><Year>2025</Year><Month>11</Month><Day>19</Day></DateOfIssue>
  <ReferenceValueSets>
    <FeatureTypeValues>
      <FeatureType ID="344" FeatureTypeGroupID="1">Digital Currency Address - XBT</FeatureType>
    </FeatureTypeValues>
    <PartySubTypeValues><PartySubType ID="4" PartyTypeID="1">Unknown</PartySubType></PartySubTypeValues>
    <PartyTypeValues><PartyType ID="1">Individual</PartyType></PartyTypeValues>
  </ReferenceValueSets>
  <DistinctParties>
    <DistinctParty FixedRef="25308">
      <Profile ID="25308" PartySubTypeID="4">
        <Identity Primary="true">
          <Alias Primary="true">
            <DocumentedName DocNameStatusID="1">
              <DocumentedNamePart><NamePartValue>YAN</NamePartValue></DocumentedNamePart>
              <DocumentedNamePart><NamePartValue>Xiaobing</NamePartValue></DocumentedNamePart>
            </DocumentedName>
          </Alias>
        </Identity>
        <Feature ID="31723" FeatureTypeID="344">
          <FeatureVersion>
            <VersionDetail DetailTypeID="1432">12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h</VersionDetail>
          </FeatureVersion>
        </Feature>
      </Profile>
    </DistinctParty>
  </DistinctParties>
  <SanctionsEntries>
    <SanctionsEntry ProfileID="25308" ListID="1550">
      <EntryEvent><Date><Year>2019</Year><Month>8</Month><Day>21</Day></Date></EntryEvent>
      <SanctionsMeasure SanctionsTypeID="1"><Comment>SDNTK</Comment></SanctionsMeasure>
    </SanctionsEntry>
  </SanctionsEntries>
</Sanctions>
`

func ExampleReadAdvanced() {
	l, err := ofac.ReadAdvanced(context.Background(), strings.NewReader(sdnAdvanced))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.Source.Name, l.Source.Published.Format("2006-01-02"), l.Source.SHA256[:16])
	for _, a := range l.Addresses {
		e := a.Entity
		fmt.Printf("%s %s: %s (%s, %s) %v listed %s\n", a.Ticker, a.Value, e.Name, e.ID, e.Type,
			e.Programs, e.ListedOn.Format("2006-01-02"))
	}
	// Output:
	// OFAC SDN 2025-11-19 cb157344cd6dcfbd
	// XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h: YAN Xiaobing (25308, individual) [SDNTK] listed 2019-08-21
}
