// Package ingest records what channels report about orders: exactly once
// per delivery, as events with their projections, in shared transactions
// that commit before any caller is answered.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

// ErrKeyReused is returned when an idempotency key arrives again with a
// different request than the one it was first used for.
var ErrKeyReused = errors.New("ingest: idempotency key was used for a different request")

// Enqueuer schedules the work that follows a change, in the transaction that
// records the change, so that neither can happen without the other.
type Enqueuer interface {
	// EnqueueValidation schedules validation of an order.
	EnqueueValidation(ctx context.Context, tx *store.Tx, omsOrderID string) error
	// EnqueueRouting schedules routing of a validated order.
	EnqueueRouting(ctx context.Context, tx *store.Tx, omsOrderID string) error
}

// Canceller asks the locations that already have an order to stop it. It
// reports whether any had it, when their answers and not the channel's
// report decide whether the order is cancelled, and whether it asked
// anything new.
type Canceller interface {
	RequestCancel(ctx context.Context, tx *store.Tx, rec *store.OrderRecord, reason string,
		meta store.Meta) (held, asked bool, err error)
}

// CancelRecorder records, in the transaction that cancels an order, what
// its channel must be told of it.
type CancelRecorder interface {
	Cancelled(ctx context.Context, tx *store.Tx, rec *store.OrderRecord, reason string,
		meta store.Meta) error
}

// Service records channel reports. Its fields but Fulfilment and Channels
// must be set before use; without Fulfilment, a cancellation takes effect
// at once, and without Channels no channel is told of one.
type Service struct {
	Batcher    *store.Batcher
	Jobs       Enqueuer
	Fulfilment Canceller
	Channels   CancelRecorder
	// Read serves reads that need not see a transaction's own writes.
	Read store.Querier
	// Now is the clock; every recorded time comes from it.
	Now func() time.Time
}

// Report is one delivery of what a channel says about an order.
type Report struct {
	// Key de-duplicates deliveries: a report whose key was seen before does
	// nothing and returns the first outcome. Empty means no de-duplication.
	Key string
	// Request identifies the content delivered under Key; the same key with
	// other content is ErrKeyReused. Nil means the content is not compared.
	Request []byte
	// Order is the order as the channel reports it, with personal data.
	Order order.Order
	// Cancelled is set when the channel reports the order cancelled.
	Cancelled *channel.Cancellation
	// Meta is recorded with every event the report causes.
	Meta store.Meta
}

// Outcome says what a report changed.
type Outcome string

// The outcomes of a report.
const (
	// Created: the order was new.
	Created Outcome = "created"
	// Updated: the order changed.
	Updated Outcome = "updated"
	// Unchanged: the report said nothing new.
	Unchanged Outcome = "unchanged"
	// Stale: the report was older than what Ordo already has, and ignored.
	Stale Outcome = "stale"
)

// Outcomes lists every Outcome.
var Outcomes = []Outcome{Created, Updated, Unchanged, Stale}

// Result is what a report did. A duplicate gets the result of the first
// delivery, with Duplicate set.
type Result struct {
	OMSOrderID string       `json:"oms_order_id"`
	Outcome    Outcome      `json:"outcome"`
	Status     order.Status `json:"status"`
	Version    int64        `json:"version"`
	Duplicate  bool         `json:"duplicate,omitempty"`
}

// Receive records a report and returns once what it changed is committed.
func (s *Service) Receive(ctx context.Context, r Report) (Result, error) {
	var res Result
	err := s.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		var err error
		res, err = s.ReceiveTx(ctx, tx, r)
		return err
	})
	return res, err
}

// ReceiveTx records a report through tx, a transaction of the caller's,
// as Receive does: its key's receipt, the order's events and the work they
// schedule commit with tx, or are undone with it. It is for callers that
// record a report together with something of their own, such as the
// receipt of the file that carried it. The result holds only once tx
// commits.
func (s *Service) ReceiveTx(ctx context.Context, tx *store.Tx, r Report) (Result, error) {
	now := s.Now().UTC()
	if r.Key != "" {
		hash := ""
		if r.Request != nil {
			sum := sha256.Sum256(r.Request)
			hash = hex.EncodeToString(sum[:])
		}
		receipt, err := store.Claim(ctx, tx, r.Key, hash, now)
		if err != nil {
			return Result{}, err
		}
		if receipt != nil {
			return duplicate(receipt, hash)
		}
	}
	res, err := s.apply(ctx, tx, r, now)
	if err != nil || r.Key == "" {
		return res, err
	}
	body, err := json.Marshal(res)
	if err != nil {
		return res, fmt.Errorf("ingest: encode result: %w", err)
	}
	return res, store.Settle(ctx, tx, r.Key, body)
}

func duplicate(receipt *store.Receipt, hash string) (Result, error) {
	if hash != "" && receipt.RequestHash != hash {
		return Result{}, ErrKeyReused
	}
	var res Result
	if err := json.Unmarshal(receipt.Response, &res); err != nil {
		return res, fmt.Errorf("ingest: decode stored result: %w", err)
	}
	res.Duplicate = true
	return res, nil
}

// cancel records a channel's cancellation of an order: at once when no
// location has it yet, its stock freed; otherwise as a request to the
// locations, whose answers decide. It reports whether anything changed.
func (s *Service) cancel(ctx context.Context, tx *store.Tx, rec *store.OrderRecord, r Report,
	now time.Time) (bool, error) {
	if s.Fulfilment != nil {
		held, asked, err := s.Fulfilment.RequestCancel(ctx, tx, rec, r.Cancelled.Reason, r.Meta)
		if err != nil || held {
			return asked, err
		}
	}
	e, err := store.NewEvent(order.EventCancelled,
		&order.Cancelled{At: r.Cancelled.At, Reason: r.Cancelled.Reason}, r.Meta)
	if err != nil {
		return false, err
	}
	if err := allocation.Cancel(ctx, tx, rec.OMSOrderID, now); err != nil {
		return false, err
	}
	if err := store.AppendOrder(ctx, tx, rec, now, e); err != nil {
		return false, err
	}
	return true, s.tellCancelled(ctx, tx, rec, r.Cancelled.Reason, r.Meta)
}

