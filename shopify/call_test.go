package shopify

import (
	"net/http"
	"testing"
)

func TestErrorTextTakesShopifysWords(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{"string", `{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}`,
			"[API] Invalid API key or access token (unrecognized login or wrong password)"},
		{"list", `{"errors":["The fulfillment order is not in an open state."]}`,
			"The fulfillment order is not in an open state."},
		{"fields", `{"errors":{"line_items":["is invalid"],"base":["Order is closed"]}}`,
			"Order is closed; line_items: is invalid"},
		{"field with a string", `{"errors":{"created_at_min":"created_at_min cannot be passed when page_info is present."}}`,
			"created_at_min: created_at_min cannot be passed when page_info is present."},
		{"error key", `{"error":"Order has already been cancelled"}`, "Order has already been cancelled"},
		{"not JSON", `<html>Bad Gateway</html>`, "<html>Bad Gateway</html>"},
		{"empty", ``, "Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errorText(http.StatusNotFound, []byte(tt.body)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
