package freeze

import (
	"cmp"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/chainscreen/chainscreen/sanctions"
)

// ErrMalformedLog: a log has a known event topic but not that event's shape (missing
// topic, short data, an address word with non-zero high bytes). Apply reports it and
// goes on with the other logs; the reader records it as an issue.
var ErrMalformedLog = errors.New("freeze: malformed freeze log")

// ErrNoEvents: a replay saw no freeze event at all, so there is no list to build (an
// empty result from a node is not a clean list).
var ErrNoEvents = errors.New("freeze: no freeze events")

// Event signatures and their topic0 (keccak-256 of the signature).
var (
	// TopicAddedBlackList is USDT's AddedBlackList(address) (address in data).
	TopicAddedBlackList = crypto.Keccak256Hash([]byte("AddedBlackList(address)"))
	// TopicRemovedBlackList is USDT's RemovedBlackList(address) (address in data).
	TopicRemovedBlackList = crypto.Keccak256Hash([]byte("RemovedBlackList(address)"))
	// TopicDestroyedBlackFunds is USDT's DestroyedBlackFunds(address,uint256) (both in data).
	TopicDestroyedBlackFunds = crypto.Keccak256Hash([]byte("DestroyedBlackFunds(address,uint256)"))
	// TopicBlacklisted is FiatToken's Blacklisted(address indexed) (address in topic 1).
	TopicBlacklisted = crypto.Keccak256Hash([]byte("Blacklisted(address)"))
	// TopicUnBlacklisted is FiatToken's UnBlacklisted(address indexed) (address in topic 1).
	TopicUnBlacklisted = crypto.Keccak256Hash([]byte("UnBlacklisted(address)"))
)

// Topics returns the topic filter of every freeze event, for an ethclient FilterQuery
// (FilterQuery{Topics: freeze.Topics()}).
func Topics() [][]common.Hash {
	return [][]common.Hash{{TopicAddedBlackList, TopicRemovedBlackList, TopicDestroyedBlackFunds,
		TopicBlacklisted, TopicUnBlacklisted}}
}

// kind is what an event does.
type kind uint8

const (
	kindFreeze kind = iota + 1
	kindUnfreeze
	kindDestroy
)

var eventNames = map[common.Hash]string{
	TopicAddedBlackList:      "AddedBlackList",
	TopicRemovedBlackList:    "RemovedBlackList",
	TopicDestroyedBlackFunds: "DestroyedBlackFunds",
	TopicBlacklisted:         "Blacklisted",
	TopicUnBlacklisted:       "UnBlacklisted",
}

// Token is a stablecoin contract whose freeze events a Replay reads.
type Token struct {
	// Contract is the token contract's address.
	Contract common.Address
	// Symbol is the token's ticker, used as the listed values' Ticker ("USDT").
	Symbol string
	// Source names the list of this contract's freezes (sanctions.Source.Name).
	Source string
	// Publisher is the issuer ("Tether", "Circle").
	Publisher string
}

// Known token contracts on Ethereum mainnet.
var (
	// USDT is Tether's TetherToken on Ethereum.
	USDT = Token{Contract: common.HexToAddress("0xdAC17F958D2ee523a2206206994597C13D831ec7"),
		Symbol: "USDT", Source: "Tether USDT freezes (Ethereum)", Publisher: "Tether"}
	// USDC is Circle's FiatToken proxy for USDC on Ethereum.
	USDC = Token{Contract: common.HexToAddress("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"),
		Symbol: "USDC", Source: "Circle USDC freezes (Ethereum)", Publisher: "Circle"}
	// EURC is Circle's FiatToken proxy for EURC on Ethereum.
	EURC = Token{Contract: common.HexToAddress("0x1aBaEA1f7C830bD89Acc67eC4af516284b1bC33c"),
		Symbol: "EURC", Source: "Circle EURC freezes (Ethereum)", Publisher: "Circle"}
)

// Option configures a Replay or the reader.
type Option func(*options)

