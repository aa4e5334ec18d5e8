package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

func TestRulesCheck(t *testing.T) {
	for _, file := range []string{"../../rules.example.yaml", "demo_rules.yaml"} {
		if out := ordo(t, "rules", "check", file); !strings.Contains(out, ": ok, version sha256:") {
			t.Errorf("rules check %s said %q", file, out)
		}
	}

	bad := filepath.Join(t.TempDir(), "rules.yaml")
	write(t, bad, strings.Replace(string(demoRules), `at: "21:00"`, `at: "21:60"`, 1)+
		"\nsplit_orders: true\n")
	var out, errs buffer
	err := run(context.Background(), []string{"rules", "check", bad}, &out, &errs)
	if err == nil || !strings.Contains(err.Error(), "2 problems; the rule set cannot go live") {
		t.Errorf("rules check of a broken file: %v; want 2 problems", err)
	}
	for _, want := range []string{bad + `:48:31: locations[1].cutoffs[0].at: "21:60" is not`,
		bad + ":169:1: split_orders: unknown key"} {
		if !strings.Contains(errs.String(), want) {
			t.Errorf("rules check printed\n%s\nwithout %q", errs.String(), want)
		}
	}
	if err := run(context.Background(), []string{"rules", "check"}, &out, &errs); err == nil {
		t.Error("rules check without a file succeeded")
	}
}

// TestRulesServeAndExplain runs ordo serve with the demo's rule set: an
// order is routed, explained by ordo rules explain, and a changed rule set
// goes live on SIGHUP.
func TestRulesServeAndExplain(t *testing.T) {
	t.Setenv("ORDO_E2E_SECRET", secret)
	dir := t.TempDir()
	rulesPath := filepath.Join(dir, "rules.yaml")
	write(t, rulesPath, string(demoRules))
	config := writeConfig(t, storetest.URL(t, store.SQLite))
	data, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	write(t, config, string(data)+"rules: "+rulesPath+"\n"+`locations:
  - {id: dc-utrecht, connector: simulated}
  - {id: dc-tilburg, connector: simulated}
  - {id: dc-antwerp, connector: simulated}
`)
	url := serve(t, config)
	token := strings.TrimSpace(ordo(t, "token", "create", "--config", config,
		"--name", "e2e", "--role", "admin"))
	api := &apiClient{t: t, url: url, token: token}

	api.post("/api/v1/inventory", "count-1", `{"snapshots": [{"location": "dc-tilburg",
		"pool": "sellable", "taken_at": "2026-12-01T06:00:00Z", "items": [
		{"sku": "TSHIRT-BLK-M", "on_hand": 10}]}]}`)
	var created struct {
		OMSOrderID string `json:"oms_order_id"`
	}
	api.post("/api/v1/orders", "order-1", `{"order_id": "E2E-1",
		"placed_at": "2026-12-01T09:00:00Z", "currency": "EUR", "taxes_included": true,
		"lines": [{"line_id": "1", "sku": "TSHIRT-BLK-M", "quantity": 2, "unit_price": 2995,
			"tax": 1040}],
		"delivery": {"method": "standard", "carrier": "postnl", "priority": "normal"},
		"payment": "paid", "totals": {"shipping": 0, "tax": 1040, "total": 5990},
		"customer": {"email": "anna@example.nl", "shipping_address": {"name": "Anna",
			"line1": "Damrak 1", "postcode": "1012 LG", "city": "Amsterdam",
			"country": "NL"}}}`).decode(&created)

	deadline := time.Now().Add(30 * time.Second)
	for {
		out := ordo(t, "rules", "explain", "--config", config, created.OMSOrderID)
		if strings.Contains(out, "dc-tilburg ships line 1 2× TSHIRT-BLK-M") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the order was not routed to dc-tilburg in 30s; explain says:\n%s", out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	out := ordo(t, "rules", "explain", "--config", config, "--channel", "api", "E2E-1")
	if !strings.Contains(out, created.OMSOrderID) {
		t.Errorf("explain by the channel's order id says:\n%s", out)
	}

	// A change of the same size and time of change escapes the file watch;
	// SIGHUP makes it live.
	before := api.rulesVersion()
	fi, err := os.Stat(rulesPath)
	if err != nil {
		t.Fatal(err)
	}
	write(t, rulesPath, strings.Replace(string(demoRules), `at: "21:00"`, `at: "20:00"`, 1))
	if err := os.Chtimes(rulesPath, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	for api.rulesVersion() == before {
		if time.Now().After(deadline) {
			t.Fatal("the changed rule set did not go live on SIGHUP")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// apiClient calls a running ordo's API with a token.
type apiClient struct {
	t          *testing.T
	url, token string
}

type apiResponse struct {
	t    *testing.T
	body []byte
}

func (r apiResponse) decode(v any) {
	r.t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		r.t.Fatalf("decode %s: %v", r.body, err)
	}
}

func (c *apiClient) do(method, path, key, body string) apiResponse {
	c.t.Helper()
	req, err := http.NewRequest(method, c.url+path, bytes.NewReader([]byte(body)))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(res.Body); err != nil {
		c.t.Fatal(err)
	}
	if res.StatusCode/100 != 2 {
		c.t.Fatalf("%s %s: %s: %s", method, path, res.Status, b.Bytes())
	}
	return apiResponse{t: c.t, body: b.Bytes()}
}

func (c *apiClient) post(path, key, body string) apiResponse {
	c.t.Helper()
	return c.do(http.MethodPost, path, key, body)
}

func (c *apiClient) rulesVersion() string {
	c.t.Helper()
	var rs struct {
		Version string `json:"version"`
	}
	c.do(http.MethodGet, "/api/v1/rules", "", "").decode(&rs)
	return rs.Version
}
