package opensanctions_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/chainscreen/chainscreen/sanctions/opensanctions"
)

// Reading an export: the holder comes after its wallet, the sanction before both.
func ExampleReadDatasets() {
	export := strings.Join([]string{
		`{"id":"s1","caption":"SDN List","schema":"Sanction","properties":{"entity":["p1"],"authority":["Office of Foreign Assets Control (OFAC)"],"program":["SDN List"],"provisions":["CYBER2"],"startDate":["2022-08-08"]},"datasets":["us_ofac_sdn"]}`,
		`{"id":"w1","caption":"0x8589427373D6D84E98730D7795D8f6f8731FDA16","schema":"CryptoWallet","properties":{"publicKey":["0x8589427373D6D84E98730D7795D8f6f8731FDA16"],"currency":["ETH"],"holder":["p1"],"topics":["sanction"]},"datasets":["us_ofac_sdn"],"last_seen":"2024-12-19T00:00:00"}`,
		`{"id":"p1","caption":"TORNADO CASH","schema":"Organization","properties":{"name":["TORNADO CASH"],"topics":["sanction"]},"datasets":["us_ofac_sdn"]}`,
	}, "\n")
	lists, err := opensanctions.ReadDatasets(context.Background(), strings.NewReader(export))
	if err != nil {
		panic(err)
	}
	for _, l := range lists {
		fmt.Println(l.Source.Name, l.Source.Published.Format("2006-01-02"))
		for _, la := range l.Addresses {
			fmt.Println(la.Value, la.Ticker, la.Category, la.Entity.Name, la.Entity.Programs, la.ListedOn.Format("2006-01-02"))
		}
	}
	// Output:
	// OpenSanctions us_ofac_sdn 2024-12-19
	// 0x8589427373D6D84E98730D7795D8f6f8731FDA16 ETH sanctions TORNADO CASH [CYBER2] 2022-08-08
}
