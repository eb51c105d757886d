package nbctf_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/nbctf"
	"github.com/chainscreen/chainscreen/screen"
)

// Read a small table in the shape of the NBCTF page (its Hebrew headers) with the
// orders' validity, and screen one of its addresses.
func ExampleReadFiles() {
	wallets := "שם מלא,תעודת זהות,דרכון,תאריך לידה,מספר זיהוי הארנק האלקטרוני/ יוזר,מטבע\n" +
		"צ.ת 18/26\n" +
		",,,,TWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ,\n" +
		",,,,-,\n" +
		"צ.ת 53/25\n" +
		"JOHN DOE,123456789,,01/01/1990,962788680555,\n"
	releases := "סוג,תאריך עדכון,תוקף הצו\n" +
		"צ.ת 18/26 של שר הביטחון,01.07.2026,01.07.2028\n" +
		"צ.ת 53/25 של שר הביטחון,24.11.2025,צו חילוט (צח 14/26)\n"
	l, err := nbctf.ReadFiles(context.Background(), strings.NewReader(wallets), strings.NewReader(releases))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.Source.Name, l.Source.Published.Format("2006-01-02"))
	for _, la := range l.Addresses {
		until := "permanent"
		if !la.Until.IsZero() {
			until = "until " + la.Until.Format("2006-01-02")
		}
		fmt.Printf("%s %s %q %s %s\n", la.Value, la.Reference, la.Entity.Name, la.Category, until)
	}
	for _, is := range l.Issues {
		fmt.Println("issue:", is.Kind, "line", is.Line)
	}
	s, err := screen.New([]*sanctions.List{l})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := s.ScreenAddress(context.Background(), "TWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ")
	fmt.Println(r.Hits[0].Entity.Programs, r.Hits[0].Source)
	// Output:
	// IL NBCTF seizure orders 2026-07-01
	// TWB9xgNG9nmJuwW4etsQEb9RRnrnVnoNnJ צ.ת 18/26 "NBCTF seizure order צ.ת 18/26 (holder not named)" terrorism_financing until 2028-07-02
	// 962788680555 צ.ת 53/25 "JOHN DOE" terrorism_financing permanent
	// issue: placeholder line 4
	// issue: exchange_account line 6
	// [צ.ת 18/26] IL NBCTF seizure orders 2026-07-01
}
