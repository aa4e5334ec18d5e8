package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/store/storetest"
	"github.com/ordo-oms/ordo/warehouse"
	"github.com/ordo-oms/ordo/warehouse/resttest"
)

// The fake WMS's credentials, written into the configuration as they are,
// so that no subtest needs an environment variable of its own.
const (
	wmsSecret = "e2e-wms-secret"
	wmsToken  = "e2e-wms-token"
)

// restTimeout is how long Ordo waits for the fake's answer to one call.
const restTimeout = 2 * time.Second

// TestKillBetweenSendAndAnswerPicksOnce kills `ordo serve` with SIGKILL
// after the warehouse has carried out an instruction and before Ordo has
// its answer, starts it again on the same database, and expects the
// instruction to be sent again under the same reference, answered, and
// picked once.
func TestKillBetweenSendAndAnswerPicksOnce(t *testing.T) {
	bin := buildOrdo(t)
	rules, err := filepath.Abs("../../api/testdata/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	order, err := os.ReadFile("../../api/testdata/order.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			// Most of each run is spent waiting for River on the restarted
			// node (see sendConfig), so the dialects wait side by side.
			t.Parallel()
			start := time.Now()
			// The fake carries out every instruction and then holds its
			// answer for 30s, or until the client hangs up.
			wms := resttest.Start(t, resttest.Options{Secret: []byte(wmsSecret), Token: wmsToken,
				TimeoutRate: 1, Delay: 30 * time.Second})
			addr := freeAddr(t)
			url := "http://" + addr
			config := sendConfig(t, storetest.URL(t, d), addr, rules, wms.URL())
			token := strings.TrimSpace(ordo(t, "token", "create", "--config", config,
				"--name", "crash-send", "--role", "admin"))

			first := startServe(t, bin, config, url)
			t.Cleanup(func() { stopServe(first) })
			apiPost(t, url, token, "/api/v1/inventory", "stock-1", utrechtStock)
			var created struct {
				OMSOrderID string `json:"oms_order_id"`
			}
			apiPost(t, url, token, "/api/v1/orders", "order-1", order).decode(t, &created)

			// The pick exists at the warehouse once its handler has carried
			// the instruction out; Ordo waits for the answer from then on.
			eventually(t, 20*time.Second, "the warehouse to carry out the instruction",
				func() bool { return len(wms.Picks()) > 0 })
			sent := time.Now()
			stopServe(first)
			if held := time.Since(sent); held >= restTimeout {
				t.Fatalf("the kill came %s after the send, when Ordo may have given up "+
					"waiting (%s); the test proves nothing", held, restTimeout)
			}
			if n := wms.Requests(); n != 1 {
				t.Fatalf("the warehouse had %d requests at the kill, want 1", n)
			}
			killed := time.Since(start)

			wms.SetFaults(0, 0)
			second := startServe(t, bin, config, url)
			t.Cleanup(func() { stopServe(second) })
			restarted := time.Now()
			var answered fulfilment.Instruction
			eventually(t, 40*time.Second, "the instruction to be answered", func() bool {
				for _, ins := range instructions(t, url, token) {
					if ins.State == fulfilment.StateAnswered {
						answered = ins
						return true
					}
				}
				return false
			})
			t.Logf("killed %s after the start; answered %s after the restart",
				killed.Round(time.Millisecond), time.Since(restarted).Round(time.Millisecond))

			if n := wms.Requests(); n < 2 {
				t.Errorf("the warehouse had %d requests, want at least 2: "+
					"one before the kill and one after", n)
			}
			picks := wms.Picks()
			if len(picks) != 1 || picks[answered.Reference] != 1 {
				t.Errorf("picks at the warehouse = %v, want one for %s", picks, answered.Reference)
			}
			if answered.Outcome != string(warehouse.Accepted) {
				t.Errorf("instruction %s answered %q, want accepted", answered.Reference,
					answered.Outcome)
			}
			if n := orderInstructions(t, url, token, created.OMSOrderID); n != 1 {
				t.Errorf("order %s has %d instructions, want 1", created.OMSOrderID, n)
			}
		})
	}
}

