package cache_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/chainscreen/chainscreen/sanctions/cache"
	_ "github.com/chainscreen/chainscreen/sanctions/custom" // the format cached here
)

// Seeding a cache offline from a local file (`lists update --source custom --from FILE`),
// then reading the cached list back, as every later start does.
func ExampleFetcher_Seed() {
	dir, _ := os.MkdirTemp("", "cache-example")
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "blocklist.csv")
	os.WriteFile(file, []byte("address,name\n0x098B716B8Aaf21512996dC57EB0615e2383E2f96,Lazarus Group\n"), 0o644)
	day := time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC)
	os.Chtimes(file, day, day) // a custom list is dated by its file

	f, err := cache.New(cache.Config{Format: "custom", CacheDir: filepath.Join(dir, "cache")})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	res, err := f.Seed(ctx, file)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status, res.Current.Published.Format(time.DateOnly), res.Current.Values, "value")
	l, err := f.Current(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.Source.Name, l.Addresses[0].Entity.Name)
	// Output:
	// updated 2025-11-19 1 value
	// blocklist.csv Lazarus Group
}
