package btcrpc

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chainscreen/chainscreen/internal/btcdtest"
	"github.com/chainscreen/chainscreen/screen"
	"github.com/chainscreen/chainscreen/screen/bitcoin"
)

func TestUnknownTxidIsNotFound(t *testing.T) {
	n := need(t)
	ctx := context.Background()
	c, err := Dial(ctx, n.URL, WithNetwork(n.Params))
	require.NoError(t, err)
	s := listOf(t, chain.InputAddresses[0])
	unknown := chainhash.DoubleHashH([]byte("no such transaction"))
	_, err = bitcoin.ScreenTxID(ctx, s, c, unknown)
	require.Error(t, err)
	assert.ErrorIs(t, err, bitcoin.ErrNotFound)
	assert.NotErrorIs(t, err, bitcoin.ErrUnavailable)
	_, err = c.Block(ctx, unknown)
	assert.ErrorIs(t, err, bitcoin.ErrNotFound)
}

// An input whose parent the node does not know is screened by what its witness shows
// and reported UNSCREENED_INPUT with the node's reason; the known inputs are screened.
func TestUnknownParentIsUnscreened(t *testing.T) {
	n := need(t)
	ctx := context.Background()
	c, err := Dial(ctx, n.URL, WithNetwork(n.Params))
	require.NoError(t, err)
	tx := chain.Spend.Copy()
	unknown := wire.OutPoint{Hash: chainhash.DoubleHashH([]byte("unknown parent")), Index: 0}
	tx.TxIn[6].PreviousOutPoint = unknown
	s := listOf(t, chain.InputAddresses[4], chain.InputAddresses[6])
	res, err := bitcoin.ScreenMsgTx(ctx, s, tx, bitcoin.WithPrevoutSource(c))
	require.NoError(t, err)
	require.Len(t, res.Unscreened, 1)
	assert.Equal(t, 6, res.Unscreened[0].Index)
	assert.Equal(t, unknown.String(), res.Unscreened[0].Outpoint)
	assert.Contains(t, res.Unscreened[0].Reason, "not available from the source")
	assert.True(t, res.Incomplete())
	require.Len(t, res.Hits, 1) // input 4 (taproot key path) via its known parent
	assert.Equal(t, 4, *res.Hits[0].Index)

	// Out of range output index: not found for that outpoint only.
	got, err := c.Prevouts(ctx, []wire.OutPoint{{Hash: chain.Fund.TxHash(), Index: 99}, {Hash: chain.Fund.TxHash(), Index: 1}})
	require.NoError(t, err)
	assert.ErrorIs(t, got[0].Err, bitcoin.ErrNotFound)
	require.NoError(t, got[1].Err)
	assert.Equal(t, chain.Fund.TxOut[1].PkScript, got[1].PkScript)
	assert.Equal(t, chain.Fund.TxOut[1].Value, got[1].Value)
}

func TestWrongNetworkRefused(t *testing.T) {
	n := need(t)
	for _, p := range []*chaincfg.Params{&chaincfg.MainNetParams, &chaincfg.RegressionNetParams, &chaincfg.TestNet3Params} {
		_, err := Dial(context.Background(), n.URL, WithNetwork(p))
		assert.ErrorIs(t, err, bitcoin.ErrWrongNetwork, p.Name)
		assert.Contains(t, err.Error(), n.Params.GenesisHash.String())
	}
}

func TestNodeDownIsUnavailable(t *testing.T) {
	// A port nobody listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	_, err = Dial(context.Background(), "http://u:secret-pass@"+addr, WithNetwork(&chaincfg.SimNetParams))
	require.Error(t, err)
	assert.ErrorIs(t, err, bitcoin.ErrUnavailable)
	assert.NotContains(t, err.Error(), "secret-pass")
}

