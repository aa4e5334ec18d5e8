// Package fulfilment takes fulfilment orders from allocation to the door.
// It releases each to its location once its hold has ended and the
// business checks pass, as an instruction recorded exactly as it is sent;
// it sends instructions through the location's connector, or in shadow
// mode only records them; it applies what locations report back, mapped
// from their own status codes onto Ordo's lifecycle and never backwards;
// and it moves each order on as the least advanced of its fulfilment
// orders does, shipping it when every line has left with carrier and
// tracking.
package fulfilment

import (
	"context"
	"log/slog"
	"time"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/rules"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/warehouse"
)

// Service releases fulfilment orders, sends their instructions and takes
// in what locations report. Every field but Rules, Channels and Log must
// be set before use.
type Service struct {
	Batcher *store.Batcher
	// Read serves reads that need not see a transaction's own writes.
	Read store.Querier
	// Jobs schedules the sending of instructions in the transaction that
	// records them.
	Jobs Enqueuer
	// Locations are the configured locations by id.
	Locations map[string]*Location
	// Payment returns the payment a channel's orders need before release.
	Payment func(channelID string) Payment
	// Rules returns the live rule set, whose locations give the time zone
	// of their release windows; nil, or a nil set, means UTC.
	Rules func() *rules.Set
	// Channels is told of every parcel shipped and every order a location
	// stopped, in the transaction that records it, to tell the order's
	// channel; nil tells nobody.
	Channels ChannelRecorder
	// Now is the clock.
	Now func() time.Time
	Log *slog.Logger
}

// ChannelRecorder records, in the transaction that records parcels of an
// order or its cancellation, what the order's channel must be told of it.
type ChannelRecorder interface {
	Shipped(ctx context.Context, tx *store.Tx, rec *store.OrderRecord, fulfilmentID string,
		parcels []order.Parcel, meta store.Meta) error
	Cancelled(ctx context.Context, tx *store.Tx, rec *store.OrderRecord, reason string,
		meta store.Meta) error
}

// Enqueuer schedules instructions to be sent to a location when the
// transaction commits.
type Enqueuer interface {
	EnqueueSend(ctx context.Context, tx *store.Tx, location string, refs []string) error
}

// Location is a location as fulfilment sees it.
type Location struct {
	ID string
	// Active is false in shadow mode: instructions are recorded, not sent.
	Active bool
	// Connector carries instructions to it.
	Connector warehouse.Connector
	// Statuses maps its own status codes onto Ordo's.
	Statuses map[string]Status
	// Window is when releases may go to it; the zero window is always
	// open.
	Window Window
	// Files is where it drops status files, for a location that exchanges
	// files; nil for one that calls back.
	Files *StatusFiles
}

// Payment is what a channel needs of an order's payment before release.
type Payment string

// The payments a channel may require.
const (
	// PaymentAuthorized lets an authorised or paid order go.
	PaymentAuthorized Payment = "authorized"
	// PaymentPaid lets only a paid order go.
	PaymentPaid Payment = "paid"
)

// satisfied reports whether an order's payment is enough.
func (p Payment) satisfied(op order.Payment) bool {
	switch op {
	case order.PaymentPaid:
		return true
	case order.PaymentAuthorized, order.PaymentPartiallyPaid:
		return p != PaymentPaid
	}
	return false
}

// now is the time of s's clock in UTC.
func (s *Service) now() time.Time { return s.Now().UTC() }

func (s *Service) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}
