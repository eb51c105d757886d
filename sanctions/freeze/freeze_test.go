package freeze_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/internal/testdata"
	"github.com/chainscreen/chainscreen/sanctions"
	"github.com/chainscreen/chainscreen/sanctions/freeze"
	_ "github.com/chainscreen/chainscreen/sanctions/ofac" // the list formats read by these tests
)

// Expected numbers, from the independent replay of usdt_configs.csv and
// usdt_blacklist_logs.json:
//
//	python3 sanctions/freeze/testdata/count_freeze.py ../shared/data/lists/usdt_freeze_ethereum
const (
	wantLogs        = 1480
	wantAddLogs     = 834
	wantRemoveLogs  = 50
	wantDestroyLogs = 596
	wantEverAdded   = 830
	wantFrozen      = 780
	wantReleased    = 50
	wantReadds      = 4
	wantLastBlock   = 16670914
	wantZeroDestroy = 25 // destroys_of_zero_address; the zero address stays frozen

	sampleReleased     = "0x9faf5515f177f3a8a845d48c19032b33cc54c09c"
	sampleReleasedTx   = "0x520a66112467b4b79016c2a62658b56e8f78049bae8bf6f4ce4bf39ec2d75ba8"
	sampleReleasedAt   = "block 4638882"
	sampleFrozen       = "0x008fe40574e881e7247b50b991c0cc057d66647f"
	sampleFrozenTx     = "0x348a042dfedaf64400bf6660fe0ed523b373f172b7914985600d882ac09e0631"
	sampleFrozenAt     = "block 5758962"
	usdtLogsRelPath    = "lists/usdt_freeze_ethereum/usdt_blacklist_logs.json"
	usdtExpectedFrozen = "lists/usdt_freeze_ethereum/expected_frozen_at_last_block.txt"
)

func usdtLogsPath(t testing.TB) string {
	return testdata.Path(t, strings.Split(usdtLogsRelPath, "/")...)
}

