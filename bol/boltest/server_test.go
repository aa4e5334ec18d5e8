package boltest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// call makes a request to the fake and returns the status and JSON body.
func call(t *testing.T, s *Server, method, path, token, contentType, body string) (
	int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", MediaType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(data, &m)
	return resp.StatusCode, m
}

func token(t *testing.T, s *Server) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.TokenURL()+"?grant_type=client_credentials", nil)
	req.SetBasicAuth(s.ClientID, s.ClientSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.ExpiresIn != 299 {
		t.Fatalf("token answer %+v, %v", tok, err)
	}
	return tok.AccessToken
}

func TestTokenEndpoint(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	if token(t, s) == "" {
		t.Fatal("empty token")
	}
	for name, form := range map[string]url.Values{
		"bad secret": {"grant_type": {"client_credentials"}, "client_id": {s.ClientID},
			"client_secret": {"x"}},
		"bad grant": {"grant_type": {"password"}, "client_id": {s.ClientID},
			"client_secret": {s.ClientSecret}},
	} {
		resp, err := http.PostForm(s.TokenURL(), form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Errorf("%s: status %d, want a 4xx", name, resp.StatusCode)
		}
	}
}

func TestRequestChecks(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	tok := token(t, s)
	if st, p := call(t, s, "GET", "/retailer/orders", "", "", ""); st != 401 ||
		p["type"] != "https://api.bol.com/problems" {
		t.Errorf("no token: %d %v", st, p)
	}
	if st, _ := call(t, s, "POST", "/retailer/shipments", tok, "application/json", "{}"); st != 415 {
		t.Errorf("JSON content type: %d, want 415", st)
	}
	st, p := call(t, s, "GET", "/retailer/orders?status=DONE", tok, "", "")
	if vs, _ := p["violations"].([]any); st != 400 || len(vs) != 1 {
		t.Errorf("bad status filter: %d %v", st, p)
	}
}

func TestOrderListFilters(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	s := New(Options{Now: func() time.Time { return now }})
	defer s.Close()
	tok := token(t, s)
	for i := range 55 {
		s.AddOrder(NewOrder(string(rune('a'+i/26))+string(rune('a'+i%26)),
			now.Add(-time.Duration(i)*time.Hour), Line{SKU: "A", Quantity: 1, UnitPrice: 100}))
	}
	fbb := NewOrder("fbb", now, Line{SKU: "B", Quantity: 1, UnitPrice: 100})
	fbb.Items[0].Method = "FBB"
	s.AddOrder(fbb)

	count := func(query string) int {
		t.Helper()
		st, p := call(t, s, "GET", "/retailer/orders?"+query, tok, "", "")
		if st != 200 {
			t.Fatalf("%s: status %d %v", query, st, p)
		}
		os, _ := p["orders"].([]any)
		return len(os)
	}
	for q, want := range map[string]int{
		"": 50, "page=2": 5, "page=3": 0, "fulfilment-method=ALL&page=2": 6,
		"fulfilment-method=FBB": 1, "latest-change-date=2026-03-02": 13,
		"change-interval-minute=60": 2,
	} {
		if got := count(q); got != want {
			t.Errorf("orders?%s: %d orders, want %d", q, got, want)
		}
	}
}
