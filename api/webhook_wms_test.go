package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
	"github.com/ordo-oms/ordo/warehouse"
)

// wmsSecret is the key dc-utrecht signs its status reports with.
const wmsSecret = "wms-secret"

// withWarehouse gives the test server dc-utrecht as a rest location in
// shadow mode, whose own codes PICKED and SHIPPED map onto Ordo's.
func withWarehouse(c *config.Config) {
	c.Locations = []config.Location{{ID: "dc-utrecht", Connector: "rest", Mode: "shadow",
		Secret: wmsSecret, REST: config.REST{URL: "https://wms.invalid", Token: "t"},
		Statuses: []config.StatusCode{{Code: "PICKED", Status: "picked"},
			{Code: "SHIPPED", Status: "shipped"}}}}
}

// released posts testdata/order.json with stock for it and waits until
// its fulfilment order is released; it returns the order's id.
func (e *testEnv) released(t testing.TB) string {
	t.Helper()
	wantStatus(t, e.postStock(t, "stock", stockBody(5, 5)), http.StatusOK)
	id := e.postSampleOrder(t)
	e.waitUntil(t, id, "released", func(rec store.OrderRecord) bool {
		return rec.Status == order.StatusReleased
	})
	return id
}

// statusReport is a status report signed with secret.
func (e *testEnv) statusReport(t testing.TB, location, secret string,
	u any) *http.Request {
	t.Helper()
	body, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	req := e.request(t, http.MethodPost, "/webhooks/wms/"+location, body)
	req.Header.Del("Authorization")
	warehouse.SignRequest(req, []byte(secret), time.Now(), body)
	return req
}

func TestWarehouseStatusReports(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := newTestServer(t, d, withRules(t), withWarehouse)
			id := e.released(t)

			var list struct {
				Instructions []struct {
					Reference string `json:"reference"`
					State     string `json:"state"`
				} `json:"instructions"`
			}
			e.get(t, "/api/v1/instructions?location=dc-utrecht&state=shadow").decode(t, &list)
			if len(list.Instructions) != 1 {
				t.Fatalf("shadow instructions = %+v; want one", list.Instructions)
			}
			ref := list.Instructions[0].Reference
			picked := warehouse.StatusUpdate{EventID: "e1", Reference: ref, Code: "PICKED"}

			unsigned := e.statusReport(t, "dc-utrecht", wmsSecret, picked)
			unsigned.Header.Del(warehouse.HeaderSignature)
			wantDetail(t, e.send(t, unsigned), http.StatusUnauthorized, "not signed")
			wantDetail(t, e.send(t, e.statusReport(t, "dc-utrecht", "guess", picked)),
				http.StatusUnauthorized, "does not match")
			wantDetail(t, e.send(t, e.statusReport(t, "dc-nowhere", wmsSecret, picked)),
				http.StatusNotFound, `no location "dc-nowhere"`)
			wantDetail(t, e.send(t, e.statusReport(t, "dc-utrecht", wmsSecret,
				map[string]any{"reference": ref, "status": "PICKED", "colour": "red"})),
				http.StatusBadRequest, "colour")
			if n := e.countRows(t, "quarantine"); n != 1 {
				t.Errorf("%d deliveries quarantined; want the unreadable report kept", n)
			}
			wantDetail(t, e.send(t, e.statusReport(t, "dc-utrecht", wmsSecret,
				warehouse.StatusUpdate{EventID: "e0", Reference: ref, Code: "LOADED"})),
				http.StatusUnprocessableEntity, `unknown status code "LOADED"`)
			var refused struct {
				Reports []struct {
					Code   string `json:"code"`
					Detail string `json:"detail"`
				} `json:"reports"`
			}
			e.get(t, "/api/v1/location-reports?outcome=refused").decode(t, &refused)
			if len(refused.Reports) != 1 || refused.Reports[0].Code != "LOADED" {
				t.Errorf("refused reports %+v; want the one with code LOADED", refused.Reports)
			}

			for _, want := range []string{"applied", "duplicate"} {
				var res struct {
					Outcome string `json:"outcome"`
				}
				r := e.send(t, e.statusReport(t, "dc-utrecht", wmsSecret, picked))
				wantStatus(t, r, http.StatusOK)
				r.decode(t, &res)
				if res.Outcome != want {
					t.Errorf("outcome %q; want %q", res.Outcome, want)
				}
			}
			if got := e.order(t, id).Status; got != order.StatusPicked {
				t.Errorf("order %s; want picked", got)
			}
		})
	}
}

// wantDetail checks that r is a problem document with the given status
// whose detail says want.
func wantDetail(t testing.TB, r response, status int, want string) {
	t.Helper()
	if p := wantProblem(t, r, status); !strings.Contains(p.Detail, want) {
		t.Errorf("problem detail %q; want it to say %q", p.Detail, want)
	}
}