func readUSDT(t *testing.T) *sanctions.List {
	t.Helper()
	// Open with the format forced: the list is read through the registry, packing and
	// all, the way `--list freeze-logs:FILE` reads it.
	l, err := sanctions.Open(context.Background(), usdtLogsPath(t), sanctions.WithFormat(freeze.FormatName))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func countKind(l *sanctions.List, kind string) int {
	n := 0
	for _, is := range l.Issues {
		if is.Kind == kind {
			n++
		}
	}
	return n
}

func TestReadUSDTFrozenAtLastBlock(t *testing.T) {
	l := readUSDT(t)
	if l.Source.Name != "Tether USDT freezes (Ethereum)" || l.Source.Publisher != "Tether" ||
		l.Source.Format != freeze.FormatName || l.Source.Category != sanctions.CategoryIssuerFreeze {
		t.Errorf("source = %+v", l.Source)
	}
	if len(l.Source.SHA256) != 64 || l.Source.Published.IsZero() {
		t.Errorf("source digest %q, published %v", l.Source.SHA256, l.Source.Published)
	}
	if len(l.Addresses) != wantEverAdded {
		t.Fatalf("%d values, want %d (every address ever added)", len(l.Addresses), wantEverAdded)
	}
	frozen := map[string]bool{}
	released := 0
	for _, la := range l.Addresses {
		if la.Category != sanctions.CategoryIssuerFreeze || la.Ticker != "USDT" || la.Err != nil {
			t.Fatalf("value %+v", la)
		}
		if !strings.HasPrefix(la.Reference, "AddedBlackList tx 0x") || !strings.Contains(la.Reference, " block ") {
			t.Fatalf("reference %q", la.Reference)
		}
		if la.Until.IsZero() {
			if la.EndedBy != "" {
				t.Fatalf("frozen value with EndedBy %q", la.EndedBy)
			}
			frozen[strings.ToLower(la.Value)] = true
		} else {
			released++
			if !strings.HasPrefix(la.EndedBy, "RemovedBlackList tx 0x") {
				t.Fatalf("released value ended by %q", la.EndedBy)
			}
		}
	}
	if len(frozen) != wantFrozen || released != wantReleased {
		t.Fatalf("%d frozen and %d released, want %d and %d", len(frozen), released, wantFrozen, wantReleased)
	}
	// Exactly the addresses of the data's own replay, no more, no fewer.
	want := testdata.Lines(t, strings.Split(usdtExpectedFrozen, "/")...)
	if len(want) != wantFrozen {
		t.Fatalf("%s has %d lines, want %d", usdtExpectedFrozen, len(want), wantFrozen)
	}
	for _, a := range want {
		if !frozen[a] {
			t.Errorf("%s frozen at the last block but not listed as frozen", a)
		}
	}
	if n := countKind(l, "refrozen_while_frozen"); n != wantReadds {
		t.Errorf("%d re-freezes of frozen addresses reported, want %d", n, wantReadds)
	}
	if n := countKind(l, "destroyed_black_funds"); n != wantDestroyLogs {
		t.Errorf("%d DestroyedBlackFunds recorded, want %d", n, wantDestroyLogs)
	}
	if n := countKind(l, "unknown_topic") + countKind(l, "malformed_log") + countKind(l, "unfreeze_not_frozen"); n != 0 {
		t.Errorf("%d unexpected issues: %+v", n, l.Issues)
	}
}

func TestReadUSDTSamples(t *testing.T) {
	l := readUSDT(t)
	byValue := map[string]sanctions.ListedAddress{}
	for _, la := range l.Addresses {
		byValue[strings.ToLower(la.Value)] = la
	}
	rel, ok := byValue[sampleReleased]
	if !ok {
		t.Fatalf("released %s not listed at all", sampleReleased)
	}
	if rel.Until.IsZero() || !strings.Contains(rel.EndedBy, sampleReleasedTx) || !strings.Contains(rel.EndedBy, sampleReleasedAt) {
		t.Errorf("released value: until %v, ended by %q; want the unfreeze tx %s at %s", rel.Until, rel.EndedBy, sampleReleasedTx, sampleReleasedAt)
	}
	// The file has no block times: the release is dated no later than the list.
	if rel.Until.After(l.Source.Published) {
		t.Errorf("until %v after the date of issue %v", rel.Until, l.Source.Published)
	}
	fr, ok := byValue[sampleFrozen]
	if !ok || !fr.Until.IsZero() {
		t.Fatalf("frozen %s: %+v", sampleFrozen, fr)
	}
	if !strings.Contains(fr.Reference, sampleFrozenTx) || !strings.Contains(fr.Reference, sampleFrozenAt) {
		t.Errorf("frozen reference %q, want tx %s at %s", fr.Reference, sampleFrozenTx, sampleFrozenAt)
	}
	// DestroyedBlackFunds is recorded and does not unfreeze.
	zero := common.Address{}.Hex()
	if z, ok := byValue[strings.ToLower(zero)]; !ok || !z.Until.IsZero() {
		t.Errorf("the zero address (funds destroyed %d times) is not frozen: %+v", wantZeroDestroy, z)
	}
	destroys := 0
	for _, is := range l.Issues {
		if is.Kind == "destroyed_black_funds" && is.Value == zero {
			destroys++
		}
	}
	if destroys != wantZeroDestroy {
		t.Errorf("%d DestroyedBlackFunds of the zero address recorded, want %d", destroys, wantZeroDestroy)
	}
	if fr.Addr.Key != sanctionsEVMKey(sampleFrozen) {
		t.Errorf("frozen value not indexed as an EVM address: %+v", fr.Addr)
	}
}

func sanctionsEVMKey(hex string) address.Key {
	return address.EVMKey(common.HexToAddress(hex))
}

func TestReplayStatsOnRealLogs(t *testing.T) {
	b, err := os.ReadFile(usdtLogsPath(t))
	if err != nil {
		t.Fatal(err)
	}
	var logs []types.Log
	if err := json.Unmarshal(b, &logs); err != nil {
		t.Fatal(err)
	}
	// Fed backwards: the replay orders by block and log index itself.
	for i, j := 0, len(logs)-1; i < j; i, j = i+1, j-1 {
		logs[i], logs[j] = logs[j], logs[i]
	}
	rp := freeze.NewReplay()
	if err := rp.Apply(logs...); err != nil {
		t.Fatal(err)
	}
	st := rp.Stats()
	if st.Logs != wantLogs || st.Freezes != wantAddLogs || st.Unfreezes != wantRemoveLogs ||
		st.Destroys != wantDestroyLogs || st.Removed != 0 || len(st.Unknown) != 0 || st.Malformed != 0 {
		t.Errorf("stats %+v", st)
	}
	if rp.LastBlock() != wantLastBlock {
		t.Errorf("last block %d, want %d", rp.LastBlock(), wantLastBlock)
	}
	l, err := rp.List()
	if err != nil {
		t.Fatal(err)
	}
	frozen := 0
	for _, la := range l.Addresses {
		if la.Until.IsZero() {
			frozen++
		}
	}
	if frozen != wantFrozen {
		t.Errorf("%d frozen after a backwards feed, want %d", frozen, wantFrozen)
	}
}

// TestTopics cross-checks the keccak-256 topics against the prefixes and suffixes that
// docs/list-formats.md quotes and the full hashes of the data README.
func TestTopics(t *testing.T) {
	for _, c := range []struct {
		got            common.Hash
		prefix, suffix string
		full           string
	}{
		{freeze.TopicAddedBlackList, "0x42e16015", "d819dc", "0x42e160154868087d6bfdc0ca23d96a1c1cfa32f1b72ba9ba27b69b98a0d819dc"},
		{freeze.TopicRemovedBlackList, "0xd7e9ec6e", "24470c", "0xd7e9ec6e6ecd65492dce6bf513cd6867560d49544421d0783ddf06e76c24470c"},
		{freeze.TopicDestroyedBlackFunds, "0x61e6e66b", "698c6", "0x61e6e66b0d6339b2980aecc6ccc0039736791f0ccde9ed512e789a7fbdd698c6"},
	} {
		h := c.got.Hex()
		if !strings.HasPrefix(h, c.prefix) || !strings.HasSuffix(h, c.suffix) || h != c.full {
			t.Errorf("topic %s, want %s…%s (%s)", h, c.prefix, c.suffix, c.full)
		}
	}
	// FiatToken's events, as published in Circle's contracts and on Etherscan.
	if h := freeze.TopicBlacklisted.Hex(); h != "0xffa4e6181777692565cf28528fc88fd1516ea86b56da075235fa575af6a4b855" {
		t.Errorf("Blacklisted topic %s", h)
	}
	if h := freeze.TopicUnBlacklisted.Hex(); h != "0x117e3210bb9aa7d9baff172026820255c6f6c30ba8999d1c2fd88e2848137c4e" {
		t.Errorf("UnBlacklisted topic %s", h)
	}
	if n := len(freeze.Topics()[0]); n != 5 {
		t.Errorf("%d topics in the filter", n)
	}
}

func word(a common.Address) common.Hash { return common.BytesToHash(a.Bytes()) }

func fiatLog(topic common.Hash, who common.Address, block uint64, index uint, tx byte, ts uint64) types.Log {
	return types.Log{Address: freeze.USDC.Contract, Topics: []common.Hash{topic, word(who)},
		BlockNumber: block, Index: index, TxHash: common.Hash{tx}, BlockTimestamp: ts}
}

func TestUSDCSynthetic(t *testing.T) {
	alice := common.HexToAddress("0x1111111111111111111111111111111111111111")
	bob := common.HexToAddress("0x2222222222222222222222222222222222222222")
	carol := common.HexToAddress("0x3333333333333333333333333333333333333333")
	const t0 = 1700000000
	rp := freeze.NewReplay(freeze.WithClock(func() time.Time { return time.Unix(t0+86400*10, 0) }))
	unknown := common.HexToHash("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef") // Transfer
	err := rp.Apply(
		// Out of order: bob's release comes before his freeze in the feed.
		fiatLog(freeze.TopicUnBlacklisted, bob, 20, 1, 0xb2, t0+200),
		fiatLog(freeze.TopicBlacklisted, alice, 10, 0, 0xa1, t0+100),
		fiatLog(freeze.TopicBlacklisted, bob, 10, 3, 0xb1, t0+100),
		// A reorged-out freeze of carol: never applied.
		func() types.Log {
			l := fiatLog(freeze.TopicBlacklisted, carol, 21, 0, 0xc1, t0+300)
			l.Removed = true
			return l
		}(),
		types.Log{Address: freeze.USDC.Contract, Topics: []common.Hash{unknown, word(alice), word(bob)}, BlockNumber: 11},
		types.Log{Address: freeze.USDC.Contract, Topics: []common.Hash{unknown}, BlockNumber: 12},
	)
	if err != nil {
		t.Fatal(err)
	}
	l, err := rp.List()
	if err != nil {
		t.Fatal(err)
	}
	if l.Source.Name != freeze.USDC.Source || l.Source.Publisher != "Circle" {
		t.Errorf("source %+v", l.Source)
	}
	if want := time.Unix(t0+200, 0).UTC().Truncate(24 * time.Hour); !l.Source.Published.Equal(want) {
		t.Errorf("published %v, want the last block's day %v", l.Source.Published, want)
	}
	got := map[common.Address]sanctions.ListedAddress{}
	for _, la := range l.Addresses {
		got[common.HexToAddress(la.Value)] = la
	}
	if len(got) != 2 {
		t.Fatalf("values %+v", l.Addresses)
	}
	if a := got[alice]; !a.Until.IsZero() || a.Ticker != "USDC" || a.Category != sanctions.CategoryIssuerFreeze ||
		!a.ListedOn.Equal(time.Unix(t0+100, 0).UTC()) || !strings.Contains(a.Reference, "Blacklisted tx 0xa1") {
		t.Errorf("alice %+v", a)
	}
	if b := got[bob]; !b.Until.Equal(time.Unix(t0+200, 0).UTC()) || !strings.Contains(b.EndedBy, "UnBlacklisted tx 0xb2") {
		t.Errorf("bob (frozen then released) %+v", b)
	}
	if _, ok := got[carol]; ok {
		t.Error("a removed:true log was applied")
	}
	st := rp.Stats()
	if st.Removed != 1 || st.Undone != 0 || st.Unknown[unknown] != 2 || st.Freezes != 2 || st.Unfreezes != 1 {
		t.Errorf("stats %+v", st)
	}
	if n := countKind(l, "unknown_topic"); n != 1 || !strings.Contains(issueOf(l, "unknown_topic"), "2 logs") {
		t.Errorf("unknown topics reported %d times: %+v", n, l.Issues)
	}
	if countKind(l, "reorged_log") != 1 {
		t.Errorf("the reorged log is not reported: %+v", l.Issues)
	}

	// A reorg that removes alice's freeze after it was applied undoes it.
	rm := fiatLog(freeze.TopicBlacklisted, alice, 10, 0, 0xa1, t0+100)
	rm.Removed = true
	if err := rp.Apply(rm); err != nil {
		t.Fatal(err)
	}
	l, err = rp.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, la := range l.Addresses {
		if common.HexToAddress(la.Value) == alice {
			t.Errorf("alice still listed after her freeze was reorganised out: %+v", la)
		}
	}
	if st := rp.Stats(); st.Undone != 1 {
		t.Errorf("undone %d", st.Undone)
	}
}

func issueOf(l *sanctions.List, kind string) string {
	for _, is := range l.Issues {
		if is.Kind == kind {
			return is.Reason
		}
	}
	return ""
}

func TestMalformedLogs(t *testing.T) {
	rp := freeze.NewReplay()
	bad := types.Log{Address: freeze.USDT.Contract, Topics: []common.Hash{freeze.TopicAddedBlackList},
		Data: bytes.Repeat([]byte{0xff}, 32), BlockNumber: 5, TxHash: common.Hash{1}}
	short := types.Log{Address: freeze.USDT.Contract, Topics: []common.Hash{freeze.TopicDestroyedBlackFunds},
		Data: make([]byte, 32), BlockNumber: 6, TxHash: common.Hash{2}}
	noTopic1 := types.Log{Address: freeze.USDC.Contract, Topics: []common.Hash{freeze.TopicBlacklisted}, BlockNumber: 7}
	err := rp.Apply(bad, short, noTopic1)
	if !errors.Is(err, freeze.ErrMalformedLog) {
		t.Fatalf("err %v", err)
	}
	if st := rp.Stats(); st.Malformed != 3 || st.Freezes+st.Destroys != 0 {
		t.Errorf("stats %+v", st)
	}
	if _, err := rp.List(); !errors.Is(err, freeze.ErrNoEvents) {
		t.Errorf("list of no events: %v", err)
	}
}

func TestReadBadInput(t *testing.T) {
	ctx := context.Background()
	for name, in := range map[string]string{
		"not json":     "hello",
		"object":       `{"a":1}`,
		"truncated":    `[{"address":"0xdac17f958d2ee523a2206206994597c13d831ec7","topics":[`,
		"rpc error":    `{"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":"limit"}}`,
		"array of num": `[1,2`,
	} {
		if _, err := freeze.Read(ctx, strings.NewReader(in)); !errors.Is(err, sanctions.ErrFormat) {
			t.Errorf("%s: err %v, want ErrFormat", name, err)
		}
	}
	if _, err := freeze.Read(ctx, strings.NewReader(`[]`)); !errors.Is(err, sanctions.ErrEmpty) || !errors.Is(err, freeze.ErrNoEvents) {
		t.Errorf("empty array: %v", err)
	}
	// A record that is JSON but not a log is an issue with its record number; the
	// others are applied.
	in := `[{"address":"0xdac17f958d2ee523a2206206994597c13d831ec7","topics":["0x42e160154868087d6bfdc0ca23d96a1c1cfa32f1b72ba9ba27b69b98a0d819dc"],"data":"0x0000000000000000000000009faf5515f177f3a8a845d48c19032b33cc54c09c","blockNumber":"0x1","transactionHash":"0x17ce88e3e2417f6c13db93f619423cc4c5f51e89660587631dc34c823fac54a8","logIndex":"0x0"},
	 {"address":"0xdac17f958d2ee523a2206206994597c13d831ec7","data":"0x"},
	 {"address":"0xdac17f958d2ee523a2206206994597c13d831ec7","topics":["0x42e160154868087d6bfdc0ca23d96a1c1cfa32f1b72ba9ba27b69b98a0d819dc"],"data":"0x01","blockNumber":"0x2","transactionHash":"0x27ce88e3e2417f6c13db93f619423cc4c5f51e89660587631dc34c823fac54a8","logIndex":"0x0"}]`
	l, err := freeze.Read(ctx, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Addresses) != 1 {
		t.Errorf("values %+v", l.Addresses)
	}
	lines := map[int]bool{}
	for _, is := range l.Issues {
		if is.Kind == "malformed_log" {
			lines[is.Line] = true
		}
	}
	if !lines[2] || !lines[3] || len(lines) != 2 {
		t.Errorf("malformed records reported %v, want 2 and 3: %+v", lines, l.Issues)
	}
}

func TestReadJSONRPCResponse(t *testing.T) {
	b, err := os.ReadFile(usdtLogsPath(t))
	if err != nil {
		t.Fatal(err)
	}
	wrapped := append(append([]byte(`{"jsonrpc":"2.0","id":7,"result":`), b...), '}')
	if !freeze.Sniff(wrapped) {
		t.Error("sniffer refuses a JSON-RPC response")
	}
	l, err := freeze.Read(context.Background(), bytes.NewReader(wrapped))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Addresses) != wantEverAdded {
		t.Errorf("%d values", len(l.Addresses))
	}
}

