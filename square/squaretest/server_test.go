package squaretest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/square/squaretest"
)

func TestSearchRefusesLikeSquare(t *testing.T) {
	srv := squaretest.New("tok")
	defer srv.Close()
	srv.AddOrder(squaretest.NewOrder("O1", []squaretest.Item{
		{SKU: "V", Quantity: 1, UnitPrice: 100}}, time.Now()))
	tests := []struct {
		name, token, contentType, body string
		status                         int
		code                           string
	}{
		{"no token", "", "application/json", `{"location_ids":["` + squaretest.LocationID + `"]}`,
			401, "UNAUTHORIZED"},
		{"not JSON content", "tok", "text/plain", `{}`, 400, "INVALID_CONTENT_TYPE"},
		{"no locations", "tok", "application/json", `{}`, 400, "INVALID_VALUE"},
		{"sort on another field", "tok", "application/json", `{"location_ids":["L"],` +
			`"query":{"filter":{"date_time_filter":{"updated_at":{"start_at":` +
			`"2026-01-01T00:00:00Z"}}},"sort":{"sort_field":"CREATED_AT"}}}`, 400, "INVALID_VALUE"},
		{"entries", "tok", "application/json", `{"location_ids":["` + squaretest.LocationID +
			`"],"return_entries":true}`, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", srv.URL()+"/v2/orders/search",
				strings.NewReader(tt.body))
			req.Header.Set("Authorization", "Bearer "+tt.token)
			req.Header.Set("Content-Type", tt.contentType)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var got struct {
				Errors []struct {
					Code string `json:"code"`
				} `json:"errors"`
				OrderEntries []struct {
					OrderID string `json:"order_id"`
				} `json:"order_entries"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.code != "" && (len(got.Errors) != 1 || got.Errors[0].Code != tt.code) {
				t.Errorf("errors = %+v, want %s", got.Errors, tt.code)
			}
			if tt.status == 200 && (len(got.OrderEntries) != 1 || got.OrderEntries[0].OrderID != "O1") {
				t.Errorf("entries = %+v", got.OrderEntries)
			}
		})
	}
	if n := srv.Requests(squaretest.SearchOrders); n != len(tests) {
		t.Errorf("requests = %d, want %d", n, len(tests))
	}
}