type options struct {
	tokens    []Token
	chain     string
	clock     func() time.Time
	published time.Time
}

// WithToken declares a token contract (another chain's USDT, a new FiatToken). Logs of
// known events from contracts not declared are still applied, under a source named
// after the contract, with an issue of kind "undeclared_contract".
func WithToken(t Token) Option {
	return func(o *options) { o.tokens = append(o.tokens, t) }
}

// WithChain names the chain in the source names of undeclared contracts (default
// "Ethereum").
func WithChain(name string) Option {
	return func(o *options) {
		if name != "" {
			o.chain = name
		}
	}
}

// WithClock sets the clock that stamps the list's LoadedAt (and its date of issue when
// no log carries a block time and WithPublished is not given). Default time.Now.
func WithClock(now func() time.Time) Option {
	return func(o *options) {
		if now != nil {
			o.clock = now
		}
	}
}

// WithPublished sets the list's date of issue when no applied log carries a block
// timestamp (the reader uses the file's modification time). With block timestamps the
// date of issue is the day of the last applied block.
func WithPublished(t time.Time) Option {
	return func(o *options) { o.published = t }
}

// Stats counts what a Replay saw.
type Stats struct {
	// Logs is the number of logs given to Apply.
	Logs int
	// Freezes, Unfreezes and Destroys are the applied events of each kind.
	Freezes, Unfreezes, Destroys int
	// Removed is the number of logs with Removed set (reorganised out): never applied.
	Removed int
	// Undone is how many of the Removed logs undid a log applied before.
	Undone int
	// Duplicates is the number of logs applied twice (same block, index and tx): ignored.
	Duplicates int
	// Malformed is the number of logs with a known topic but a wrong shape.
	Malformed int
	// Unknown counts the logs whose topic0 is no freeze event, by topic0 (the zero hash
	// for a log without topics).
	Unknown map[common.Hash]int
}

type logKey struct {
	block uint64
	index uint
	tx    common.Hash
}

type event struct {
	kind     kind
	name     string
	contract common.Address
	addr     common.Address
	block    uint64
	index    uint
	tx       common.Hash
	time     uint64
	balance  *big.Int
}

// Replay applies freeze logs and builds the list of frozen addresses. It is not safe for
// concurrent use; feed it from one goroutine.
type Replay struct {
	o      options
	tokens map[common.Address]Token
	events map[logKey]event
	stats  Stats
	issues []sanctions.Issue
	record int
}

// NewReplay returns an empty Replay that knows USDT, USDC and EURC on Ethereum and the
// tokens of WithToken.
func NewReplay(opts ...Option) *Replay {
	o := options{chain: "Ethereum", clock: time.Now}
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	r := &Replay{o: o, tokens: map[common.Address]Token{}, events: map[logKey]event{},
		stats: Stats{Unknown: map[common.Hash]int{}}}
	for _, t := range append([]Token{USDT, USDC, EURC}, o.tokens...) {
		r.tokens[t.Contract] = t
	}
	return r
}

