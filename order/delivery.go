package order

// Delivery says how an order is to reach its customer, in enumerated values
// that rules can interpret. The free text a channel sent is not kept here.
type Delivery struct {
	// Country is the ISO 3166-1 alpha-2 code of the destination. It is an
	// order fact because routing needs it; the full address is personal data.
	Country  string   `json:"country,omitempty"`
	Method   Method   `json:"method"`
	Carrier  Carrier  `json:"carrier"`
	Priority Priority `json:"priority"`
}

// Method is the shipping method a customer chose.
type Method string

// The shipping methods.
const (
	MethodStandard        Method = "standard"
	MethodExpress         Method = "express"
	MethodNextDay         Method = "next_day"
	MethodSameDay         Method = "same_day"
	MethodPickupPoint     Method = "pickup_point"
	MethodClickAndCollect Method = "click_and_collect"
	MethodDigital         Method = "digital"
)

// Carrier is the parcel carrier asked for, or CarrierAny when the warehouse
// may choose.
type Carrier string

// The carriers Ordo knows by name.
const (
	CarrierAny    Carrier = "any"
	CarrierPostNL Carrier = "postnl"
	CarrierDHL    Carrier = "dhl"
	CarrierDPD    Carrier = "dpd"
	CarrierUPS    Carrier = "ups"
	CarrierFedEx  Carrier = "fedex"
	CarrierGLS    Carrier = "gls"
	CarrierBpost  Carrier = "bpost"
	CarrierUSPS   Carrier = "usps"
)

// Priority orders fulfilment when capacity or stock is short.
type Priority string

// The priorities, lowest first.
const (
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

var (
	methods = []Method{MethodStandard, MethodExpress, MethodNextDay,
		MethodSameDay, MethodPickupPoint, MethodClickAndCollect, MethodDigital}
	carriers = []Carrier{CarrierAny, CarrierPostNL, CarrierDHL, CarrierDPD,
		CarrierUPS, CarrierFedEx, CarrierGLS, CarrierBpost, CarrierUSPS}
	priorities = []Priority{PriorityNormal, PriorityHigh, PriorityUrgent}
)
