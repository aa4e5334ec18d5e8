package bol

import "encoding/json"

// orderPayload is GET /retailer/orders/{order-id}. Amounts stay
// json.Number so that they are parsed exactly, never through a float.
type orderPayload struct {
	OrderID             string       `json:"orderId"`
	PickupPoint         *bool        `json:"pickupPoint"`
	PickUpPoint         *bool        `json:"pickUpPoint"` // the spelling before v10
	OrderPlacedDateTime string       `json:"orderPlacedDateTime"`
	ShipmentDetails     *details     `json:"shipmentDetails"`
	BillingDetails      *details     `json:"billingDetails"`
	OrderItems          []itemDetail `json:"orderItems"`
}

// details are bol.com's shipmentDetails and billingDetails, which share
// their address fields.
type details struct {
	PickupPointName         string `json:"pickupPointName"`
	PickUpPointName         string `json:"pickUpPointName"`
	FirstName               string `json:"firstName"`
	Surname                 string `json:"surname"`
	StreetName              string `json:"streetName"`
	HouseNumber             string `json:"houseNumber"`
	HouseNumberExtension    string `json:"houseNumberExtension"`
	ExtraAddressInformation string `json:"extraAddressInformation"`
	ZipCode                 string `json:"zipCode"`
	City                    string `json:"city"`
	CountryCode             string `json:"countryCode"`
	Email                   string `json:"email"`
	Company                 string `json:"company"`
	DeliveryPhoneNumber     string `json:"deliveryPhoneNumber"`
}

// itemDetail is one entry of orderItems in an order.
type itemDetail struct {
	OrderItemID         string      `json:"orderItemId"`
	CancellationRequest bool        `json:"cancellationRequest"`
	Fulfilment          fulfilment  `json:"fulfilment"`
	Offer               offer       `json:"offer"`
	Product             product     `json:"product"`
	Quantity            json.Number `json:"quantity"`
	QuantityShipped     json.Number `json:"quantityShipped"`
	QuantityCancelled   json.Number `json:"quantityCancelled"`
	UnitPrice           json.Number `json:"unitPrice"`
	TotalPrice          json.Number `json:"totalPrice"`
	Discounts           []struct {
		Title  string      `json:"title"`
		Amount json.Number `json:"amount"`
	} `json:"discounts"`
	LatestChangedDateTime string `json:"latestChangedDateTime"`
}

type fulfilment struct {
	Method            string `json:"method"`
	DistributionParty string `json:"distributionParty"`
	TimeFrameType     string `json:"timeFrameType"`
}

type offer struct {
	OfferID   string `json:"offerId"`
	Reference string `json:"reference"`
}

type product struct {
	EAN   string `json:"ean"`
	Title string `json:"title"`
}

// orderList is GET /retailer/orders.
type orderList struct {
	Orders []struct {
		OrderID    string `json:"orderId"`
		OrderItems []struct {
			OrderItemID           string `json:"orderItemId"`
			LatestChangedDateTime string `json:"latestChangedDateTime"`
		} `json:"orderItems"`
	} `json:"orders"`
}

// shipmentList is GET /retailer/shipments.
type shipmentList struct {
	Shipments []struct {
		// ShipmentID is a string in v10 and was a number before.
		ShipmentID        json.RawMessage `json:"shipmentId"`
		ShipmentReference string          `json:"shipmentReference"`
		Order             struct {
			OrderID string `json:"orderId"`
		} `json:"order"`
	} `json:"shipments"`
}
