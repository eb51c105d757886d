package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"strings"

	"github.com/chainscreen/chainscreen/address"
	"github.com/chainscreen/chainscreen/sanctions"
	_ "github.com/chainscreen/chainscreen/sanctions/all" // the list formats read by this program
	"github.com/chainscreen/chainscreen/sanctions/embedded"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// Default inputs: a clean address (the EIP-55 example) and an address of the Lazarus
// Group (OFAC SDN since 2019, program DPRK3).
const (
	cleanAddress  = "0x52908400098527886E0F7030069857D2E4169EE7"
	listedAddress = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"
	// hotWalletKey signs the example withdrawals: a throwaway key, never use it for funds.
	hotWalletKey = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "onboarding:", err)
		os.Exit(1)
	}
}

// listFlags collects repeated --list flags.
type listFlags []string

func (l *listFlags) String() string     { return strings.Join(*l, ",") }
func (l *listFlags) Set(s string) error { *l = append(*l, s); return nil }

// run parses the flags, loads the lists and runs two signups and two withdrawals.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("onboarding", flag.ContinueOnError)
	fs.SetOutput(stdout)
	var lists listFlags
	fs.Var(&lists, "list", "sanctions list (OFAC SDN_ADVANCED .xml, .xml.bz2 or .zip, or \"embedded\": the publication in the binary); repeat to merge")
	signup := fs.String("signup", listedAddress, "deposit address of the second signup")
	withdrawTo := fs.String("withdraw-to", listedAddress, "destination of the second withdrawal")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if len(lists) == 0 {
		return errors.New("pass at least one --list PATH (or --list embedded)")
	}
	s, err := newScreener(ctx, lists)
	if err != nil {
		return err // fail closed: without a list, nobody is onboarded
	}
	ex := &exchange{screener: s, out: stdout}
	for _, li := range s.Lists() {
		fmt.Fprintf(stdout, "screening against %s %s (sha256 %s)\n\n", li.Source, li.Published, li.SHA256)
	}

	ex.signup(ctx, "customer-1001", cleanAddress)
	ex.signup(ctx, "customer-1002", *signup)

	key, err := crypto.HexToECDSA(hotWalletKey)
	if err != nil {
		return err
	}
	for i, to := range []string{cleanAddress, *withdrawTo} {
		raw, err := signWithdrawal(key, uint64(i), to)
		if err != nil {
			return err
		}
		ex.withdraw(ctx, "customer-1001", raw)
	}
	return nil
}

// newScreener loads the lists and builds a Screener.
func newScreener(ctx context.Context, paths []string) (*screen.Screener, error) {
	var lists []*sanctions.List
	for _, p := range paths {
		l, err := embedded.Open(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("loading %s: %w", p, err)
		}
		lists = append(lists, l)
	}
	return screen.New(lists, screen.WithLogger(slog.New(slog.DiscardHandler)))
}

// exchange is the part of an exchange's backend that decides on signups and withdrawals.
type exchange struct {
	screener *screen.Screener
	out      io.Writer
}

// signup decides on a new customer's deposit address.
func (e *exchange) signup(ctx context.Context, customer, deposit string) {
	r, err := e.screener.ScreenAddress(ctx, deposit)
	switch {
	case err != nil:
		fmt.Fprintf(e.out, "signup %s %s: HOLD for review, screening unavailable: %v\n", customer, deposit, err)
	case r.Sanctioned():
		fmt.Fprintf(e.out, "signup %s %s: REJECT, %s\n", customer, deposit, explain(r.Flags, r.Hits))
	case r.Has(screen.FlagInvalidAddress) || r.Has(screen.FlagChecksumMismatch):
		fmt.Fprintf(e.out, "signup %s %q: ASK AGAIN, not a valid address: %s\n", customer, deposit, strings.Join(r.Notes, "; "))
	default:
		fmt.Fprintf(e.out, "signup %s %s (%s): ACCEPT\n", customer, r.Canonical, r.Chain)
	}
}

// withdraw decides on a signed withdrawal transaction before it is broadcast.
func (e *exchange) withdraw(ctx context.Context, customer string, raw []byte) {
	r, err := ethereum.ScreenTx(ctx, e.screener, raw)
	switch {
	case errors.Is(err, screen.ErrInvalidTx):
		fmt.Fprintf(e.out, "withdrawal %s: REFUSE, not a valid transaction: %v\n", customer, err)
	case err != nil:
		fmt.Fprintf(e.out, "withdrawal %s: HOLD for review, screening unavailable: %v\n", customer, err)
	case r.Sanctioned():
		fmt.Fprintf(e.out, "withdrawal %s tx %s: BLOCK, %s\n", customer, short(r.TxID), explain(r.Flags, r.Hits))
	default:
		fmt.Fprintf(e.out, "withdrawal %s tx %s: BROADCAST (%d addresses screened)\n", customer, short(r.TxID), r.Addresses)
	}
}

// explain says why: flags, and per hit the role, the listed party, its programmes and
// the publication.
func explain(flags []screen.Flag, hits []screen.Hit) string {
	parts := make([]string, 0, len(hits))
	for _, h := range hits {
		parts = append(parts, fmt.Sprintf("%s %s is listed for %s (id %s, %s) in %s",
			h.Role, h.Address, h.Entity.Name, h.Entity.ID, strings.Join(h.Entity.Programs, " "), h.Source))
	}
	fs := make([]string, len(flags))
	for i, f := range flags {
		fs[i] = string(f)
	}
	return strings.Join(fs, ",") + ": " + strings.Join(parts, "; ")
}

func short(txid string) string {
	if len(txid) > 18 {
		return txid[:18] + "…"
	}
	return txid
}

// signWithdrawal builds and signs an EIP-1559 transfer of 0.5 ETH on mainnet, as the
// exchange's hot wallet would before broadcasting it.
func signWithdrawal(key *ecdsa.PrivateKey, nonce uint64, to string) ([]byte, error) {
	// Validate with the address package: common.IsHexAddress ignores the EIP-55 checksum.
	a, err := address.ParseAs(address.ChainEVM, to)
	if err != nil {
		return nil, fmt.Errorf("withdrawal destination: %w", err)
	}
	dest := common.HexToAddress(a.Canonical)
	chainID := big.NewInt(1)
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID:   chainID,
		Nonce:     nonce,
		GasTipCap: big.NewInt(1_000_000_000),
		GasFeeCap: big.NewInt(30_000_000_000),
		Gas:       21_000,
		To:        &dest,
		Value:     new(big.Int).Mul(big.NewInt(5), big.NewInt(1e17)),
	})
	if err != nil {
		return nil, err
	}
	return tx.MarshalBinary()
}