func TestNodeTimeoutIsUnavailable(t *testing.T) {
	// A socket that accepts and never answers.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			defer conn.Close()
		}
	}()
	start := time.Now()
	_, err = Dial(context.Background(), "http://u:secret-pass@"+l.Addr().String(), WithTimeout(300*time.Millisecond))
	require.Error(t, err)
	assert.ErrorIs(t, err, bitcoin.ErrUnavailable)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), err)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.NotContains(t, err.Error(), "secret-pass")
}

// A node that stops after the client connected: screening fails, nothing is clean.
func TestNodeStoppedMidwayFailsClosed(t *testing.T) {
	need(t)
	ctx := context.Background()
	n2, err := startOther(ctx)
	require.NoError(t, err)
	c, err := Dial(ctx, n2.URL, WithNetwork(n2.Params), WithTimeout(2*time.Second))
	require.NoError(t, err)
	n2.Stop()
	s := listOf(t, chain.InputAddresses[0])
	res, err := bitcoin.ScreenMsgTx(ctx, s, chain.Spend, bitcoin.WithPrevoutSource(c))
	require.Error(t, err)
	assert.ErrorIs(t, err, bitcoin.ErrUnavailable)
	assert.Equal(t, screen.TxResult{}, res)
}

func TestWrongCredentialsNotEchoed(t *testing.T) {
	n := need(t)
	url := strings.Replace(n.URL, n.Pass, "wrong-secret-pw", 1)
	_, err := Dial(context.Background(), url, WithNetwork(n.Params))
	require.Error(t, err)
	assert.ErrorIs(t, err, bitcoin.ErrUnavailable)
	assert.NotContains(t, err.Error(), "wrong-secret-pw")
	assert.NotContains(t, err.Error(), n.Pass)
}

func TestParseURL(t *testing.T) {
	ep, u, p, err := ParseURL("https://alice:s3cr%40t@node.example:8332")
	require.NoError(t, err)
	assert.Equal(t, "https://node.example:8332", ep)
	assert.Equal(t, "alice", u)
	assert.Equal(t, "s3cr@t", p)
	for _, bad := range []string{"ftp://a:b@h:1", "http://", "::", "node:8332"} {
		_, _, _, err := ParseURL(bad)
		assert.Error(t, err, bad)
	}
	_, _, _, err = ParseURL("ftp://alice:topsecret@h:1")
	assert.NotContains(t, err.Error(), "topsecret")
}

// btcd with TLS and its generated self-signed certificate.
func TestTLSWithGeneratedCert(t *testing.T) {
	need(t)
	ctx := context.Background()
	n2, err := btcdtest.StartTLS(ctx)
	require.NoError(t, err)
	defer n2.Stop()
	c, err := Dial(ctx, n2.URL, WithNetwork(n2.Params), WithRootCAFile(n2.CertFile))
	require.NoError(t, err)
	assert.Equal(t, BackendBtcd, c.Backend())
	h, err := c.BlockHash(ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, *n2.Params.GenesisHash, h)

	// Without the certificate the node is not trusted: unavailable, not clean.
	_, err = Dial(ctx, n2.URL, WithNetwork(n2.Params))
	assert.ErrorIs(t, err, bitcoin.ErrUnavailable)
	assert.NotContains(t, err.Error(), n2.Pass)
}

// Debug logs name the host, never the credentials.
func TestLogsHaveNoCredentials(t *testing.T) {
	n := need(t)
	var buf strings.Builder
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := Dial(context.Background(), n.URL, WithNetwork(n.Params), WithLogger(log))
	require.NoError(t, err)
	_, err = c.Tx(context.Background(), chain.Spend.TxHash())
	require.NoError(t, err)
	_, err = Dial(context.Background(), strings.Replace(n.URL, n.Pass, "bad-secret-77", 1), WithNetwork(n.Params), WithLogger(log))
	require.Error(t, err)
	require.Contains(t, buf.String(), n.Host)
	assert.NotContains(t, buf.String(), n.Pass)
	assert.NotContains(t, buf.String(), "bad-secret-77")
}
