package fulfilment

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/warehouse"
)

// ErrUnknownLocation means an instruction names a location that is not
// configured.
var ErrUnknownLocation = errors.New("fulfilment: location is not configured")

// Send sends the instructions given to their location and records the
// answers. Instructions already answered are passed over, so sending
// twice sends nothing more; every attempt carries the same reference.
// While the location is in shadow mode nothing is sent and the
// instructions wait in shadow state. An error that is a
// *warehouse.PermanentError has been recorded on the instructions; any
// other leaves them pending, to be sent again.
func (s *Service) Send(ctx context.Context, location string, refs []string,
	meta store.Meta) error {
	loc, ok := s.Locations[location]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownLocation, location)
	}
	batch, err := s.sendable(ctx, location, refs)
	if err != nil || len(batch) == 0 {
		return err
	}
	if !loc.Active {
		return s.setState(ctx, batch, StateShadow, "")
	}
	if err := s.releasesAnswered(ctx, batch); err != nil {
		return err
	}
	size := max(loc.Connector.BatchSize(), 1)
	for start := 0; start < len(batch); start += size {
		part := batch[start:min(start+size, len(batch))]
		answers, err := loc.Connector.Send(ctx, part)
		if warehouse.IsPermanent(err) {
			return errors.Join(err, s.setState(ctx, part, StateRefused, err.Error()))
		}
		if err != nil {
			return fmt.Errorf("fulfilment: send %d instructions to %s: %w", len(part), location, err)
		}
		if len(answers) != len(part) {
			return fmt.Errorf("fulfilment: %s answered %d of %d instructions", location,
				len(answers), len(part))
		}
		if err := s.answered(ctx, part, answers, meta); err != nil {
			return err
		}
	}
	return nil
}

// releasesAnswered returns an error, to be retried, when a cancel in the
// batch would overtake the release it stops: a location that had not yet
// taken the release would answer the cancel with nothing to stop, then
// pick the release. A release in the same batch goes with it.
func (s *Service) releasesAnswered(ctx context.Context, batch []warehouse.Instruction) error {
	with := map[string]bool{}
	for _, ins := range batch {
		with[ins.Reference] = true
		if ins.Kind != warehouse.KindCancel || with[ins.FulfilmentID] {
			continue
		}
		var state State
		err := s.Read.QueryRowContext(ctx, `SELECT state FROM instructions WHERE id = $1`,
			ins.FulfilmentID).Scan(&state)
		if err != nil {
			return wrap(err, "release of %s", ins.FulfilmentID)
		}
		if state != StateAnswered {
			return fmt.Errorf("fulfilment: cancel %s waits for the release of %s to be "+
				"answered; it is %s", ins.Reference, ins.FulfilmentID, state)
		}
	}
	return nil
}

// sendable reads the instructions among refs that still wait to be sent:
// pending ones, and refused ones whose job an operator replays.
func (s *Service) sendable(ctx context.Context, location string, refs []string) (
	[]warehouse.Instruction, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	args := []any{location, string(StatePending), string(StateRefused)}
	marks := make([]string, len(refs))
	for i, r := range refs {
		args = append(args, r)
		marks[i] = fmt.Sprintf("$%d", len(args))
	}
	rows, err := s.Read.QueryContext(ctx, `SELECT body FROM instructions WHERE location = $1
		AND state IN ($2, $3) AND id IN (`+strings.Join(marks, ", ")+`)
		ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("fulfilment: instructions to send to %s: %w", location, err)
	}
	defer rows.Close()
	var out []warehouse.Instruction
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("fulfilment: instructions to send to %s: %w", location, err)
		}
		ins, err := decodeInstruction(body)
		if err != nil {
			return nil, err
		}
		out = append(out, ins)
	}
	return out, rows.Err()
}

// setState moves instructions that wait to be sent to state, with detail.
func (s *Service) setState(ctx context.Context, batch []warehouse.Instruction, state State,
	detail string) error {
	return s.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		for _, ins := range batch {
			_, err := tx.ExecContext(ctx, `UPDATE instructions SET state = $1, detail = $2
				WHERE id = $3 AND state IN ($4, $5)`, string(state), detail, ins.Reference,
				string(StatePending), string(StateRefused))
			if err != nil {
				return fmt.Errorf("fulfilment: mark instruction %s %s: %w", ins.Reference, state, err)
			}
		}
		return nil
	})
}

// answered records a location's answers, and for a cancel what follows
// from it, in one transaction.
func (s *Service) answered(ctx context.Context, batch []warehouse.Instruction,
	answers []warehouse.Answer, meta store.Meta) error {
	return s.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		now := s.now()
		for i, ins := range batch {
			a := answers[i]
			res, err := tx.ExecContext(ctx, `UPDATE instructions SET state = $1, outcome = $2,
				detail = $3, answered_at = $4 WHERE id = $5 AND state IN ($6, $7)`,
				string(StateAnswered), string(a.Outcome), a.Detail, store.Micros(now),
				ins.Reference, string(StatePending), string(StateRefused))
			if err != nil {
				return fmt.Errorf("fulfilment: record answer to %s: %w", ins.Reference, err)
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				continue // Answered before, as when a retry crossed a late answer.
			}
			if ins.Kind == warehouse.KindCancel {
				if err := s.cancelAnswered(ctx, tx, ins, a.Outcome, a.Detail, meta,
					now); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Promote sends, as they were recorded, the instructions recorded in
// shadow mode for locations that are now active. Ordo calls it when it
// starts, so that switching a location to active is a change of
// configuration alone. It returns how many it scheduled.
func (s *Service) Promote(ctx context.Context) (int, error) {
	total := 0
	for _, loc := range s.Locations {
		if !loc.Active {
			continue
		}
		promoted := 0
		err := s.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
			promoted = 0
			refs, err := shadowed(ctx, tx, loc.ID)
			if err != nil || len(refs) == 0 {
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE instructions SET state = $1
				WHERE location = $2 AND state = $3`, string(StatePending), loc.ID,
				string(StateShadow))
			if err != nil {
				return fmt.Errorf("fulfilment: promote instructions to %s: %w", loc.ID, err)
			}
			size := max(loc.Connector.BatchSize(), 1)
			for start := 0; start < len(refs); start += size {
				part := refs[start:min(start+size, len(refs))]
				if err := s.Jobs.EnqueueSend(ctx, tx, loc.ID, part); err != nil {
					return err
				}
			}
			promoted = len(refs)
			return nil
		})
		if err != nil {
			return total, err
		}
		total += promoted
	}
	return total, nil
}

func shadowed(ctx context.Context, q store.Querier, location string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM instructions WHERE location = $1
		AND state = $2 ORDER BY created_at, id`, location, string(StateShadow))
	if err != nil {
		return nil, fmt.Errorf("fulfilment: shadow instructions of %s: %w", location, err)
	}
	defer rows.Close()
	var refs []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("fulfilment: shadow instructions of %s: %w", location, err)
		}
		refs = append(refs, id)
	}
	return refs, rows.Err()
}
