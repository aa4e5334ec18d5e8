package fulfilment

import "github.com/ordo-oms/ordo/allocation"

// Status is what a location's report means in Ordo's lifecycle.
type Status string

// The statuses a location's codes map onto.
const (
	StatusReleased  Status = "released"
	StatusPicked    Status = "picked"
	StatusPacked    Status = "packed"
	StatusShipped   Status = "shipped"
	StatusCancelled Status = "cancelled"
	// StatusTooLate answers a cancel: the parcel has left or is leaving.
	StatusTooLate Status = "too_late"
)

// rank orders the statuses of a fulfilment order along its lifecycle;
// a status never moves to one of lower or equal rank. Open is 0;
// cancelled is past the end, since nothing follows it.
var rank = map[allocation.FulfilmentStatus]int{
	allocation.FulfilmentOpen:      0,
	allocation.FulfilmentReleased:  1,
	allocation.FulfilmentPicked:    2,
	allocation.FulfilmentPacked:    3,
	allocation.FulfilmentShipped:   4,
	allocation.FulfilmentCancelled: 5,
}
