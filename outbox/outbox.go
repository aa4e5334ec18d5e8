// Package outbox tells channels what became of their orders. A call to a
// channel, such as the confirmation of a shipment with its tracking, is
// recorded in the transaction of the change that calls for it, with the
// requests it will make, and a job sends it afterwards. Every attempt
// carries the call's id as its key, so a retry never confirms a shipment
// twice; in shadow mode the call is recorded and nothing is sent.
package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

// State is where a call stands.
type State string

// The states of a call.
const (
	// StateShadow: recorded while the channel was in shadow mode; nothing
	// was sent.
	StateShadow State = "shadow"
	// StatePending: waiting to be sent, or to be sent again.
	StatePending State = "pending"
	// StateSent: the channel confirmed it.
	StateSent State = "sent"
	// StateRefused: the channel refused it in a way retrying cannot
	// mend; its job is in the dead-letter queue.
	StateRefused State = "refused"
)

// KindShipment is the kind of call that confirms a shipment.
const KindShipment = "shipment"

// Enqueuer schedules the sending of a call in the transaction that
// records it.
type Enqueuer interface {
	EnqueueCall(ctx context.Context, tx *store.Tx, channelID, callID string) error
}

// Channel is a channel as the outbox sees it.
type Channel struct {
	ID string
	// Active is false in shadow mode: calls are recorded, not sent.
	Active bool
	// Notifier makes the calls.
	Notifier channel.Notifier
}

// Service records and sends calls to channels. Every field must be set
// before use; a channel that is not in Channels is told nothing.
type Service struct {
	Batcher  *store.Batcher
	Read     store.Querier
	Jobs     Enqueuer
	Channels map[string]Channel
	Now      func() time.Time
	Log      *slog.Logger
}

// ErrUnknownCall is returned, wrapped, for a call id that is not recorded.
var ErrUnknownCall = errors.New("outbox: no such call")

// Shipped records, in the transaction that records an order's parcels,
// one call per parcel that confirms it at the order's channel. A parcel
// told before is passed over.
func (s *Service) Shipped(ctx context.Context, tx *store.Tx, rec *store.OrderRecord,
	fulfilmentID string, parcels []order.Parcel, meta store.Meta) error {
	ch, ok := s.Channels[rec.ChannelID]
	if !ok {
		return nil
	}
	now := s.Now().UTC()
	for _, p := range parcels {
		sh := channel.Shipment{OrderID: rec.OrderID, Carrier: p.Carrier,
			TrackingNumber: p.TrackingNumber, TrackingURL: p.TrackingURL, ShippedAt: now}
		for _, l := range p.Lines {
			sh.Lines = append(sh.Lines, channel.Line{LineID: l.LineID, SKU: l.SKU,
				Quantity: l.Quantity})
		}
		if err := s.record(ctx, tx, ch, rec.OMSOrderID, fulfilmentID+"/"+p.Parcel, sh,
			meta, now); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) record(ctx context.Context, tx *store.Tx, ch Channel, omsOrderID,
	subject string, sh channel.Shipment, meta store.Meta, now time.Time) error {
	uid, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("outbox: call id: %w", err)
	}
	sh.Key = uid.String()
	// A shipment the channel could not take is recorded refused, with the
	// reason, and never holds up the warehouse's report that it shipped.
	state, detail := StateShadow, ""
	if ch.Active {
		state = StatePending
	}
	requests, err := ch.Notifier.PlanShipment(sh)
	if err != nil {
		state, detail = StateRefused, err.Error()
		s.Log.ErrorContext(ctx, "shipment cannot be told to its channel", "channel_id", ch.ID,
			"oms_order_id", omsOrderID, "error", err)
	}
	payload, err := json.Marshal(sh)
	if err != nil {
		return fmt.Errorf("outbox: encode shipment of order %s: %w", omsOrderID, err)
	}
	planned, err := json.Marshal(requests)
	if err != nil {
		return fmt.Errorf("outbox: encode requests for order %s: %w", omsOrderID, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO channel_calls (id, channel_id, oms_order_id,
		kind, subject, payload, requests, state, detail, trace_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (channel_id, kind, subject) DO NOTHING`,
		sh.Key, ch.ID, omsOrderID, KindShipment, subject, string(payload), string(planned),
		string(state), detail, meta.TraceID, store.Micros(now))
	if err != nil {
		return fmt.Errorf("outbox: record shipment of order %s to %s: %w", omsOrderID, ch.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 || state != StatePending {
		return err
	}
	return s.Jobs.EnqueueCall(ctx, tx, ch.ID, sh.Key)
}