// Apply applies logs, in any order (the list is built in block and log order). A log
// with Removed set undoes the same log applied before and is never applied itself.
// Logs of other events are counted in Stats. Apply returns an error wrapping
// ErrMalformedLog for logs of a known event with a wrong shape, after applying the
// others.
func (r *Replay) Apply(logs ...types.Log) error {
	var errs []error
	for i := range logs {
		r.record++
		if err := r.apply(&logs[i], r.record); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (r *Replay) apply(l *types.Log, record int) error {
	r.stats.Logs++
	key := logKey{block: l.BlockNumber, index: l.Index, tx: l.TxHash}
	if l.Removed {
		r.stats.Removed++
		if _, ok := r.events[key]; ok {
			delete(r.events, key)
			r.stats.Undone++
		}
		return nil
	}
	if len(l.Topics) == 0 {
		r.stats.Unknown[common.Hash{}]++
		return nil
	}
	name, known := eventNames[l.Topics[0]]
	if !known {
		r.stats.Unknown[l.Topics[0]]++
		return nil
	}
	ev := event{name: name, contract: l.Address, block: l.BlockNumber, index: l.Index,
		tx: l.TxHash, time: l.BlockTimestamp}
	var err error
	switch l.Topics[0] {
	case TopicAddedBlackList, TopicRemovedBlackList, TopicDestroyedBlackFunds:
		ev.kind = kindFreeze
		if l.Topics[0] == TopicRemovedBlackList {
			ev.kind = kindUnfreeze
		}
		words := l.Data
		switch len(l.Topics) {
		case 1: // as deployed: no indexed argument
			ev.addr, err = addressWord(words)
			if err == nil {
				words = words[32:]
			}
		case 2: // a binding that declares the address indexed
			ev.addr, err = addressWord(l.Topics[1][:])
		default:
			err = fmt.Errorf("%d topics, want 1", len(l.Topics))
		}
		if err == nil && l.Topics[0] == TopicDestroyedBlackFunds {
			ev.kind = kindDestroy
			if len(words) < 32 {
				err = fmt.Errorf("no balance word")
			} else {
				ev.balance = new(big.Int).SetBytes(words[:32])
			}
		}
	default: // FiatToken
		ev.kind = kindFreeze
		if l.Topics[0] == TopicUnBlacklisted {
			ev.kind = kindUnfreeze
		}
		if len(l.Topics) != 2 {
			err = fmt.Errorf("%d topics, want 2 (address indexed)", len(l.Topics))
		} else {
			ev.addr, err = addressWord(l.Topics[1][:])
		}
	}
	if err != nil {
		r.stats.Malformed++
		err = fmt.Errorf("%w: log #%d (%s, block %d, index %d, tx %s): %v", ErrMalformedLog, record,
			name, l.BlockNumber, l.Index, l.TxHash.Hex(), err)
		r.issues = append(r.issues, sanctions.Issue{Line: record, Kind: "malformed_log", Reason: err.Error()})
		return err
	}
	if _, dup := r.events[key]; dup {
		r.stats.Duplicates++
		return nil
	}
	r.events[key] = ev
	return nil
}

// addressWord decodes a 32-byte ABI word holding an address: its 12 high bytes must be
// zero (accounts/abi would accept them; a strict reader does not).
func addressWord(b []byte) (common.Address, error) {
	if len(b) < 32 {
		return common.Address{}, fmt.Errorf("address word of %d bytes, want 32", len(b))
	}
	for _, c := range b[:12] {
		if c != 0 {
			return common.Address{}, fmt.Errorf("address word %x has non-zero high bytes", b[:32])
		}
	}
	return common.BytesToAddress(b[12:32]), nil
}

// Stats returns the counts so far.
func (r *Replay) Stats() Stats {
	s := r.stats
	s.Unknown = make(map[common.Hash]int, len(r.stats.Unknown))
	for k, v := range r.stats.Unknown {
		s.Unknown[k] = v
	}
	s.Freezes, s.Unfreezes, s.Destroys = 0, 0, 0
	for _, ev := range r.events {
		switch ev.kind {
		case kindFreeze:
			s.Freezes++
		case kindUnfreeze:
			s.Unfreezes++
		case kindDestroy:
			s.Destroys++
		}
	}
	return s
}

// LastBlock returns the highest block of an applied log (0 when none).
func (r *Replay) LastBlock() uint64 {
	var n uint64
	for k := range r.events {
		n = max(n, k.block)
	}
	return n
}

// state is one address's freeze history during the replay.
type state struct {
	frozen   bool
	freeze   *event
	release  *event
	order    int
	destroys int
}

// Lists replays the applied logs in (blockNumber, logIndex) order and returns one list
// per token contract, in the order of the contracts' first events. It returns
// ErrNoEvents when no freeze event was applied.
func (r *Replay) Lists() ([]*sanctions.List, error) {
	evs := make([]event, 0, len(r.events))
	for _, ev := range r.events {
		evs = append(evs, ev)
	}
	if len(evs) == 0 {
		return nil, fmt.Errorf("%w among %d logs", ErrNoEvents, r.stats.Logs)
	}
	slices.SortFunc(evs, func(a, b event) int {
		return cmp.Or(cmp.Compare(a.block, b.block), cmp.Compare(a.index, b.index),
			a.tx.Cmp(b.tx))
	})
	var lastTime uint64
	for _, ev := range evs {
		lastTime = max(lastTime, ev.time)
	}
	published := r.o.published
	if lastTime > 0 {
		published = time.Unix(int64(lastTime), 0).UTC()
	}
	if published.IsZero() {
		published = r.o.clock()
	}
	published = published.UTC().Truncate(24 * time.Hour)

	type perToken struct {
		tok    Token
		states map[common.Address]*state
		issues []sanctions.Issue
	}
	var order []common.Address
	byContract := map[common.Address]*perToken{}
	for i := range evs {
		ev := &evs[i]
		pt := byContract[ev.contract]
		if pt == nil {
			tok, ok := r.tokens[ev.contract]
			pt = &perToken{states: map[common.Address]*state{}}
			if !ok {
				tok = Token{Contract: ev.contract, Symbol: "",
					Source: fmt.Sprintf("Issuer freezes of contract %s (%s)", ev.contract.Hex(), r.o.chain)}
				pt.issues = append(pt.issues, sanctions.Issue{Kind: "undeclared_contract", Value: ev.contract.Hex(),
					Reason: fmt.Sprintf("%s events of contract %s, which is not a declared token (see freeze.WithToken): applied under their own source", ev.name, ev.contract.Hex())})
			}
			pt.tok = tok
			byContract[ev.contract] = pt
			order = append(order, ev.contract)
		}
		st := pt.states[ev.addr]
		if st == nil {
			st = &state{order: len(pt.states)}
			pt.states[ev.addr] = st
		}
		where := fmt.Sprintf("block %d, tx %s", ev.block, ev.tx.Hex())
		switch ev.kind {
		case kindFreeze:
			if st.frozen {
				pt.issues = append(pt.issues, sanctions.Issue{Kind: "refrozen_while_frozen", Value: ev.addr.Hex(), Ticker: pt.tok.Symbol,
					Reason: fmt.Sprintf("%s at %s of an address frozen since block %d: kept the first freeze", ev.name, where, st.freeze.block)})
				continue
			}
			st.frozen, st.freeze, st.release = true, ev, nil
		case kindUnfreeze:
			if !st.frozen {
				pt.issues = append(pt.issues, sanctions.Issue{Kind: "unfreeze_not_frozen", Value: ev.addr.Hex(), Ticker: pt.tok.Symbol,
					Reason: fmt.Sprintf("%s at %s of an address that was not frozen", ev.name, where)})
				continue
			}
			st.frozen, st.release = false, ev
		case kindDestroy:
			st.destroys++
			note := ""
			if !st.frozen {
				note = " (the address was not frozen at that point)"
			}
			pt.issues = append(pt.issues, sanctions.Issue{Kind: "destroyed_black_funds", Value: ev.addr.Hex(), Ticker: pt.tok.Symbol,
				Reason: fmt.Sprintf("%s of %s raw units at %s%s; the address stays frozen", ev.name, ev.balance, where, note)})
		}
	}

	loaded := r.o.clock()
	lists := make([]*sanctions.List, 0, len(order))
	for _, c := range order {
		pt := byContract[c]
		addrs := make([]common.Address, 0, len(pt.states))
		for a, st := range pt.states {
			if st.freeze != nil {
				addrs = append(addrs, a)
			}
		}
		slices.SortFunc(addrs, func(a, b common.Address) int {
			return cmp.Compare(pt.states[a].order, pt.states[b].order)
		})
		values := make([]sanctions.ListedAddress, 0, len(addrs))
		symbol := pt.tok.Symbol
		for _, a := range addrs {
			st := pt.states[a]
			ent := &sanctions.Entity{
				ID:       strings.ToLower(pt.tok.Contract.Hex() + ":" + a.Hex()),
				Name:     fmt.Sprintf("%s holder frozen by %s", cmp.Or(symbol, "token"), cmp.Or(pt.tok.Publisher, "the issuer")),
				Programs: []string{cmp.Or(symbol, pt.tok.Contract.Hex()) + " blacklist"},
				ListedOn: blockTime(st.freeze.time),
			}
			la := sanctions.ListedAddress{Value: a.Hex(), Ticker: symbol, Entity: ent,
				Category:  sanctions.CategoryIssuerFreeze,
				Reference: fmt.Sprintf("%s tx %s block %d", st.freeze.name, st.freeze.tx.Hex(), st.freeze.block),
				ListedOn:  blockTime(st.freeze.time)}
			if !st.frozen {
				la.Until = blockTime(st.release.time)
				la.EndedBy = fmt.Sprintf("%s tx %s block %d", st.release.name, st.release.tx.Hex(), st.release.block)
				if la.Until.IsZero() {
					// No block time: the release happened before the list's date of
					// issue, which is the latest time known to be after it.
					la.Until = published
					la.EndedBy += " (block time unknown: Until is the list's date of issue)"
				}
			}
			values = append(values, la)
		}
		l := sanctions.NewList(sanctions.Source{Name: pt.tok.Source, Publisher: pt.tok.Publisher,
			Category: sanctions.CategoryIssuerFreeze, Format: FormatName, Published: published, LoadedAt: loaded}, values)
		l.Issues = append(l.Issues, pt.issues...)
		lists = append(lists, l)
	}
	// Issues of the replay as a whole go to the first list.
	first := lists[0]
	first.Issues = append(first.Issues, r.issues...)
	unknown := make([]common.Hash, 0, len(r.stats.Unknown))
	for h := range r.stats.Unknown {
		unknown = append(unknown, h)
	}
	slices.SortFunc(unknown, func(a, b common.Hash) int { return a.Cmp(b) })
	for _, h := range unknown {
		first.Issues = append(first.Issues, sanctions.Issue{Kind: "unknown_topic", Value: h.Hex(),
			Reason: fmt.Sprintf("%d logs with topic0 %s, which is no freeze event: not applied", r.stats.Unknown[h], h.Hex())})
	}
	if r.stats.Removed > 0 {
		first.Issues = append(first.Issues, sanctions.Issue{Kind: "reorged_log",
			Reason: fmt.Sprintf("%d logs marked removed (reorganised out) were not applied; %d of them undid a log applied before", r.stats.Removed, r.stats.Undone)})
	}
	return lists, nil
}

// List replays the applied logs and returns one list. Logs of several token contracts
// give one list whose source names them all (see Lists for one list per contract).
func (r *Replay) List() (*sanctions.List, error) {
	lists, err := r.Lists()
	if err != nil {
		return nil, err
	}
	if len(lists) == 1 {
		return lists[0], nil
	}
	var names, pubs []string
	var values []sanctions.ListedAddress
	var issues []sanctions.Issue
	for _, l := range lists {
		names = append(names, l.Source.Name)
		if l.Source.Publisher != "" && !slices.Contains(pubs, l.Source.Publisher) {
			pubs = append(pubs, l.Source.Publisher)
		}
		values = append(values, l.Addresses...)
		issues = append(issues, l.Issues...)
	}
	src := lists[0].Source
	src.Name, src.Publisher = strings.Join(names, " + "), strings.Join(pubs, ", ")
	l := sanctions.NewList(src, values)
	l.Issues = issues // the per-contract lists' issues include their values' ones
	return l, nil
}

func blockTime(t uint64) time.Time {
	if t == 0 {
		return time.Time{}
	}
	return time.Unix(int64(t), 0).UTC()
}
