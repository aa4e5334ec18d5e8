package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/store"
)

// stockUpdate is the body of POST /api/v1/inventory: counts and changes of
// stock, applied together or not at all.
type stockUpdate struct {
	Snapshots []inventory.Snapshot `json:"snapshots"`
	Deltas    []inventory.Delta    `json:"deltas"`
}

// stockResult is the answer: what each snapshot and delta did, in the
// order sent.
type stockResult struct {
	Snapshots []inventory.SnapshotResult `json:"snapshots"`
	Deltas    []inventory.DeltaResult    `json:"deltas"`
}

// postInventory takes stock snapshots and deltas from a warehouse or the
// ERP. The Idempotency-Key header is required, as on every POST. Orders
// waiting for a SKU whose available stock grew are routed again.
func (s *Server) postInventory(w http.ResponseWriter, r *http.Request) error {
	key := r.Header.Get("Idempotency-Key")
	if key == "" || len(key) > 255 {
		return errorf(codeInvalid, "Idempotency-Key required",
			"send an Idempotency-Key header of 1 to 255 characters, unique to this update")
	}
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	var u stockUpdate
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&u); err != nil {
		return errorf(codeInvalid, "Invalid stock update",
			"the body is not a stock update: %v; send {\"snapshots\": [...], \"deltas\": [...]}", err)
	}
	if len(u.Snapshots)+len(u.Deltas) == 0 {
		return errorf(codeInvalid, "Empty stock update",
			"the body holds no snapshot and no delta")
	}
	tok := r.Context().Value(tokenKey{}).(*store.Token)
	sum := sha256.Sum256(body)
	res, replayed, err := s.applyStock(r.Context(), "inventory:"+tok.ID+":"+key,
		hex.EncodeToString(sum[:]), u)
	switch {
	case errors.Is(err, errKeyReused):
		return errorf(codeConflict, "Idempotency-Key reused",
			"Idempotency-Key %q was already used for a different body; "+
				"use a new key for a new update", key)
	case errors.Is(err, inventory.ErrInvalid):
		return errorf(codeInvalid, "Invalid stock update", "%v", err)
	case err != nil:
		return err
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(res) // the client may be gone; nothing to do
	return nil
}

var errKeyReused = errors.New("api: idempotency key reused")

// applyStock applies an update in one transaction with its idempotency
// receipt, and schedules routing of the orders waiting for stock that grew.
// It returns the encoded result, and whether it is that of an earlier
// request with the same key.
func (s *Server) applyStock(ctx context.Context, key, hash string, u stockUpdate) (
	[]byte, bool, error) {
	var out []byte
	var replayed bool
	err := s.Allocation.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		now := s.Now().UTC()
		receipt, err := store.Claim(ctx, tx, key, hash, now)
		if err != nil {
			return err
		}
		if receipt != nil {
			if receipt.RequestHash != hash {
				return errKeyReused
			}
			out, replayed = receipt.Response, true
			return nil
		}
		res, gained, err := applyUpdate(ctx, tx, u, now)
		if err != nil {
			return err
		}
		if err := s.Allocation.Restock(ctx, tx, gained); err != nil {
			return err
		}
		if out, err = json.Marshal(res); err != nil {
			return fmt.Errorf("api: encode stock result: %w", err)
		}
		return store.Settle(ctx, tx, key, out)
	})
	return out, replayed, err
}

// applyUpdate applies every snapshot, then every delta, and returns what
// each did and the SKUs whose available stock grew.
func applyUpdate(ctx context.Context, tx *store.Tx, u stockUpdate, now time.Time) (
	stockResult, []string, error) {
	res := stockResult{Snapshots: []inventory.SnapshotResult{}, Deltas: []inventory.DeltaResult{}}
	var gained []string
	for i, snap := range u.Snapshots {
		sr, err := inventory.ApplySnapshot(ctx, tx, snap, now)
		if err != nil {
			return res, nil, fmt.Errorf("snapshots[%d]: %w", i, err)
		}
		res.Snapshots = append(res.Snapshots, sr)
		gained = append(gained, sr.Gained...)
	}
	for i, d := range u.Deltas {
		dr, err := inventory.ApplyDelta(ctx, tx, d, now)
		if err != nil {
			return res, nil, fmt.Errorf("deltas[%d]: %w", i, err)
		}
		res.Deltas = append(res.Deltas, dr)
		if dr.Gained {
			gained = append(gained, d.SKU)
		}
	}
	slices.Sort(gained)
	return res, slices.Compact(gained), nil
}

// listInventory lists stock levels, filtered by location, SKU and pool.
func (s *Server) listInventory(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := inventory.LevelFilter{Location: q.Get("location"), SKU: q.Get("sku"),
		Pool: inventory.Pool(q.Get("pool")), Cursor: q.Get("cursor")}
	if f.Pool != "" && !f.Pool.Valid() {
		return errorf(codeInvalid, "Bad pool",
			"pool %q is not one of sellable, b_grade, quarantine", f.Pool)
	}
	var err error
	if f.Limit, err = limitParam(r); err != nil {
		return err
	}
	levels, next, err := inventory.Levels(r.Context(), s.DB.Read, f)
	if errors.Is(err, inventory.ErrBadCursor) {
		return errorf(codeInvalid, "Bad cursor", "cursor must be a next_cursor from a listing")
	}
	if err != nil {
		return err
	}
	type view struct {
		inventory.Level
		Available int64 `json:"available"`
	}
	views := make([]view, len(levels))
	for i, l := range levels {
		views[i] = view{l, l.Available()}
	}
	writeJSON(w, http.StatusOK, map[string]any{"levels": views, "next_cursor": next})
	return nil
}