// tellCancelled records what the channel of a cancelled order must be
// told of it.
func (s *Service) tellCancelled(ctx context.Context, tx *store.Tx, rec *store.OrderRecord,
	reason string, meta store.Meta) error {
	if s.Channels == nil {
		return nil
	}
	return s.Channels.Cancelled(ctx, tx, rec, reason, meta)
}

// apply turns a report into events on the order's stream.
func (s *Service) apply(ctx context.Context, tx *store.Tx, r Report,
	now time.Time) (Result, error) {
	rec, err := store.FindOrder(ctx, tx, r.Order.ChannelID, r.Order.OrderID)
	if errors.Is(err, store.ErrNotFound) {
		return s.create(ctx, tx, r, now)
	}
	if err != nil {
		return Result{}, err
	}

	var events []store.Event
	stale, changed := r.Order.UpdatedAt.Before(rec.UpdatedAt), false
	if !stale {
		if events, changed, err = s.update(ctx, tx, rec, r, now); err != nil {
			return Result{}, err
		}
	}
	if len(events) > 0 {
		if err := store.AppendOrder(ctx, tx, rec, now, events...); err != nil {
			return Result{}, err
		}
	}
	cancelled := false
	if r.Cancelled != nil && order.CanMove(rec.Status, order.StatusCancelled) {
		if cancelled, err = s.cancel(ctx, tx, rec, r, now); err != nil {
			return Result{}, err
		}
	}
	if changed && inValidation(rec.Status) {
		if err := s.Jobs.EnqueueValidation(ctx, tx, rec.OMSOrderID); err != nil {
			return Result{}, err
		}
	}

	res := Result{OMSOrderID: rec.OMSOrderID, Outcome: Unchanged, Status: rec.Status,
		Version: rec.Version}
	switch {
	case changed || len(events) > 0 || cancelled:
		res.Outcome = Updated
	case stale:
		res.Outcome = Stale
	}
	return res, nil
}

// update returns the event that brings rec's facts to those of the report,
// if they differ, stores changed personal data, and says whether either
// changed. Personal data is not in the events, but a corrected address
// still calls for validation.
func (s *Service) update(ctx context.Context, tx *store.Tx, rec *store.OrderRecord, r Report,
	now time.Time) ([]store.Event, bool, error) {
	o := r.Order
	o.OMSOrderID = rec.OMSOrderID
	changes, err := order.Diff(rec.Order, o)
	if err != nil {
		return nil, false, err
	}
	var events []store.Event
	if len(changes) > 0 {
		events, err = add(nil, order.EventUpdated, &order.Updated{Changes: changes}, r.Meta)
		if err != nil {
			return nil, false, err
		}
	}
	customer, err := s.updateCustomer(ctx, tx, rec.OMSOrderID, o.Customer, now)
	return events, len(changes) > 0 || customer, err
}

// inValidation reports whether an order in status st is still to be, or
// may again be, validated after a change.
func inValidation(st order.Status) bool {
	return st == order.StatusReceived || st == order.StatusValidated || st == order.StatusOnHold
}

func (s *Service) create(ctx context.Context, tx *store.Tx, r Report,
	now time.Time) (Result, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return Result{}, fmt.Errorf("ingest: order id: %w", err)
	}
	o := r.Order
	o.OMSOrderID = id.String()
	events, err := add(nil, order.EventReceived, &order.Received{Order: o.Facts()}, r.Meta)
	if err != nil {
		return Result{}, err
	}
	if r.Cancelled != nil {
		events, err = add(events, order.EventCancelled,
			&order.Cancelled{At: r.Cancelled.At, Reason: r.Cancelled.Reason}, r.Meta)
		if err != nil {
			return Result{}, err
		}
	}
	rec := &store.OrderRecord{Order: order.Order{OMSOrderID: o.OMSOrderID}}
	if err := store.AppendOrder(ctx, tx, rec, now, events...); err != nil {
		return Result{}, err
	}
	if err := store.SavePersonalData(ctx, tx, o.OMSOrderID, o.Customer, now); err != nil {
		return Result{}, err
	}
	if r.Cancelled != nil {
		if err := s.tellCancelled(ctx, tx, rec, r.Cancelled.Reason, r.Meta); err != nil {
			return Result{}, err
		}
	}
	if rec.Status == order.StatusReceived {
		if err := s.Jobs.EnqueueValidation(ctx, tx, o.OMSOrderID); err != nil {
			return Result{}, err
		}
	}
	return Result{OMSOrderID: o.OMSOrderID, Outcome: Created, Status: rec.Status,
		Version: rec.Version}, nil
}

// updateCustomer stores an order's personal data when it changed, and says
// whether it did.
func (s *Service) updateCustomer(ctx context.Context, tx *store.Tx, id string,
	c order.Customer, now time.Time) (bool, error) {
	old, err := store.LoadPersonalData(ctx, tx, id)
	if err != nil || old == c {
		return false, err
	}
	return true, store.SavePersonalData(ctx, tx, id, c, now)
}

func add(events []store.Event, eventType string, payload any,
	meta store.Meta) ([]store.Event, error) {
	e, err := store.NewEvent(eventType, payload, meta)
	if err != nil {
		return nil, err
	}
	return append(events, e), nil
}
