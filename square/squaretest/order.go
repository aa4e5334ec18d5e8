package squaretest

import (
	"encoding/json"
	"fmt"
	"time"
)

// The Square objects the fake keeps, in Square's JSON shape. Only the
// fields Ordo reads and writes are declared.

// Money is an amount in the currency's minor units.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// Order is Square's Order.
type Order struct {
	ID                      string        `json:"id"`
	LocationID              string        `json:"location_id"`
	ReferenceID             string        `json:"reference_id,omitempty"`
	LineItems               []LineItem    `json:"line_items,omitempty"`
	Taxes                   []Tax         `json:"taxes,omitempty"`
	Fulfillments            []Fulfillment `json:"fulfillments,omitempty"`
	Tenders                 []Tender      `json:"tenders,omitempty"`
	CreatedAt               string        `json:"created_at"`
	UpdatedAt               string        `json:"updated_at"`
	ClosedAt                string        `json:"closed_at,omitempty"`
	State                   string        `json:"state"`
	Version                 int64         `json:"version"`
	TotalMoney              *Money        `json:"total_money,omitempty"`
	TotalTaxMoney           *Money        `json:"total_tax_money,omitempty"`
	TotalDiscountMoney      *Money        `json:"total_discount_money,omitempty"`
	TotalServiceChargeMoney *Money        `json:"total_service_charge_money,omitempty"`
}

// LineItem is Square's OrderLineItem.
type LineItem struct {
	UID                string `json:"uid"`
	Name               string `json:"name,omitempty"`
	Quantity           string `json:"quantity"`
	CatalogObjectID    string `json:"catalog_object_id,omitempty"`
	VariationName      string `json:"variation_name,omitempty"`
	BasePriceMoney     *Money `json:"base_price_money,omitempty"`
	GrossSalesMoney    *Money `json:"gross_sales_money,omitempty"`
	TotalTaxMoney      *Money `json:"total_tax_money,omitempty"`
	TotalDiscountMoney *Money `json:"total_discount_money,omitempty"`
	TotalMoney         *Money `json:"total_money,omitempty"`
}

// Tax is Square's OrderLineItemTax; Type is ADDITIVE or INCLUSIVE.
type Tax struct {
	UID        string `json:"uid"`
	Name       string `json:"name,omitempty"`
	Type       string `json:"type,omitempty"`
	Percentage string `json:"percentage,omitempty"`
	Scope      string `json:"scope,omitempty"`
}

// Fulfillment is Square's Fulfillment. Type is SHIPMENT, PICKUP or
// DELIVERY; State is PROPOSED, RESERVED, PREPARED, COMPLETED, CANCELED or
// FAILED.
type Fulfillment struct {
	UID             string           `json:"uid"`
	Type            string           `json:"type"`
	State           string           `json:"state"`
	ShipmentDetails *ShipmentDetails `json:"shipment_details,omitempty"`
	PickupDetails   *PickupDetails   `json:"pickup_details,omitempty"`
}

// ShipmentDetails is Square's FulfillmentShipmentDetails.
type ShipmentDetails struct {
	Recipient      *Recipient `json:"recipient,omitempty"`
	Carrier        string     `json:"carrier,omitempty"`
	ShippingNote   string     `json:"shipping_note,omitempty"`
	ShippingType   string     `json:"shipping_type,omitempty"`
	TrackingNumber string     `json:"tracking_number,omitempty"`
	TrackingURL    string     `json:"tracking_url,omitempty"`
	ShippedAt      string     `json:"shipped_at,omitempty"`
}

// PickupDetails is Square's FulfillmentPickupDetails.
type PickupDetails struct {
	Recipient *Recipient `json:"recipient,omitempty"`
	PickupAt  string     `json:"pickup_at,omitempty"`
}

// Recipient is Square's FulfillmentRecipient.
type Recipient struct {
	DisplayName  string   `json:"display_name,omitempty"`
	EmailAddress string   `json:"email_address,omitempty"`
	PhoneNumber  string   `json:"phone_number,omitempty"`
	Address      *Address `json:"address,omitempty"`
}