func TestSniff(t *testing.T) {
	head := func(elem ...string) []byte {
		b, err := os.ReadFile(testdata.Path(t, elem...))
		if err != nil {
			t.Fatal(err)
		}
		return b[:min(len(b), sanctions.SniffLen)]
	}
	if !freeze.Sniff(head(strings.Split(usdtLogsRelPath, "/")...)) {
		t.Error("sniffer refuses the USDT logs")
	}
	for _, elem := range [][]string{
		{"ofac", "excerpts", "sdn_advanced_excerpt_2025-11-19.xml"},
		{"ofac", "excerpts", "sdn_csv_rows_with_digital_currency_2024-05-03.csv"},
		{"lists", "usdt_freeze_ethereum", "usdt_configs.csv"},
		{"lists", "nbctf", "wallets.csv"},
		{"lists", "opensanctions", "entities.ftm.json"},
		{"lists", "usdt_freeze_ethereum", "expected_sets.json"},
		{"lists", "brave-intl", "sanctioned_addresses_ETH.json"},
	} {
		if freeze.Sniff(head(elem...)) {
			t.Errorf("sniffer claims %s", strings.Join(elem, "/"))
		}
	}
	if freeze.Sniff([]byte(`[{"address":"0x8589427373d6d84e98730d7795d8f6f8731fda16","name":"Tornado"}]`)) {
		t.Error("sniffer claims a custom JSON list")
	}
}

// TestOpenDetects: sanctions.Open recognises the logs from their content, without
// FORMAT:FILE, and no other registered format claims them.
func TestOpenDetects(t *testing.T) {
	l, err := sanctions.Open(context.Background(), usdtLogsPath(t))
	if err != nil {
		t.Fatal(err)
	}
	if l.Source.Format != freeze.FormatName || len(l.Addresses) != wantEverAdded {
		t.Errorf("detected as %q with %d values", l.Source.Format, len(l.Addresses))
	}
}
