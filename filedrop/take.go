package filedrop

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/google/uuid"

	"github.com/ordo-oms/ordo/store"
)

// take reads a file, applies it with its receipt, moves it and notes the
// outcome in rep. A file that changed while it was read is left waiting.
func (p *Poller) take(ctx context.Context, e Entry, rep *Report) error {
	var data []byte
	if e.Size <= p.maxSize() {
		var err error
		if data, err = p.Dir.ReadFile(ctx, e.Name); err != nil {
			return fmt.Errorf("filedrop: take %s: %w", e.Name, err)
		}
		if int64(len(data)) != e.Size {
			delete(p.seen, e.Name)
			rep.Waiting = append(rep.Waiting, e.Name)
			return nil
		}
	}
	r, err := p.record(ctx, e, data)
	if err != nil {
		return fmt.Errorf("filedrop: take %s: %w", e.Name, err)
	}
	if err := p.move(ctx, &r, e); err != nil {
		return fmt.Errorf("filedrop: take %s: %w", e.Name, err)
	}
	// A new file of the same name must be seen twice, like any other.
	delete(p.seen, e.Name)

	log := p.log().With("source", p.Source, "file", e.Name, "receipt_id", r.ID,
		"moved_to", r.MovedTo)
	switch {
	case r.State == StateError:
		rep.Rejected = append(rep.Rejected, e.Name)
		log.WarnContext(ctx, "file refused", "problems", len(r.Reasons))
	case r.DuplicateOf != "":
		rep.Duplicate = append(rep.Duplicate, e.Name)
		log.InfoContext(ctx, "file not applied again", "note", r.Note)
	default:
		rep.Done = append(rep.Done, e.Name)
		log.InfoContext(ctx, "file applied")
	}
	return nil
}

// record commits the receipt of a file with the Handler's effects, and
// returns it. A file whose receipt was committed before but whose move
// failed gets that receipt back, and nothing is applied again. A file too
// large to read has no data and no checksum.
func (p *Poller) record(ctx context.Context, e Entry, data []byte) (Receipt, error) {
	var sum string
	if e.Size <= p.maxSize() {
		h := sha256.Sum256(data)
		sum = hex.EncodeToString(h[:])
	}
	var r Receipt
	err := p.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		prior, err := unmoved(ctx, tx, p.Source, e.Name, sum)
		if err != nil {
			return err
		}
		if prior != nil {
			r = *prior
			return nil
		}
		r, err = p.apply(ctx, tx, e, sum, data)
		return err
	})
	return r, err
}

// apply stores a new receipt for a file and, unless its content was
// applied before, runs the Handler on it.
func (p *Poller) apply(ctx context.Context, tx *store.Tx, e Entry, sum string,
	data []byte) (Receipt, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return Receipt{}, fmt.Errorf("filedrop: receipt id: %w", err)
	}
	r := Receipt{ID: id.String(), Source: p.Source, Name: e.Name, Size: e.Size,
		ModTime: e.ModTime, SHA256: sum, State: StateDone, TakenAt: p.now()}
	if e.Size > p.maxSize() {
		r.State = StateError
		r.Reasons = []string{fmt.Sprintf("the file is %d bytes; files of up to %d bytes "+
			"are read", e.Size, p.maxSize())}
		_, err := insertReceipt(ctx, tx, r)
		return r, err
	}

	claimed, err := insertReceipt(ctx, tx, r)
	if err != nil {
		return r, err
	}
	if !claimed {
		first, err := applier(ctx, tx, p.Source, sum)
		if err != nil {
			return r, err
		}
		r.DuplicateOf = first.ID
		r.Note = fmt.Sprintf("same content as %s, taken %s (receipt %s); not applied again",
			first.Name, first.TakenAt.Format("2006-01-02 15:04:05 MST"), first.ID)
		_, err = insertReceipt(ctx, tx, r)
		return r, err
	}

	reasons, err := p.handle(ctx, tx, File{Source: p.Source, Name: e.Name, ModTime: e.ModTime,
		SHA256: sum, Data: data})
	if err != nil || reasons == nil {
		return r, err
	}
	r.State, r.Reasons = StateError, reasons
	return r, refuse(ctx, tx, r.ID, reasons)
}

// handle runs the Handler in a savepoint. When the Handler refuses the
// file, handle undoes its writes and returns the reasons.
func (p *Poller) handle(ctx context.Context, tx *store.Tx, f File) ([]string, error) {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT filedrop_file`); err != nil {
		return nil, fmt.Errorf("filedrop: savepoint: %w", err)
	}
	err := p.safeHandle(ctx, tx, f)
	var bad *Error
	if err != nil && !errors.As(err, &bad) {
		return nil, fmt.Errorf("filedrop: handle %s: %w", f.Name, err)
	}
	if bad != nil {
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT filedrop_file`); err != nil {
			return nil, fmt.Errorf("filedrop: undo %s: %w", f.Name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT filedrop_file`); err != nil {
		return nil, fmt.Errorf("filedrop: release savepoint: %w", err)
	}
	if bad == nil {
		return nil, nil
	}
	if reasons := bad.reasons(); len(reasons) > 0 {
		return reasons, nil
	}
	return []string{"refused without a reason"}, nil
}

// safeHandle runs the Handler, turning a panic into an error: the Handler
// runs on the batcher's goroutine, which a panic would bring down with
// every other writer.
func (p *Poller) safeHandle(ctx context.Context, tx *store.Tx, f File) (err error) {
	defer func() {
		if v := recover(); v != nil {
			p.log().ErrorContext(ctx, "file handler panicked", "source", p.Source,
				"file", f.Name, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			err = fmt.Errorf("filedrop: handler panicked: %v", v)
		}
	}()
	return p.Handle(ctx, tx, f)
}