// Address is Square's Address.
type Address struct {
	AddressLine1 string `json:"address_line_1,omitempty"`
	AddressLine2 string `json:"address_line_2,omitempty"`
	Locality     string `json:"locality,omitempty"`
	District1    string `json:"administrative_district_level_1,omitempty"`
	PostalCode   string `json:"postal_code,omitempty"`
	Country      string `json:"country,omitempty"`
}

// Tender is Square's Tender.
type Tender struct {
	ID          string       `json:"id"`
	Type        string       `json:"type"`
	AmountMoney *Money       `json:"amount_money,omitempty"`
	CardDetails *CardDetails `json:"card_details,omitempty"`
}

// CardDetails is Square's TenderCardDetails.
type CardDetails struct {
	Status string `json:"status"`
}

// Item is one line of an order built by NewOrder.
type Item struct {
	SKU       string
	Quantity  int64
	UnitPrice int64
}

// LocationID is the location of the orders NewOrder builds.
const LocationID = "LX7Q2RZK9D3VA"

// taxPermille is the additive sales tax NewOrder charges, in thousandths
// of a percent: New York City's 8.875 %.
const taxPermille = 8875

// NewOrder builds an open, paid US order as Square Online would create
// it: one line per item, with the SKU as the catalog variation id, an
// additive sales tax, a card tender for the total, and one SHIPMENT
// fulfilment to a Brooklyn address, created and updated at the given time.
func NewOrder(id string, items []Item, at time.Time) Order {
	o := Order{
		ID: id, LocationID: LocationID, ReferenceID: "#" + id,
		CreatedAt: Timestamp(at), UpdatedAt: Timestamp(at), State: "OPEN", Version: 1,
		Taxes: []Tax{{UID: "sales-tax", Name: "Sales Tax", Type: "ADDITIVE",
			Percentage: "8.875", Scope: "ORDER"}},
	}
	var gross, tax int64
	for i, it := range items {
		g := it.Quantity * it.UnitPrice
		t := (g*taxPermille + 50_000) / 100_000
		gross, tax = gross+g, tax+t
		o.LineItems = append(o.LineItems, LineItem{
			UID: fmt.Sprintf("%s-line-%d", id, i+1), Name: "Item " + it.SKU,
			Quantity: fmt.Sprint(it.Quantity), CatalogObjectID: it.SKU,
			BasePriceMoney: usd(it.UnitPrice), GrossSalesMoney: usd(g),
			TotalTaxMoney: usd(t), TotalDiscountMoney: usd(0), TotalMoney: usd(g + t),
		})
	}
	o.TotalMoney, o.TotalTaxMoney = usd(gross+tax), usd(tax)
	o.TotalDiscountMoney, o.TotalServiceChargeMoney = usd(0), usd(0)
	o.Tenders = []Tender{{ID: id + "-tender", Type: "CARD", AmountMoney: usd(gross + tax),
		CardDetails: &CardDetails{Status: "CAPTURED"}}}
	o.Fulfillments = []Fulfillment{{
		UID: id + "-shipment", Type: "SHIPMENT", State: "PROPOSED",
		ShipmentDetails: &ShipmentDetails{ShippingType: "Standard", Recipient: &Recipient{
			DisplayName: "Dana Whitfield", EmailAddress: "dana.whitfield@example.com",
			PhoneNumber: "+17185550123",
			Address: &Address{AddressLine1: "250 Joralemon St", Locality: "Brooklyn",
				District1: "NY", PostalCode: "11201", Country: "US"},
		}},
	}}
	return o
}

func usd(amount int64) *Money { return &Money{Amount: amount, Currency: "USD"} }

// Timestamp formats t as Square does: RFC 3339 in UTC with milliseconds.
func Timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// clone returns a deep copy of o, so that no caller shares the fake's
// state.
func clone(o Order) Order {
	data, err := json.Marshal(o)
	if err != nil {
		panic(fmt.Sprintf("squaretest: copy order %s: %v", o.ID, err))
	}
	var c Order
	if err := json.Unmarshal(data, &c); err != nil {
		panic(fmt.Sprintf("squaretest: copy order %s: %v", o.ID, err))
	}
	return c
}
