package amazon

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// The SP-API Orders v0 payloads, with the fields Ordo reads. Field names
// are Amazon's; encoding/json matches them.

// orderPayload is an Order object of getOrder and getOrders.
type orderPayload struct {
	AmazonOrderID                string    `json:"AmazonOrderId"`
	PurchaseDate                 string    `json:"PurchaseDate"`
	LastUpdateDate               string    `json:"LastUpdateDate"`
	OrderStatus                  string    `json:"OrderStatus"`
	FulfillmentChannel           string    `json:"FulfillmentChannel"`
	OrderTotal                   *money    `json:"OrderTotal"`
	MarketplaceID                string    `json:"MarketplaceId"`
	ShipmentServiceLevelCategory string    `json:"ShipmentServiceLevelCategory"`
	IsPrime                      bool      `json:"IsPrime"`
	IsPremiumOrder               bool      `json:"IsPremiumOrder"`
	IsBusinessOrder              bool      `json:"IsBusinessOrder"`
	IsReplacementOrder           bool      `json:"IsReplacementOrder"`
	IsISPU                       bool      `json:"IsISPU"`
	IsAccessPointOrder           bool      `json:"IsAccessPointOrder"`
	ShippingAddress              *address  `json:"ShippingAddress"`
	BuyerInfo                    *buyer    `json:"BuyerInfo"`
	AutomatedShippingSettings    *autoShip `json:"AutomatedShippingSettings"`
}

// money is an amount as Amazon writes it: a decimal string and a currency.
type money struct {
	CurrencyCode string `json:"CurrencyCode"`
	Amount       string `json:"Amount"`
}

// address is Amazon's Address. Name, the address lines, Phone and
// AddressType are restricted data.
type address struct {
	Name          string `json:"Name"`
	CompanyName   string `json:"CompanyName"`
	AddressLine1  string `json:"AddressLine1"`
	AddressLine2  string `json:"AddressLine2"`
	AddressLine3  string `json:"AddressLine3"`
	City          string `json:"City"`
	StateOrRegion string `json:"StateOrRegion"`
	PostalCode    string `json:"PostalCode"`
	CountryCode   string `json:"CountryCode"`
	Phone         string `json:"Phone"`
}

// buyer is Amazon's BuyerInfo, all of it restricted data.
type buyer struct {
	BuyerEmail string `json:"BuyerEmail"`
	BuyerName  string `json:"BuyerName"`
}

// autoShip is AutomatedShippingSettings.
type autoShip struct {
	AutomatedCarrier string `json:"AutomatedCarrier"`
}

// itemPayload is an OrderItem of getOrderItems.
type itemPayload struct {
	ASIN                 string       `json:"ASIN"`
	SellerSKU            string       `json:"SellerSKU"`
	OrderItemID          string       `json:"OrderItemId"`
	Title                string       `json:"Title"`
	QuantityOrdered      int64        `json:"QuantityOrdered"`
	QuantityShipped      int64        `json:"QuantityShipped"`
	ItemPrice            *money       `json:"ItemPrice"`
	ItemTax              *money       `json:"ItemTax"`
	ShippingPrice        *money       `json:"ShippingPrice"`
	ShippingTax          *money       `json:"ShippingTax"`
	ShippingDiscount     *money       `json:"ShippingDiscount"`
	ShippingDiscountTax  *money       `json:"ShippingDiscountTax"`
	PromotionDiscount    *money       `json:"PromotionDiscount"`
	PromotionDiscountTax *money       `json:"PromotionDiscountTax"`
	BuyerRequestedCancel *buyerCancel `json:"BuyerRequestedCancel"`
}

// buyerCancel is BuyerRequestedCancel; Amazon writes the flag as a string.
type buyerCancel struct {
	IsBuyerRequestedCancel string `json:"IsBuyerRequestedCancel"`
	BuyerCancelReason      string `json:"BuyerCancelReason"`
}

// itemsPage is the payload of one getOrderItems answer.
type itemsPage struct {
	AmazonOrderID string        `json:"AmazonOrderId"`
	NextToken     string        `json:"NextToken"`
	OrderItems    []itemPayload `json:"OrderItems"`
}

// ordersPage is the payload of one getOrders answer.
type ordersPage struct {
	NextToken string         `json:"NextToken"`
	Orders    []orderPayload `json:"Orders"`
}

// envelope is every SP-API answer: a payload, or errors.
type envelope[T any] struct {
	Payload *T `json:"payload"`
	errorList
}

// unwrap reads an SP-API answer body and returns its payload. Every error
// wraps ErrMalformed; what names the body in the message.
func unwrap[T any](what string, body []byte) (*T, error) {
	if t := bytes.TrimSpace(body); len(t) == 0 || t[0] != '{' {
		return nil, fmt.Errorf("%w: %s is not a JSON object", ErrMalformed, what)
	}
	var e envelope[T]
	if err := json.Unmarshal(body, &e); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrMalformed, what, err)
	}
	if len(e.Errors) > 0 {
		return nil, fmt.Errorf("%w: %s carries errors instead of a payload: %s",
			ErrMalformed, what, e.text())
	}
	if e.Payload == nil {
		return nil, fmt.Errorf("%w: %s has no payload", ErrMalformed, what)
	}
	return e.Payload, nil
}