// sendConfig writes an ordo.yaml listening on addr, on databaseURL, with
// the rule set at rules and dc-utrecht an active rest location at wmsURL,
// and returns its path.
//
// The timings make the kill land while the first send is in flight and
// let the restarted node send again soon:
//   - rest.timeout 2s: the fake holds its answer for 30s, so Ordo waits
//     the full 2s for it; the test kills within milliseconds of the pick.
//   - jobs.timeout 3s: the job's run outlasts the call, as in production,
//     so that it is the call that gives up, not the job.
//   - jobs.rescue_after 3s, the least allowed: after the kill the job
//     stays running in the database, and the restarted node's River runs it
//     again once it has been running that long. That costs no time: River
//     rescues only on its leader, and the killed node holds the leadership
//     until its lease of 15s lapses, so the restarted node sends again some
//     17 to 23 seconds after it starts, whatever rescue_after is below that.
func sendConfig(t *testing.T, databaseURL, addr, rules, wmsURL string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ordo.yaml")
	cfg := fmt.Sprintf(`http:
  addr: %s
database:
  url: %s
log:
  level: warn
jobs:
  timeout: 3s
  rescue_after: 3s
rules: %s
locations:
  - id: dc-utrecht
    connector: rest
    mode: active
    secret: %s
    rest:
      url: %s
      token: %s
      timeout: %s
`, addr, databaseURL, rules, wmsSecret, wmsURL, wmsToken, restTimeout)
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// utrechtStock puts enough of both SKUs of api/testdata/order.json at
// dc-utrecht for the order to be allocated at once.
var utrechtStock = []byte(`{"snapshots": [{"location": "dc-utrecht", "pool": "sellable",
	"taken_at": "2026-03-02T08:00:00Z", "items": [
	{"sku": "SHIRT-LIN-WH-M", "on_hand": 5}, {"sku": "BOOK-KOOK-01", "on_hand": 5}]}]}`)

// stopServe kills the server with SIGKILL and waits for it to end;
// stopping it again does nothing.
func stopServe(srv *exec.Cmd) {
	if srv.ProcessState == nil {
		srv.Process.Kill()
		srv.Wait()
	}
}

// apiBody is the body of an API answer.
type apiBody []byte

func (b apiBody) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}

// apiPost posts body to path under the Idempotency-Key key and fails the
// test unless it is answered 2xx.
func apiPost(t *testing.T, url, token, path, key string, body []byte) apiBody {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	return apiDo(t, req, token)
}

// apiGet fetches path and fails the test unless it is answered 2xx.
func apiGet(t *testing.T, url, token, path string) apiBody {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return apiDo(t, req, token)
}

func apiDo(t *testing.T, req *http.Request, token string) apiBody {
	t.Helper()
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode/100 != 2 {
		t.Fatalf("%s %s: %d %s %v", req.Method, req.URL.Path, resp.StatusCode, body, err)
	}
	return body
}

// instructions lists the instructions to dc-utrecht.
func instructions(t *testing.T, url, token string) []fulfilment.Instruction {
	t.Helper()
	var page struct {
		Instructions []fulfilment.Instruction `json:"instructions"`
	}
	apiGet(t, url, token, "/api/v1/instructions?location=dc-utrecht&limit=1000").decode(t, &page)
	return page.Instructions
}

// orderInstructions counts the instructions to dc-utrecht for the
// fulfilment orders of an order.
func orderInstructions(t *testing.T, url, token, omsOrderID string) int {
	t.Helper()
	var rt allocation.Routing
	apiGet(t, url, token, "/api/v1/orders/"+omsOrderID+"/routing").decode(t, &rt)
	ours := map[string]bool{}
	for _, f := range rt.FulfilmentOrders {
		ours[f.ID] = true
	}
	n := 0
	for _, ins := range instructions(t, url, token) {
		if ours[ins.FulfilmentID] {
			n++
		}
	}
	return n
}

// eventually waits up to within for cond to hold, and fails the test if
// it does not.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
