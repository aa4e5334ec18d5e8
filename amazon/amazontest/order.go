package amazontest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/order"
)

// Order is an order as the fake holds it. Amounts are minor units of
// Currency; an Item's ItemPrice is for its whole quantity, as at Amazon.
type Order struct {
	AmazonOrderID                string
	PurchaseDate                 time.Time
	LastUpdateDate               time.Time
	OrderStatus                  string // Unshipped if empty
	FulfillmentChannel           string // MFN if empty
	MarketplaceID                string // A1805IZSGTT6HS (Amazon.nl) if empty
	Currency                     string // EUR if empty
	ShipmentServiceLevelCategory string // Standard if empty
	IsPrime                      bool
	IsBusinessOrder              bool
	ShippingAddress              Address
	BuyerEmail                   string
	BuyerName                    string
	Items                        []Item
}

// Address is a shipping address.
type Address struct {
	Name          string
	AddressLine1  string
	AddressLine2  string
	City          string
	StateOrRegion string
	PostalCode    string
	CountryCode   string
	Phone         string
}

// Item is an order item.
type Item struct {
	OrderItemID       string
	SellerSKU         string
	ASIN              string
	Title             string
	QuantityOrdered   int64
	QuantityShipped   int64
	ItemPrice         int64
	ItemTax           int64
	ShippingPrice     int64
	ShippingTax       int64
	PromotionDiscount int64
	// BuyerCancelReason, when set, marks the item as one whose buyer asked
	// to cancel.
	BuyerCancelReason string
}

// Line is a SKU, quantity and unit price for NewOrder.
type Line struct {
	SKU       string
	Quantity  int64
	UnitPrice int64
}

// taxExclusive are the marketplaces (US, CA) whose prices exclude tax.
var taxExclusive = map[string]bool{"ATVPDKIKX0DER": true, "A2EUQ1WTGCTBG2": true}

// NewOrder builds a realistic unshipped Amazon.nl order placed at: prices
// in EUR include 21% VAT (ItemTax is the VAT part), delivery is free and
// standard, and the buyer lives in Amsterdam. Item ids are 14 digits
// derived from the order id and the line's position.
func NewOrder(id string, lines []Line, at time.Time) Order {
	o := Order{
		AmazonOrderID:  id,
		PurchaseDate:   at,
		LastUpdateDate: at,
		OrderStatus:    "Unshipped",
		ShippingAddress: Address{Name: "Sanne de Vries", AddressLine1: "Keizersgracht 123",
			City: "Amsterdam", PostalCode: "1015 CJ", CountryCode: "NL", Phone: "+31 20 123 4567"},
		BuyerEmail: "k8dm3qz1x9t7@marketplace.amazon.nl",
		BuyerName:  "Sanne de Vries",
	}
	digits := strings.NewReplacer("-", "").Replace(id)
	for i, l := range lines {
		price := l.UnitPrice * l.Quantity
		o.Items = append(o.Items, Item{
			OrderItemID:     fmt.Sprintf("%012s%02d", lastN(digits, 12), i+1),
			SellerSKU:       l.SKU,
			ASIN:            fmt.Sprintf("B0%08d", i+1),
			Title:           "Product " + l.SKU,
			QuantityOrdered: l.Quantity,
			ItemPrice:       price,
			ItemTax:         (price*21 + 60) / 121,
		})
	}
	return o
}

// lastN returns the last n characters of s, or s.
func lastN(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// AddOrder adds o, or replaces the order with its id, filling in defaults.
func (s *Server) AddOrder(o Order) {
	o.OrderStatus = cmp.Or(o.OrderStatus, "Unshipped")
	o.FulfillmentChannel = cmp.Or(o.FulfillmentChannel, "MFN")
	o.MarketplaceID = cmp.Or(o.MarketplaceID, "A1805IZSGTT6HS")
	o.Currency = cmp.Or(o.Currency, "EUR")
	o.ShipmentServiceLevelCategory = cmp.Or(o.ShipmentServiceLevelCategory, "Standard")
	if o.LastUpdateDate.IsZero() {
		o.LastUpdateDate = o.PurchaseDate
	}
	o.Items = slices.Clone(o.Items)
	s.mu.Lock()
	s.orders[o.AmazonOrderID] = &o
	s.mu.Unlock()
}

// Order returns a copy of the order with id.
func (s *Server) Order(id string) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return Order{}, false
	}
	c := *o
	c.Items = slices.Clone(o.Items)
	return c, true
}

// The wire forms of the fake's answers, with Amazon's field names.

type wireMoney struct {
	CurrencyCode string `json:"CurrencyCode"`
	Amount       string `json:"Amount"`
}

type wireAddress struct {
	Name          string `json:"Name,omitempty"`
	AddressLine1  string `json:"AddressLine1,omitempty"`
	AddressLine2  string `json:"AddressLine2,omitempty"`
	City          string `json:"City,omitempty"`
	StateOrRegion string `json:"StateOrRegion,omitempty"`
	PostalCode    string `json:"PostalCode,omitempty"`
	CountryCode   string `json:"CountryCode,omitempty"`
	Phone         string `json:"Phone,omitempty"`
}

