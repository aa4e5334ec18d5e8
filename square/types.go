package square

// The shapes of Square's JSON that Ordo reads and writes, named as in
// Square's API reference. Only the fields Ordo uses are declared.

// money is Square's Money: an amount in the currency's minor units.
type money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency,omitempty"`
}

// amount returns m's amount, or 0 when m is absent.
func (m *money) amount() int64 {
	if m == nil {
		return 0
	}
	return m.Amount
}

// sqOrder is Square's Order object.
type sqOrder struct {
	ID                      string        `json:"id"`
	LocationID              string        `json:"location_id"`
	ReferenceID             string        `json:"reference_id,omitempty"`
	LineItems               []lineItem    `json:"line_items,omitempty"`
	Taxes                   []orderTax    `json:"taxes,omitempty"`
	Fulfillments            []fulfillment `json:"fulfillments,omitempty"`
	Tenders                 []tender      `json:"tenders,omitempty"`
	Refunds                 []refund      `json:"refunds,omitempty"`
	RoundingAdjustment      *rounding     `json:"rounding_adjustment,omitempty"`
	CreatedAt               string        `json:"created_at,omitempty"`
	UpdatedAt               string        `json:"updated_at,omitempty"`
	ClosedAt                string        `json:"closed_at,omitempty"`
	State                   string        `json:"state,omitempty"`
	Version                 int64         `json:"version,omitempty"`
	TotalMoney              *money        `json:"total_money,omitempty"`
	TotalTaxMoney           *money        `json:"total_tax_money,omitempty"`
	TotalDiscountMoney      *money        `json:"total_discount_money,omitempty"`
	TotalServiceChargeMoney *money        `json:"total_service_charge_money,omitempty"`
}

// lineItem is Square's OrderLineItem.
type lineItem struct {
	UID                string `json:"uid"`
	Name               string `json:"name,omitempty"`
	Quantity           string `json:"quantity"`
	CatalogObjectID    string `json:"catalog_object_id,omitempty"`
	VariationName      string `json:"variation_name,omitempty"`
	BasePriceMoney     *money `json:"base_price_money,omitempty"`
	GrossSalesMoney    *money `json:"gross_sales_money,omitempty"`
	TotalTaxMoney      *money `json:"total_tax_money,omitempty"`
	TotalDiscountMoney *money `json:"total_discount_money,omitempty"`
	TotalMoney         *money `json:"total_money,omitempty"`
}

// orderTax is Square's OrderLineItemTax; Type is ADDITIVE or INCLUSIVE.
type orderTax struct {
	UID  string `json:"uid,omitempty"`
	Name string `json:"name,omitempty"`
	Type string `json:"type,omitempty"`
}

// fulfillment is Square's Fulfillment (called OrderFulfillment before).
type fulfillment struct {
	UID             string           `json:"uid,omitempty"`
	Type            string           `json:"type,omitempty"`
	State           string           `json:"state,omitempty"`
	Entries         []entry          `json:"entries,omitempty"`
	PickupDetails   *pickupDetails   `json:"pickup_details,omitempty"`
	ShipmentDetails *shipmentDetails `json:"shipment_details,omitempty"`
	DeliveryDetails *deliveryDetails `json:"delivery_details,omitempty"`
}

// entry is Square's FulfillmentFulfillmentEntry: part of a line item that
// a fulfillment covers.
type entry struct {
	LineItemUID string `json:"line_item_uid"`
	Quantity    string `json:"quantity"`
}

// pickupDetails is Square's FulfillmentPickupDetails.
type pickupDetails struct {
	Recipient *recipient `json:"recipient,omitempty"`
}

// deliveryDetails is Square's FulfillmentDeliveryDetails.
type deliveryDetails struct {
	Recipient *recipient `json:"recipient,omitempty"`
}

// shipmentDetails is Square's FulfillmentShipmentDetails.
type shipmentDetails struct {
	Recipient      *recipient `json:"recipient,omitempty"`
	Carrier        string     `json:"carrier,omitempty"`
	ShippingType   string     `json:"shipping_type,omitempty"`
	TrackingNumber string     `json:"tracking_number,omitempty"`
	TrackingURL    string     `json:"tracking_url,omitempty"`
	ShippedAt      string     `json:"shipped_at,omitempty"`
	CancelReason   string     `json:"cancel_reason,omitempty"`
}

// recipient is Square's FulfillmentRecipient.
type recipient struct {
	DisplayName  string   `json:"display_name,omitempty"`
	EmailAddress string   `json:"email_address,omitempty"`
	PhoneNumber  string   `json:"phone_number,omitempty"`
	Address      *address `json:"address,omitempty"`
}

// address is Square's Address.
type address struct {
	AddressLine1 string `json:"address_line_1,omitempty"`
	AddressLine2 string `json:"address_line_2,omitempty"`
	Locality     string `json:"locality,omitempty"`
	District1    string `json:"administrative_district_level_1,omitempty"`
	PostalCode   string `json:"postal_code,omitempty"`
	Country      string `json:"country,omitempty"`
	FirstName    string `json:"first_name,omitempty"`
	LastName     string `json:"last_name,omitempty"`
}

// tender is Square's Tender: one means of payment of the order.
type tender struct {
	Type        string       `json:"type,omitempty"`
	AmountMoney *money       `json:"amount_money,omitempty"`
	CardDetails *cardDetails `json:"card_details,omitempty"`
}

// cardDetails is Square's TenderCardDetails; Status is AUTHORIZED,
// CAPTURED, VOIDED or FAILED.
type cardDetails struct {
	Status string `json:"status,omitempty"`
}

// refund is Square's Refund on an order.
type refund struct {
	Status      string `json:"status,omitempty"`
	AmountMoney *money `json:"amount_money,omitempty"`
}

// rounding is Square's OrderRoundingAdjustment, the cash rounding that
// total_money already contains.
type rounding struct {
	AmountMoney *money `json:"amount_money,omitempty"`
}

// apiError is one entry of Square's errors array.
type apiError struct {
	Category string `json:"category"`
	Code     string `json:"code"`
	Detail   string `json:"detail,omitempty"`
	Field    string `json:"field,omitempty"`
}

// errorBody is what Square answers when a request fails.
type errorBody struct {
	Errors []apiError `json:"errors"`
}
