package btcdtest

import (
	"github.com/chainscreen/chainscreen/internal/testdata"

	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"
)

// ErrNoBtcd: the btcd binary was not found.
var ErrNoBtcd = errors.New("btcdtest: btcd not found on PATH or in $(go env GOPATH)/bin (go install github.com/btcsuite/btcd@v0.24.2)")

// Node is a running btcd in simnet.
type Node struct {
	// URL is the RPC URL with credentials (http://user:pass@127.0.0.1:port).
	URL string
	// Host is host:port of the RPC server; User and Pass its credentials.
	Host, User, Pass string
	// Params are the simnet parameters.
	Params *chaincfg.Params
	// MinerKey is the key of MinerAddr, the P2PKH address that coinbases pay.
	MinerKey  *btcec.PrivateKey
	MinerAddr btcutil.Address
	// Dir is the node's data directory (removed by Stop).
	Dir string
	// CertFile is the RPC server's self-signed certificate (StartTLS only).
	CertFile string

	cmd  *exec.Cmd
	done chan error
	log  *bytes.Buffer
}

// Find returns the path of the btcd binary.
func Find() (string, error) {
	if p, err := exec.LookPath("btcd"); err == nil {
		return p, nil
	}
	var dirs []string
	if gp := os.Getenv("GOPATH"); gp != "" {
		dirs = append(dirs, filepath.SplitList(gp)...)
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		dirs = append(dirs, filepath.SplitList(strings.TrimSpace(string(out)))...)
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go"))
	}
	for _, d := range dirs {
		p := filepath.Join(d, "bin", "btcd")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	return "", ErrNoBtcd
}

// Missing handles a node that could not be started: the test is skipped when btcd is
// not installed, unless CHAINSCREEN_REQUIRE_NODE=1; any other error fails it.
func Missing(t testing.TB, err error) {
	t.Helper()
	if errors.Is(err, ErrNoBtcd) && os.Getenv("CHAINSCREEN_REQUIRE_NODE") != "1" {
		testdata.Skip(t, "btcd", err.Error())
	}
	t.Fatalf("btcd: %v", err)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Start starts btcd in simnet with --txindex (and extra arguments), its RPC server
// without TLS, and waits until it answers.
func Start(ctx context.Context, extra ...string) (*Node, error) { return startRetry(ctx, false, extra) }

// StartTLS is Start with TLS on the RPC server: btcd generates a self-signed
// certificate, CertFile (URL is https://).
func StartTLS(ctx context.Context, extra ...string) (*Node, error) {
	return startRetry(ctx, true, extra)
}

// startRetry starts btcd, again on a new port when it exited at start: the free port
// picked can be taken by another test process (packages run in parallel) before btcd
// binds it.
func startRetry(ctx context.Context, tls bool, extra []string) (*Node, error) {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		var n *Node
		if n, err = start(ctx, tls, extra); err == nil || !errors.Is(err, errExited) {
			return n, err
		}
	}
	return nil, err
}

// errExited: btcd exited before it answered.
var errExited = errors.New("btcdtest: btcd exited")

func start(ctx context.Context, tls bool, extra []string) (*Node, error) {
	bin, err := Find()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "btcdtest-")
	if err != nil {
		return nil, err
	}
	n := &Node{Dir: dir, Params: &chaincfg.SimNetParams, User: "screen", Pass: "pw-" + strconv.FormatInt(time.Now().UnixNano(), 36),
		done: make(chan error, 1), log: &bytes.Buffer{}}
	fail := func(err error) (*Node, error) {
		n.Stop()
		return nil, err
	}
	n.MinerKey, err = btcec.NewPrivateKey()
	if err != nil {
		return fail(err)
	}
	n.MinerAddr, err = btcutil.NewAddressPubKeyHash(btcutil.Hash160(n.MinerKey.PubKey().SerializeCompressed()), n.Params)
	if err != nil {
		return fail(err)
	}
	port, err := freePort()
	if err != nil {
		return fail(err)
	}
	conf := filepath.Join(dir, "btcd.conf")
	if err := os.WriteFile(conf, nil, 0o600); err != nil {
		return fail(err)
	}
	n.Host = "127.0.0.1:" + strconv.Itoa(port)
	n.URL = "http://" + n.User + ":" + n.Pass + "@" + n.Host
	tlsArgs := []string{"--notls"}
	if tls {
		n.CertFile = filepath.Join(dir, "rpc.cert")
		n.URL = "https://" + n.User + ":" + n.Pass + "@" + n.Host
		tlsArgs = []string{"--rpccert=" + n.CertFile, "--rpckey=" + filepath.Join(dir, "rpc.key")}
	}
	args := append([]string{"--simnet", "--txindex", "--nolisten", "--configfile=" + conf,
		"--datadir=" + filepath.Join(dir, "data"), "--logdir=" + filepath.Join(dir, "logs"),
		"--rpclisten=" + n.Host, "--rpcuser=" + n.User, "--rpcpass=" + n.Pass,
		"--miningaddr=" + n.MinerAddr.EncodeAddress(), "--debuglevel=warn"}, append(tlsArgs, extra...)...)
	n.cmd = exec.Command(bin, args...)
	n.cmd.Stdout, n.cmd.Stderr = n.log, n.log
	if err := n.cmd.Start(); err != nil {
		return fail(fmt.Errorf("btcdtest: start %s: %w", bin, err))
	}
	go func() { n.done <- n.cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := n.Call(ctx, "getblockcount"); err == nil {
			return n, nil
		}
		select {
		case err := <-n.done:
			n.done <- err
			return fail(fmt.Errorf("%w: %v\n%s", errExited, err, n.log.String()))
		case <-time.After(100 * time.Millisecond):
		case <-ctx.Done():
			return fail(ctx.Err())
		}
		if time.Now().After(deadline) {
			return fail(fmt.Errorf("btcdtest: btcd RPC did not answer within 30 s\n%s", n.log.String()))
		}
	}
}

