package amazontest

import (
	"encoding/json"
	"fmt"
	"time"
)

// Identities used in the notifications the fake builds.
const (
	eventAccount     = "123456789012"
	eventApplication = "amzn1.sellerapps.app.ordo-test"
	sellerID         = "A3TESTSELLER01"
)

// OrderChangeEvent returns the body of an Amazon EventBridge event that
// carries an ORDER_CHANGE notification for the order, as SP-API delivers
// it to a partner event bus: detail-type ORDER_CHANGE, source
// aws.partner/sellingpartnerapi.amazon.com/{account}/{application}, and the
// notification (version 1.0) in detail, summarising the order as it stands.
// changeType is OrderStatusChange or BuyerRequestedChange.
func (s *Server) OrderChangeEvent(orderID, changeType string) ([]byte, error) {
	s.mu.Lock()
	o, ok := s.orders[orderID]
	var n map[string]any
	if ok {
		n = s.notification(o, changeType)
	}
	now := s.now().UTC()
	s.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("amazontest: no order %s", orderID)
	}
	source := "aws.partner/sellingpartnerapi.amazon.com/" + eventAccount + "/" +
		eventApplication
	return json.Marshal(map[string]any{
		"version":     "0",
		"id":          newID(),
		"detail-type": "ORDER_CHANGE",
		"source":      source,
		"account":     eventAccount,
		"time":        now.Format(time.RFC3339),
		"region":      "eu-west-1",
		"resources":   []string{},
		"detail":      n,
	})
}

// notification builds the ORDER_CHANGE notification of o. The caller holds
// s.mu.
func (s *Server) notification(o *Order, changeType string) map[string]any {
	now := s.now().UTC()
	var items []map[string]any
	var shipped, unshipped int64
	for _, it := range o.Items {
		items = append(items, map[string]any{
			"OrderItemId": it.OrderItemID, "SellerSKU": it.SellerSKU,
			"OrderItemStatus": o.OrderStatus, "Quantity": it.QuantityOrdered,
			"QuantityShipped": it.QuantityShipped, "IsBuyerRequestedCancel": it.BuyerCancelReason != "",
		})
		shipped += it.QuantityShipped
		unshipped += it.QuantityOrdered - it.QuantityShipped
	}
	reason := "Order status changed"
	if changeType == "BuyerRequestedChange" {
		reason = "Buyer Requested Cancel"
	}
	return map[string]any{
		"NotificationVersion": "1.0",
		"NotificationType":    "ORDER_CHANGE",
		"PayloadVersion":      "1.0",
		"EventTime":           now.Format(time.RFC3339Nano),
		"Payload": map[string]any{"OrderChangeNotification": map[string]any{
			"NotificationLevel": "OrderLevel",
			"SellerId":          sellerID,
			"AmazonOrderId":     o.AmazonOrderID,
			"OrderChangeType":   changeType,
			"OrderChangeTrigger": map[string]any{
				"TimeOfOrderChange": o.LastUpdateDate.UTC().Format(time.RFC3339Nano),
				"ChangeReason":      reason,
			},
			"Summary": map[string]any{
				"MarketplaceId": o.MarketplaceID, "OrderStatus": o.OrderStatus,
				"PurchaseDate":    o.PurchaseDate.UTC().Format(time.RFC3339Nano),
				"FulfillmentType": o.FulfillmentChannel, "OrderType": "StandardOrder",
				"NumberOfItemsShipped": shipped, "NumberOfItemsUnshipped": unshipped,
				"OrderItems": items,
			},
		}},
		"NotificationMetadata": map[string]any{
			"ApplicationId":  eventApplication,
			"SubscriptionId": "subscription-" + newID(),
			"PublishTime":    now.Format(time.RFC3339Nano),
			"NotificationId": newID(),
		},
	}
}
