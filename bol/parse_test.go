package bol

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/order/ordertest"
)

// TestParseFixtures reads the fixtures that are not orders with the code
// that reads their kind of answer.
func TestParseFixtures(t *testing.T) {
	t.Run("order lists", func(t *testing.T) {
		for _, name := range []string{"orders_list_fbr_123lens.json",
			"orders_list_reduced_picqer.json"} {
			var l orderList
			if err := json.Unmarshal(readFixture(t, name), &l); err != nil {
				t.Fatal(err)
			}
			if len(l.Orders) != 4 || l.Orders[1].OrderID != "1042831430" ||
				len(l.Orders[1].OrderItems) != 2 {
				t.Errorf("%s: %+v, want 4 orders, the second 1042831430 with 2 items", name, l)
			}
		}
	})
	t.Run("process statuses", func(t *testing.T) {
		tests := []struct {
			file string
			want ProcessStatus
		}{
			{"process_status_ship_order_item.json", ProcessStatus{ID: "1",
				EntityID: "6107434013", EventType: "CONFIRM_SHIPMENT", Status: StatusPending,
				Description: "Confirm shipment for order item 6107434013.",
				CreatedAt: time.Date(2021, 3, 22, 9, 11, 19, 983620000,
					time.FixedZone("", 3600))}},
			{"subscription_send_test_process_status.json", ProcessStatus{ID: "1",
				EventType: "SEND_SUBSCRIPTION_TST_MSG", Status: StatusPending,
				Description: "Send a test push notification for configured subscription.",
				CreatedAt:   time.Date(2023, 12, 27, 15, 34, 33, 0, time.FixedZone("", 3600))}},
		}
		for _, tt := range tests {
			got, err := ParseProcessStatus(readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.file, diff)
			}
		}
	})
	t.Run("signature keys", func(t *testing.T) {
		var ks keySetResponse
		if err := json.Unmarshal(readFixture(t, "subscription_signature_keys.json"), &ks); err != nil {
			t.Fatal(err)
		}
		keys, err := ks.parse()
		if err != nil {
			t.Fatal(err)
		}
		if k := keys["0"]; k == nil || k.N.BitLen() != 2048 {
			t.Errorf("keys = %v, want a 2048-bit RSA key with id 0", keys)
		}
	})
	t.Run("push message", func(t *testing.T) {
		got, err := parsePush(readFixture(t, "push_notification_process_status_docs.json"))
		if err != nil {
			t.Fatal(err)
		}
		want := Push{RetailerID: "1234567", Timestamp: "2020-02-02T23:23:23+01:00",
			Resource: "PROCESS_STATUS", Type: "SUCCESS", ResourceID: "1234567"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("push (-want +got):\n%s", diff)
		}
	})
	t.Run("shipment list", func(t *testing.T) {
		var l shipmentList
		if err := json.Unmarshal(readFixture(t, "shipments_list.json"), &l); err != nil {
			t.Fatal(err)
		}
		last := l.Shipments[3]
		if scalar(last.ShipmentID) != "953316694" || last.ShipmentReference != "WSR1096399593" ||
			last.Order.OrderID != "4616526971" {
			t.Errorf("last shipment = %+v", last)
		}
	})
}

// pushVector is a push message signed with OpenSSL; see its _comment.
type pushVector struct {
	KeyID     string `json:"keyId"`
	PublicKey string `json:"publicKey"`
	Body      string `json:"body"`
	Signature string `json:"signature"`
}

// TestVerifyPushVector checks VerifyPush against a signature made by
// OpenSSL rather than by Go, over bol.com's documented push example.
func TestVerifyPushVector(t *testing.T) {
	var v pushVector
	if err := json.Unmarshal(ordertest.ReadFile(t, "testdata/push_vector.json"), &v); err != nil {
		t.Fatal(err)
	}
	var ks keySetResponse
	ks.SignatureKeys = append(ks.SignatureKeys, struct {
		ID        string `json:"id"`
		Type      string `json:"type"`
		PublicKey string `json:"publicKey"`
	}{v.KeyID, "RSA", v.PublicKey})
	keys, err := ks.parse()
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Options{ChannelID: "c", ClientID: "id", ClientSecret: "secret",
		BaseURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	c.keys.keys, c.keys.fetched = keys, time.Now()

	header := func(sig string) http.Header {
		h := http.Header{}
		h.Set("Signature", `keyId=`+v.KeyID+`, algorithm="rsa-sha256", signature=`+sig)
		return h
	}
	push, err := c.VerifyPush(context.Background(), header(v.Signature), []byte(v.Body))
	if err != nil || push.ResourceID != "1234567" || push.Resource != "PROCESS_STATUS" {
		t.Fatalf("VerifyPush = %+v, %v; want the documented PROCESS_STATUS push", push, err)
	}

	sig, _ := base64.StdEncoding.DecodeString(v.Signature)
	sig[10] ^= 1
	tests := []struct {
		name   string
		header http.Header
		body   string
	}{
		{"body changed", header(v.Signature), v.Body + " "},
		{"signature changed", header(base64.StdEncoding.EncodeToString(sig)), v.Body},
		{"no header", http.Header{}, v.Body},
		{"other algorithm", func() http.Header {
			h := header(v.Signature)
			h.Set("Signature", `keyId=0, algorithm="hmac-sha256", signature=`+v.Signature)
			return h
		}(), v.Body},
		{"unknown key id, keys just read", func() http.Header {
			h := http.Header{}
			h.Set("Signature", `keyId=7, algorithm="rsa-sha256", signature=`+v.Signature)
			return h
		}(), v.Body},
		{"not base64", header("%%%"), v.Body},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.VerifyPush(context.Background(), tt.header, []byte(tt.body))
			if !errors.Is(err, ErrSignature) {
				t.Errorf("VerifyPush = %v, want ErrSignature", err)
			}
		})
	}
}

func TestParseSignatureForms(t *testing.T) {
	for _, h := range []string{
		`keyId=0, algorithm="rsa-sha256", signature=AAEC`,
		`keyId="0",algorithm="RSA-SHA256",signature="AAEC"`,
		`signature=AAEC, keyId=0`,
	} {
		sig, err := parseSignature(h)
		if err != nil || sig.keyID != "0" || len(sig.value) != 3 {
			t.Errorf("parseSignature(%q) = %+v, %v", h, sig, err)
		}
	}
}