// Stop stops btcd (SIGINT, then SIGKILL after 10 s) and removes its data directory.
func (n *Node) Stop() {
	if n == nil {
		return
	}
	if n.cmd != nil && n.cmd.Process != nil {
		_ = n.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-n.done:
		case <-time.After(10 * time.Second):
			_ = n.cmd.Process.Kill()
			<-n.done
		}
		n.cmd = nil
	}
	if n.Dir != "" {
		_ = os.RemoveAll(n.Dir)
	}
}

// Call makes one JSON-RPC call (for setting the chain up: generate, sendrawtransaction, ...).
func (n *Node) Call(ctx context.Context, method string, params ...any) (json.RawMessage, error) {
	if params == nil {
		params = []any{}
	}
	body, _ := json.Marshal(map[string]any{"jsonrpc": "1.0", "id": 1, "method": method, "params": params})
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	scheme, client := "http://", http.DefaultClient
	if n.CertFile != "" {
		pem, err := os.ReadFile(n.CertFile)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		scheme = "https://"
		client = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, scheme+n.Host, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(n.User, n.Pass)
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var r struct {
		Result json.RawMessage `json:"result"`
		Error  *struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return nil, fmt.Errorf("btcdtest: %s: HTTP %d: %v", method, resp.StatusCode, err)
	}
	if r.Error != nil {
		return nil, fmt.Errorf("btcdtest: %s: %d %s", method, r.Error.Code, r.Error.Message)
	}
	return r.Result, nil
}

// Generate mines n blocks and returns their hashes.
func (n *Node) Generate(ctx context.Context, blocks int) ([]chainhash.Hash, error) {
	res, err := n.Call(ctx, "generate", blocks)
	if err != nil {
		return nil, err
	}
	var hs []string
	if err := json.Unmarshal(res, &hs); err != nil {
		return nil, err
	}
	out := make([]chainhash.Hash, len(hs))
	for i, s := range hs {
		h, err := chainhash.NewHashFromStr(s)
		if err != nil {
			return nil, err
		}
		out[i] = *h
	}
	return out, nil
}

// Send broadcasts tx and returns its txid.
func (n *Node) Send(ctx context.Context, tx *wire.MsgTx) (chainhash.Hash, error) {
	var b bytes.Buffer
	if err := tx.Serialize(&b); err != nil {
		return chainhash.Hash{}, err
	}
	if _, err := n.Call(ctx, "sendrawtransaction", fmt.Sprintf("%x", b.Bytes())); err != nil {
		return chainhash.Hash{}, err
	}
	return tx.TxHash(), nil
}

// Block returns the block with the given hash.
func (n *Node) Block(ctx context.Context, h chainhash.Hash) (*wire.MsgBlock, error) {
	res, err := n.Call(ctx, "getblock", h.String(), 0)
	if err != nil {
		return nil, err
	}
	var s string
	if err := json.Unmarshal(res, &s); err != nil {
		return nil, err
	}
	raw := make([]byte, len(s)/2)
	if _, err := fmt.Sscanf(s, "%x", &raw); err != nil {
		return nil, err
	}
	var blk wire.MsgBlock
	if err := blk.Deserialize(bytes.NewReader(raw)); err != nil {
		return nil, err
	}
	return &blk, nil
}
