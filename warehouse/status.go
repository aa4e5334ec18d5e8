package warehouse

import "time"

// StatusUpdate is what a location reports about a fulfilment order: a
// status in its own code, and for a shipment the parcels with carrier
// and tracking. EventID identifies the report, so that one delivered
// twice is applied once; a location that has no ids of its own may leave
// it empty, and then the report's content identifies it.
type StatusUpdate struct {
	EventID   string    `json:"event_id"`
	Reference string    `json:"reference"`
	Code      string    `json:"status"`
	At        time.Time `json:"at,omitzero"`
	Parcels   []Parcel  `json:"parcels,omitempty"`
	// Detail is free text the location adds, such as why it could not
	// cancel.
	Detail string `json:"detail,omitempty"`
}

// Parcel is one parcel a location shipped. Lines lists what is in it; a
// parcel without lines holds everything of the fulfilment order not yet
// shipped.
type Parcel struct {
	ID             string `json:"id"`
	Carrier        string `json:"carrier"`
	TrackingNumber string `json:"tracking_number"`
	TrackingURL    string `json:"tracking_url,omitempty"`
	Lines          []Line `json:"lines,omitempty"`
}
