package amazontest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

func newServer(t *testing.T) *Server {
	t.Helper()
	s := New(Config{Now: func() time.Time { return now }})
	t.Cleanup(s.Close)
	s.AddOrder(NewOrder("403-1234567-1234567", []Line{{SKU: "A", Quantity: 2, UnitPrice: 1000}},
		now.Add(-time.Hour)))
	return s
}

// token logs in and returns an access token.
func token(t *testing.T, s *Server) string {
	t.Helper()
	resp, err := http.PostForm(s.TokenURL, url.Values{"grant_type": {"refresh_token"},
		"refresh_token": {s.RefreshToken}, "client_id": {s.ClientID},
		"client_secret": {s.ClientSecret}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil || a.ExpiresIn != 3600 {
		t.Fatalf("token answer %+v, %v", a, err)
	}
	return a.AccessToken
}

// do sends a request and returns the status, the rate limit header and the
// body.
func do(t *testing.T, s *Server, tok, method, path, ctype, body string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if tok != "" {
		req.Header.Set("x-amz-access-token", tok)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("x-amzn-RateLimit-Limit"), string(b)
}

func TestTokenEndpoint(t *testing.T) {
	s := newServer(t)
	tests := []struct {
		name, ctype string
		form        url.Values
		status      int
		want        string
	}{
		{"JSON body", "application/json", nil, 400, "invalid_request"},
		{"wrong grant", "", url.Values{"grant_type": {"client_credentials"}}, 400,
			"unsupported_grant_type"},
		{"wrong secret", "", url.Values{"grant_type": {"refresh_token"},
			"client_id": {s.ClientID}, "client_secret": {"x"}}, 401, "invalid_client"},
		{"wrong refresh token", "", url.Values{"grant_type": {"refresh_token"},
			"client_id": {s.ClientID}, "client_secret": {s.ClientSecret},
			"refresh_token": {"x"}}, 400, "invalid_grant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctype := tt.ctype
			if ctype == "" {
				ctype = "application/x-www-form-urlencoded"
			}
			resp, err := http.Post(s.TokenURL, ctype, strings.NewReader(tt.form.Encode()))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(string(b), tt.want) {
				t.Errorf("%d %s; want %d with %s", resp.StatusCode, b, tt.status, tt.want)
			}
		})
	}
	if tok := token(t, s); !strings.HasPrefix(tok, "Atza|") {
		t.Errorf("access token %q", tok)
	}
}

func TestRequestsChecked(t *testing.T) {
	s := newServer(t)
	tok := token(t, s)
	o, _ := s.Order("403-1234567-1234567")
	item := o.Items[0].OrderItemID
	ship := func(ref, code, name string, qty int) string {
		return `{"marketplaceId": "A1805IZSGTT6HS", "packageDetail": {"packageReferenceId": "` +
			ref + `", "carrierCode": "` + code + `", "carrierName": "` + name +
			`", "trackingNumber": "T1", "shipDate": "2026-03-02T10:00:00Z", "orderItems": [` +
			`{"orderItemId": "` + item + `", "quantity": ` + string(rune('0'+qty)) + `}]}}`
	}
	const orders = "/orders/v0/orders"
	const confirm = orders + "/403-1234567-1234567/shipmentConfirmation"
	tests := []struct {
		name, tok, method, path, ctype, body string
		status                               int
		want                                 string
	}{
		{"no token", "", "GET", orders + "/403-1234567-1234567", "", "", 403, "Unauthorized"},
		{"unknown token", "Atza|x", "GET", orders + "/403-1234567-1234567", "", "", 403,
			"revoked, malformed or invalid"},
		{"unknown order", tok, "GET", orders + "/1", "", "", 404, "NotFound"},
		{"no marketplaces", tok, "GET", orders + "?LastUpdatedAfter=2026-03-01T00:00:00Z",
			"", "", 400, "MarketplaceIds"},
		{"no time", tok, "GET", orders + "?MarketplaceIds=A1805IZSGTT6HS", "", "", 400,
			"LastUpdatedAfter"},
		{"too recent", tok, "GET", orders + "?MarketplaceIds=A1805IZSGTT6HS" +
			"&LastUpdatedAfter=2026-03-02T11:59:00Z", "", "", 400, "2 minutes"},
		{"bad next token", tok, "GET", orders + "?MarketplaceIds=A1805IZSGTT6HS&NextToken=x",
			"", "", 400, "NextToken"},
		{"list", tok, "GET", orders + "?MarketplaceIds=A1805IZSGTT6HS" +
			"&LastUpdatedAfter=2026-03-01T00:00:00Z", "", "", 200, "403-1234567-1234567"},
		{"items", tok, "GET", orders + "/403-1234567-1234567/orderItems", "", "", 200,
			`"Amount":"20.00"`},
		{"form body", tok, "POST", confirm, "application/x-www-form-urlencoded", "a=b", 415,
			"UnsupportedMediaType"},
		{"zero reference", tok, "POST", confirm, "application/json", ship("0", "DHL", "", 1),
			400, "positive numeric"},
		{"Other without name", tok, "POST", confirm, "application/json",
			ship("5", "Other", "", 1), 400, "carrierName"},
		{"too many", tok, "POST", confirm, "application/json", ship("5", "DHL", "", 3), 400,
			"exceeds"},
		{"confirmed", tok, "POST", confirm, "application/json", ship("5", "DHL", "", 1), 204, ""},
		{"reference reused", tok, "POST", confirm, "application/json", ship("5", "DHL", "", 1),
			400, "already"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, limit, body := do(t, s, tt.tok, tt.method, tt.path, tt.ctype, tt.body)
			if status != tt.status || !strings.Contains(body, tt.want) {
				t.Errorf("%d %s; want %d with %s", status, body, tt.status, tt.want)
			}
			if limit == "" {
				t.Error("no x-amzn-RateLimit-Limit header")
			}
		})
	}
	if got := s.Shipments("403-1234567-1234567"); len(got) != 1 || got[0].Items[item] != 1 {
		t.Errorf("shipments = %+v", got)
	}
	if o, _ := s.Order("403-1234567-1234567"); o.OrderStatus != "PartiallyShipped" ||
		!o.LastUpdateDate.Equal(now) {
		t.Errorf("order after shipping 1 of 2: %s at %v", o.OrderStatus, o.LastUpdateDate)
	}
}

func TestRateLimitAndFaults(t *testing.T) {
	s := newServer(t)
	tok := token(t, s)
	path := "/orders/v0/orders/403-1234567-1234567"
	s.SetRateLimit(OpGetOrder, 0.001, 1)
	if status, limit, _ := do(t, s, tok, "GET", path, "", ""); status != 200 || limit != "0.001" {
		t.Errorf("first call: %d with limit %s", status, limit)
	}
	if status, _, body := do(t, s, tok, "GET", path, "", ""); status != 429 ||
		!strings.Contains(body, "QuotaExceeded") {
		t.Errorf("second call: %d %s, want 429 QuotaExceeded", status, body)
	}
	s.SetRateLimit(OpGetOrder, 0, 0)
	s.Inject(OpGetOrder, 2, Fault{Kind: ServerError, Status: 500})
	for i := range 2 {
		if status, _, _ := do(t, s, tok, "GET", path, "", ""); status != 500 {
			t.Errorf("faulty call %d: %d, want 500", i, status)
		}
	}
	if status, limit, _ := do(t, s, tok, "GET", path, "", ""); status != 200 || limit != "0.5" {
		t.Errorf("after the faults: %d, limit %s", status, limit)
	}
	if n := s.Requests(OpGetOrder); n != 5 {
		t.Errorf("counted %d getOrder requests, want 5", n)
	}
}