type wireOrder struct {
	AmazonOrderID                string       `json:"AmazonOrderId"`
	PurchaseDate                 string       `json:"PurchaseDate"`
	LastUpdateDate               string       `json:"LastUpdateDate"`
	OrderStatus                  string       `json:"OrderStatus"`
	FulfillmentChannel           string       `json:"FulfillmentChannel"`
	OrderTotal                   *wireMoney   `json:"OrderTotal,omitempty"`
	NumberOfItemsShipped         int64        `json:"NumberOfItemsShipped"`
	NumberOfItemsUnshipped       int64        `json:"NumberOfItemsUnshipped"`
	PaymentMethod                string       `json:"PaymentMethod"`
	MarketplaceID                string       `json:"MarketplaceId"`
	ShipmentServiceLevelCategory string       `json:"ShipmentServiceLevelCategory"`
	OrderType                    string       `json:"OrderType"`
	IsBusinessOrder              bool         `json:"IsBusinessOrder"`
	IsPrime                      bool         `json:"IsPrime"`
	ShippingAddress              *wireAddress `json:"ShippingAddress,omitempty"`
	BuyerInfo                    *wireBuyer   `json:"BuyerInfo,omitempty"`
}

type wireBuyer struct {
	BuyerEmail string `json:"BuyerEmail,omitempty"`
	BuyerName  string `json:"BuyerName,omitempty"`
}

type wireItem struct {
	ASIN                 string      `json:"ASIN"`
	OrderItemID          string      `json:"OrderItemId"`
	SellerSKU            string      `json:"SellerSKU"`
	Title                string      `json:"Title"`
	QuantityOrdered      int64       `json:"QuantityOrdered"`
	QuantityShipped      int64       `json:"QuantityShipped"`
	ItemPrice            *wireMoney  `json:"ItemPrice"`
	ItemTax              *wireMoney  `json:"ItemTax"`
	ShippingPrice        *wireMoney  `json:"ShippingPrice,omitempty"`
	ShippingTax          *wireMoney  `json:"ShippingTax,omitempty"`
	PromotionDiscount    *wireMoney  `json:"PromotionDiscount,omitempty"`
	IsGift               string      `json:"IsGift"`
	BuyerRequestedCancel *wireCancel `json:"BuyerRequestedCancel,omitempty"`
}

type wireCancel struct {
	IsBuyerRequestedCancel string `json:"IsBuyerRequestedCancel"`
	BuyerCancelReason      string `json:"BuyerCancelReason,omitempty"`
}

// isoTime writes t as Amazon does.
func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// addressShared are the statuses whose orders carry a ShippingAddress.
var addressShared = map[string]bool{"Unshipped": true, "PartiallyShipped": true,
	"Shipped": true, "InvoiceUnconfirmed": true}

// wire renders o as Amazon would. The caller holds s.mu.
func (s *Server) wire(o *Order) wireOrder {
	m := func(v int64) *wireMoney {
		return &wireMoney{CurrencyCode: o.Currency, Amount: order.FormatAmount(v, o.Currency)}
	}
	w := wireOrder{
		AmazonOrderID: o.AmazonOrderID, PurchaseDate: isoTime(o.PurchaseDate),
		LastUpdateDate: isoTime(o.LastUpdateDate), OrderStatus: o.OrderStatus,
		FulfillmentChannel: o.FulfillmentChannel, PaymentMethod: "Other",
		MarketplaceID: o.MarketplaceID, OrderType: "StandardOrder",
		ShipmentServiceLevelCategory: o.ShipmentServiceLevelCategory,
		IsBusinessOrder:              o.IsBusinessOrder, IsPrime: o.IsPrime,
	}
	var total int64
	for _, it := range o.Items {
		total += it.ItemPrice + it.ShippingPrice - it.PromotionDiscount
		if taxExclusive[o.MarketplaceID] {
			total += it.ItemTax + it.ShippingTax
		}
		w.NumberOfItemsShipped += it.QuantityShipped
		w.NumberOfItemsUnshipped += it.QuantityOrdered - it.QuantityShipped
	}
	if o.OrderStatus != "Pending" && o.OrderStatus != "PendingAvailability" {
		w.OrderTotal = m(total)
	}
	if !addressShared[o.OrderStatus] {
		return w
	}
	a := o.ShippingAddress
	w.ShippingAddress = &wireAddress{City: a.City, StateOrRegion: a.StateOrRegion,
		PostalCode: a.PostalCode, CountryCode: a.CountryCode}
	if !s.withhold {
		w.ShippingAddress.Name, w.ShippingAddress.AddressLine1 = a.Name, a.AddressLine1
		w.ShippingAddress.AddressLine2, w.ShippingAddress.Phone = a.AddressLine2, a.Phone
		w.BuyerInfo = &wireBuyer{BuyerEmail: o.BuyerEmail, BuyerName: o.BuyerName}
	}
	return w
}

// wireItemOf renders an item of an order in currency.
func wireItemOf(it Item, currency string) wireItem {
	m := func(v int64) *wireMoney {
		return &wireMoney{CurrencyCode: currency, Amount: order.FormatAmount(v, currency)}
	}
	opt := func(v int64) *wireMoney {
		if v == 0 {
			return nil
		}
		return m(v)
	}
	w := wireItem{ASIN: it.ASIN, OrderItemID: it.OrderItemID, SellerSKU: it.SellerSKU,
		Title: it.Title, QuantityOrdered: it.QuantityOrdered,
		QuantityShipped: it.QuantityShipped, ItemPrice: m(it.ItemPrice),
		ItemTax: m(it.ItemTax), ShippingPrice: opt(it.ShippingPrice),
		ShippingTax: opt(it.ShippingTax), PromotionDiscount: opt(it.PromotionDiscount),
		IsGift: "false"}
	if it.BuyerCancelReason != "" {
		w.BuyerRequestedCancel = &wireCancel{IsBuyerRequestedCancel: "true",
			BuyerCancelReason: it.BuyerCancelReason}
	}
	return w
}
