package fulfilment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/warehouse"
)

// State is where an instruction stands.
type State string

// The states of an instruction.
const (
	// StateShadow: recorded for a location in shadow mode, not sent. It is
	// sent as it is when the location becomes active.
	StateShadow State = "shadow"
	// StatePending: to be sent, or sent without an answer yet.
	StatePending State = "pending"
	// StateAnswered: the location answered; Outcome says how.
	StateAnswered State = "answered"
	// StateRefused: the location refused it in a way retrying cannot
	// mend; Detail has its words. Replaying its job sends it again.
	StateRefused State = "refused"
)

// Instruction is an instruction as recorded: Body is exactly what is, or
// in shadow mode would be, sent.
type Instruction struct {
	Reference    string          `json:"reference"`
	FulfilmentID string          `json:"fulfilment_id"`
	Kind         warehouse.Kind  `json:"kind"`
	Location     string          `json:"location"`
	State        State           `json:"state"`
	Outcome      string          `json:"outcome,omitempty"`
	Detail       string          `json:"detail,omitempty"`
	TraceID      string          `json:"trace_id,omitempty"`
	Body         json.RawMessage `json:"body"`
	CreatedAt    time.Time       `json:"created_at"`
	AnsweredAt   time.Time       `json:"answered_at,omitzero"`
}

// record stores an instruction in tx, in shadow state for a location in
// shadow mode, and otherwise schedules it to be sent when tx commits. An
// instruction recorded before under the same reference is kept as it was;
// record reports whether this one is new.
func (s *Service) record(ctx context.Context, tx *store.Tx, loc *Location,
	ins warehouse.Instruction, traceID string, now time.Time) (bool, error) {
	body, err := json.Marshal(ins)
	if err != nil {
		return false, fmt.Errorf("fulfilment: encode instruction %s: %w", ins.Reference, err)
	}
	state := StateShadow
	if loc.Active {
		state = StatePending
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO instructions (id, fulfilment_id, kind,
		location, body, state, trace_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (id) DO NOTHING`, ins.Reference, ins.FulfilmentID, string(ins.Kind),
		loc.ID, string(body), string(state), traceID, store.Micros(now))
	if err != nil {
		return false, fmt.Errorf("fulfilment: record instruction %s: %w", ins.Reference, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	if !loc.Active {
		return true, nil
	}
	return true, s.Jobs.EnqueueSend(ctx, tx, loc.ID, []string{ins.Reference})
}

// ErrBadCursor means a cursor that Instructions did not make.
var ErrBadCursor = errors.New("fulfilment: bad cursor")

// InstructionFilter selects instructions; empty fields select all.
type InstructionFilter struct {
	Location     string
	State        State
	FulfilmentID string
	// After is the cursor of the page before, or "".
	After string
	Limit int
}

// Instructions returns instructions in the order they were made, and the
// cursor of the next page, "" after the last.
func Instructions(ctx context.Context, q store.Querier, f InstructionFilter) (
	[]Instruction, string, error) {
	var where store.Where
	if f.Location != "" {
		where.And("location = ?", f.Location)
	}
	if f.State != "" {
		where.And("state = ?", string(f.State))
	}
	if f.FulfilmentID != "" {
		where.And("fulfilment_id = ?", f.FulfilmentID)
	}
	if f.After != "" {
		at, id, ok := strings.Cut(f.After, "_")
		var micros int64
		if _, err := fmt.Sscan(at, &micros); !ok || err != nil {
			return nil, "", fmt.Errorf("%w: %q", ErrBadCursor, f.After)
		}
		where.And("(created_at > ? OR created_at = ? AND id > ?)", micros, micros, id)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, fulfilment_id, kind, location, state, outcome,
		detail, trace_id, body, created_at, answered_at FROM instructions`+where.String()+
		fmt.Sprintf(" ORDER BY created_at, id LIMIT %d", f.Limit), where.Args()...)
	if err != nil {
		return nil, "", fmt.Errorf("fulfilment: list instructions: %w", err)
	}
	defer rows.Close()
	var out []Instruction
	var last int64
	for rows.Next() {
		var in Instruction
		var body string
		var answered int64
		if err := rows.Scan(&in.Reference, &in.FulfilmentID, &in.Kind, &in.Location, &in.State,
			&in.Outcome, &in.Detail, &in.TraceID, &body, &last, &answered); err != nil {
			return nil, "", fmt.Errorf("fulfilment: list instructions: %w", err)
		}
		in.Body = json.RawMessage(body)
		in.CreatedAt = store.FromMicros(last)
		if answered > 0 {
			in.AnsweredAt = store.FromMicros(answered)
		}
		out = append(out, in)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("fulfilment: list instructions: %w", err)
	}
	next := ""
	if len(out) == f.Limit && f.Limit > 0 {
		next = fmt.Sprintf("%d_%s", last, out[len(out)-1].Reference)
	}
	return out, next, nil
}

func decodeInstruction(body string) (warehouse.Instruction, error) {
	var ins warehouse.Instruction
	if err := json.Unmarshal([]byte(body), &ins); err != nil {
		return ins, fmt.Errorf("fulfilment: decode instruction: %w", err)
	}
	return ins, nil
}
