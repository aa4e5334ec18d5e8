package amazon

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/amazon/amazontest"
	"github.com/ordo-oms/ordo/order/ordertest"
)

func TestParseNotificationFixture(t *testing.T) {
	body := ordertest.ReadFile(t, filepath.Join(fixtureDir(t), "notification_ORDER_CHANGE.json"))
	got, err := ParseNotification(body)
	if err != nil {
		t.Fatal(err)
	}
	want := OrderChange{
		NotificationID:  "d0e9e693-c3ad-4373-979f-ed4ec98dd746",
		AmazonOrderID:   "903-8868176-2219830",
		OrderChangeType: "BuyerRequestedChange",
		EventTime:       time.Date(2020, 1, 11, 0, 9, 53, 109e6, time.UTC),
		ChangedAt:       time.Date(2022, 11, 29, 19, 42, 4, 284e6, time.UTC),
		ChangeReason:    "Buyer Requested Cancel",
		SellerID:        "A3TH9S8BH6GOGM",
		MarketplaceID:   "ATVPDKIKX0DER",
		OrderStatus:     "Unshipped",
		FulfillmentType: "MFN",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseNotification (-want +got):\n%s", diff)
	}
}

func TestParseNotificationEventBridge(t *testing.T) {
	f := newFake(t, amazontest.Config{})
	ids := addOrders(f, 1, testNow.Add(-time.Hour))
	body, err := f.OrderChangeEvent(ids[0], "OrderStatusChange")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseNotification(body)
	if err != nil {
		t.Fatal(err)
	}
	if got.AmazonOrderID != ids[0] || got.OrderChangeType != "OrderStatusChange" ||
		got.OrderStatus != "Unshipped" || got.NotificationID == "" ||
		!strings.HasPrefix(got.EventSource, "aws.partner/sellingpartnerapi.amazon.com/") ||
		!got.EventTime.Equal(testNow) {
		t.Errorf("ParseNotification = %+v", got)
	}
}

func TestParseNotificationRejects(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"not JSON", `ORDER_CHANGE`, "not a JSON object"},
		{"other type", `{"NotificationType": "ANY_OFFER_CHANGED"}`, "ANY_OFFER_CHANGED"},
		{"other event", `{"detail-type": "LISTINGS_ITEM_STATUS_CHANGE",
			"source": "aws.partner/sellingpartnerapi.amazon.com/1/2", "detail": {}}`,
			"LISTINGS_ITEM_STATUS_CHANGE"},
		{"foreign source", `{"detail-type": "ORDER_CHANGE", "source": "aws.s3",
			"detail": {}}`, "aws.s3"},
		{"no order", `{"NotificationType": "ORDER_CHANGE", "EventTime": "2026-01-01T00:00:00Z",
			"Payload": {"OrderChangeNotification": {}}}`, "names no order"},
		{"bad time", `{"NotificationType": "ORDER_CHANGE", "EventTime": "today",
			"Payload": {"OrderChangeNotification": {"AmazonOrderId": "1"}}}`, "EventTime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseNotification([]byte(tt.body))
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseNotification = %v, want ErrMalformed mentioning %q", err, tt.want)
			}
		})
	}
}
