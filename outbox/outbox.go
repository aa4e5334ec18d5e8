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

// The kinds of call.
const (
	// KindShipment confirms a parcel shipped, with its tracking.
	KindShipment = "shipment"
	// KindCancel confirms that Ordo cancelled an order whose customer asked
	// the channel to cancel it.
	KindCancel = "cancel"
)

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
		key, err := newKey()
		if err != nil {
			return err
		}
		sh := channel.Shipment{Key: key, OrderID: rec.OrderID, Carrier: p.Carrier,
			TrackingNumber: p.TrackingNumber, TrackingURL: p.TrackingURL, ShippedAt: now}
		for _, l := range p.Lines {
			sh.Lines = append(sh.Lines, channel.Line{LineID: l.LineID, SKU: l.SKU,
				Quantity: l.Quantity})
		}
		requests, err := ch.Notifier.PlanShipment(sh)
		c := planned{omsOrderID: rec.OMSOrderID, kind: KindShipment,
			subject: fulfilmentID + "/" + p.Parcel, key: key, payload: sh,
			requests: requests, refused: err}
		if err := s.record(ctx, tx, ch, c, meta, now); err != nil {
			return err
		}
	}
	return nil
}

// Cancelled records, in the transaction that cancels an order, the call
// that confirms the cancellation to a channel that waits for it (a
// channel.Canceller). Other channels are told nothing: the cancellation
// came from them.
func (s *Service) Cancelled(ctx context.Context, tx *store.Tx, rec *store.OrderRecord,
	reason string, meta store.Meta) error {
	ch, ok := s.Channels[rec.ChannelID]
	if !ok {
		return nil
	}
	canceller, ok := ch.Notifier.(channel.Canceller)
	if !ok {
		return nil
	}
	key, err := newKey()
	if err != nil {
		return err
	}
	cc := channel.Cancel{Key: key, OrderID: rec.OrderID, Reason: reason}
	for _, l := range rec.Lines {
		if l.Kind != order.KindComponent {
			cc.Lines = append(cc.Lines, channel.Line{LineID: l.LineID, SKU: l.SKU,
				Quantity: l.Quantity})
		}
	}
	requests, err := canceller.PlanCancel(cc)
	c := planned{omsOrderID: rec.OMSOrderID, kind: KindCancel, subject: rec.OMSOrderID, key: key,
		payload: cc, requests: requests, refused: err}
	return s.record(ctx, tx, ch, c, meta, s.Now().UTC())
}

// planned is a call about to be recorded.
type planned struct {
	omsOrderID, kind, subject, key string
	// payload is what the call tells, a channel.Shipment or channel.Cancel.
	payload  any
	requests []channel.Request
	// refused is why the channel cannot take the call, if it cannot.
	refused error
}

func newKey() (string, error) {
	uid, err := uuid.NewV7()
	if err != nil {
		return "", fmt.Errorf("outbox: call id: %w", err)
	}
	return uid.String(), nil
}

// record records c, once per channel, kind and subject, and schedules it
// when its channel is active. A call the channel could not take is
// recorded refused, with the reason, and never holds up the change that
// called for it.
func (s *Service) record(ctx context.Context, tx *store.Tx, ch Channel, c planned,
	meta store.Meta, now time.Time) error {
	state, detail := StateShadow, ""
	if ch.Active {
		state = StatePending
	}
	if c.refused != nil {
		state, detail = StateRefused, c.refused.Error()
		s.Log.ErrorContext(ctx, "call cannot be made to its channel", "channel_id", ch.ID,
			"kind", c.kind, "oms_order_id", c.omsOrderID, "error", c.refused,
			"trace_id", meta.TraceID)
	}
	payload, err := json.Marshal(c.payload)
	if err != nil {
		return fmt.Errorf("outbox: encode %s of order %s: %w", c.kind, c.omsOrderID, err)
	}
	requests, err := json.Marshal(c.requests)
	if err != nil {
		return fmt.Errorf("outbox: encode requests for order %s: %w", c.omsOrderID, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO channel_calls (id, channel_id, oms_order_id,
		kind, subject, payload, requests, state, detail, trace_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (channel_id, kind, subject) DO NOTHING`,
		c.key, ch.ID, c.omsOrderID, c.kind, c.subject, string(payload), string(requests),
		string(state), detail, meta.TraceID, store.Micros(now))
	if err != nil {
		return fmt.Errorf("outbox: record %s of order %s to %s: %w", c.kind, c.omsOrderID,
			ch.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 || state != StatePending {
		return err
	}
	return s.Jobs.EnqueueCall(ctx, tx, ch.ID, c.key)
}
