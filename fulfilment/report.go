package fulfilment

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/warehouse"
)

// Report is a status report from a location, as received.
type Report struct {
	Location string
	Update   warehouse.StatusUpdate
	// Body is the report as it arrived; it is kept with the outcome.
	Body []byte
	Meta store.Meta
}

// Outcome is what became of a report.
type Outcome string

// The outcomes of a report.
const (
	// Applied: the report moved a fulfilment order on.
	Applied Outcome = "applied"
	// Ignored: recorded, but it would move a status backwards or says
	// nothing new.
	Ignored Outcome = "ignored"
	// Duplicate: the same report was taken before; nothing more happened.
	Duplicate Outcome = "duplicate"
	// Refused: recorded for the operator, with the reason, and not
	// applied; the location may send it again once the cause is mended.
	Refused Outcome = "refused"
)

// Result is what became of a report, with the reason when it was not
// applied.
type Result struct {
	ID      string  `json:"id,omitempty"`
	Outcome Outcome `json:"outcome"`
	Status  Status  `json:"status,omitempty"`
	Detail  string  `json:"detail,omitempty"`
}

// refusal is why a report cannot be applied, in words for the location's
// operator.
type refusal struct{ reason string }

func (r *refusal) Error() string { return r.reason }

func refuse(format string, args ...any) error {
	return &refusal{reason: fmt.Sprintf(format, args...)}
}

// errDuplicate means another delivery of the same report was recorded
// first.
var errDuplicate = errors.New("fulfilment: report taken before")

// Report takes in a status report from a location: once per event id,
// its code mapped by the location's table, applied when it moves a
// fulfilment order forward. Every report is recorded with its outcome,
// including one that is refused, so that nothing a location says is lost.
func (s *Service) Report(ctx context.Context, r Report) (Result, error) {
	loc, ok := s.Locations[r.Location]
	if !ok {
		return Result{}, fmt.Errorf("%w: %s", ErrUnknownLocation, r.Location)
	}
	if r.Update.EventID == "" {
		sum := sha256.Sum256(append([]byte(r.Location+"\x00"), r.Body...))
		r.Update.EventID = "sha256:" + hex.EncodeToString(sum[:])
	}
	if r.Meta.OccurredAt.IsZero() {
		r.Meta.OccurredAt = cmp.Or(r.Update.At, s.now())
	}
	var res Result
	err := s.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		var err error
		res, err = s.take(ctx, tx, loc, r)
		return err
	})
	var ref *refusal
	switch {
	case errors.Is(err, errDuplicate):
		return Result{Outcome: Duplicate}, nil
	case errors.As(err, &ref):
		res = Result{Outcome: Refused, Status: loc.Statuses[r.Update.Code], Detail: ref.reason}
		err = s.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
			return saveReport(ctx, tx, r, &res, s.now())
		})
	}
	return res, err
}

// take applies a report in tx and records it with its outcome, once per
// event id. A *refusal leaves tx to be rolled back.
func (s *Service) take(ctx context.Context, tx *store.Tx, loc *Location, r Report) (Result,
	error) {
	if taken, err := reported(ctx, tx, loc.ID, r.Update.EventID); err != nil || taken {
		return Result{Outcome: Duplicate}, err
	}
	now := s.now()
	res, err := s.apply(ctx, tx, loc, r, now)
	if err != nil {
		return res, err
	}
	return res, saveReport(ctx, tx, r, &res, now)
}

func reported(ctx context.Context, q store.Querier, location, eventID string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM location_reports
		WHERE location = $1 AND event_id = $2 AND outcome <> $3`,
		location, eventID, string(Refused)).Scan(&n)
	return n > 0, wrap(err, "find report %s", eventID)
}

func saveReport(ctx context.Context, tx store.Querier, r Report, res *Result,
	now time.Time) error {
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("fulfilment: report id: %w", err)
	}
	res.ID = id.String()
	out, err := tx.ExecContext(ctx, `INSERT INTO location_reports (id, location, event_id,
		reference, code, status, outcome, detail, body, trace_id, received_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (location, event_id) WHERE outcome <> 'refused' DO NOTHING`,
		res.ID, r.Location, r.Update.EventID, r.Update.Reference, r.Update.Code,
		string(res.Status), string(res.Outcome), res.Detail, string(r.Body), r.Meta.TraceID,
		store.Micros(now))
	if err != nil {
		return fmt.Errorf("fulfilment: record report %s: %w", r.Update.EventID, err)
	}
	if n, err := out.RowsAffected(); err == nil && n == 0 {
		return errDuplicate
	}
	return nil
}

// apply applies a report inside tx. A *refusal leaves tx to be rolled
// back: nothing of a refused report is applied.
func (s *Service) apply(ctx context.Context, tx *store.Tx, loc *Location, r Report,
	now time.Time) (Result, error) {
	u := r.Update
	status, ok := loc.Statuses[u.Code]
	if !ok {
		return Result{}, refuse("unknown status code %q; map it to one of Ordo's statuses "+
			"under statuses of location %s in the configuration", u.Code, loc.ID)
	}
	if u.Reference == "" {
		return Result{}, refuse("no reference; give the reference of the instruction " +
			"the report is about")
	}
	f, err := loadFulfilmentOrder(ctx, tx, u.Reference)
	if errors.Is(err, errNoFulfilmentOrder) || err == nil && f.Location != loc.ID {
		return Result{}, refuse("no fulfilment order %q was released to %s", u.Reference, loc.ID)
	}
	if err != nil {
		return Result{}, err
	}
	if f.Status == allocation.FulfilmentOpen {
		return Result{}, refuse("fulfilment order %s has not been released to %s yet",
			f.ID, loc.ID)
	}
	res := Result{Outcome: Applied, Status: status}
	switch status {
	case StatusShipped:
		err = s.ship(ctx, tx, f, u, r.Meta, now, &res)
	case StatusCancelled:
		err = s.locationCancelled(ctx, tx, f, u, r.Meta, now, &res)
	case StatusTooLate:
		err = s.tooLate(ctx, tx, f, u.Detail, r.Meta, now, &res)
	default:
		err = s.advance(ctx, tx, f, allocation.FulfilmentStatus(status), r.Meta, now, &res)
	}
	return res, err
}

// advance moves a fulfilment order forward to status, and its orders
// with it; a report that would move it back, or not at all, is ignored.
func (s *Service) advance(ctx context.Context, tx *store.Tx, f *fulfilmentOrder,
	status allocation.FulfilmentStatus, meta store.Meta, now time.Time, res *Result) error {
	if rank[status] <= rank[f.Status] {
		res.Outcome = Ignored
		res.Detail = fmt.Sprintf("fulfilment order %s is already %s; a status never goes back",
			f.ID, f.Status)
		return nil
	}
	if err := setStatus(ctx, tx, f.ID, status, now); err != nil {
		return err
	}
	f.Status = status
	for _, id := range f.orders() {
		rec, err := store.GetOrder(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.progress(ctx, tx, rec, f, meta, now); err != nil {
			return err
		}
	}
	return nil
}
