package inventory

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/ordo-oms/ordo/store"
)

// LevelFilter selects levels for Levels. Zero fields select all.
type LevelFilter struct {
	Location string
	SKU      string
	Pool     Pool
	// Cursor continues a listing where the previous page ended.
	Cursor string
	// Limit bounds the page; zero means 100, and 1000 is the most.
	Limit int
}

// Levels returns a page of levels ordered by location, SKU and pool, and
// the cursor of the next page, empty after the last.
func Levels(ctx context.Context, q store.Querier, f LevelFilter) ([]Level, string, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	var where store.Where
	if f.Location != "" {
		if err := checkLocation(f.Location); err != nil {
			return nil, "", err
		}
		where.And("location = ?", f.Location)
	}
	if f.SKU != "" {
		where.And("sku = ?", f.SKU)
	}
	if f.Pool != "" {
		if !f.Pool.Valid() {
			return nil, "", invalid("pool %q: want sellable, b_grade or quarantine", f.Pool)
		}
		where.And("pool = ?", string(f.Pool))
	}
	if f.Cursor != "" {
		k, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		where.And("(location, sku, pool) > (?, ?, ?)", k.location, k.sku, string(k.pool))
	}
	query := `SELECT location, sku, pool, on_hand, reserved, safety, as_of, updated_at
		FROM stock_levels` + where.String() +
		fmt.Sprintf(" ORDER BY location, sku, pool LIMIT %d", limit+1)

	out, err := scanLevels(ctx, q, query, where.Args())
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		next = encodeCursor(key{location: last.Location, sku: last.SKU, pool: last.Pool})
	}
	return out, next, nil
}

func scanLevels(ctx context.Context, q store.Querier, query string,
	args []any) ([]Level, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("inventory: levels: %w", err)
	}
	defer rows.Close()
	var out []Level
	for rows.Next() {
		var l Level
		var asOf, updated int64
		if err := rows.Scan(&l.Location, &l.SKU, &l.Pool, &l.OnHand, &l.Reserved, &l.Safety,
			&asOf, &updated); err != nil {
			return nil, fmt.Errorf("inventory: levels: %w", err)
		}
		l.AsOf, l.UpdatedAt = store.FromMicros(asOf), store.FromMicros(updated)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("inventory: levels: %w", err)
	}
	return out, nil
}

// A cursor is the key of the last level of a page. Location ids hold no
// newline, pools neither, so a newline separates the parts.
func encodeCursor(k key) string {
	return base64.RawURLEncoding.EncodeToString(
		[]byte(k.location + "\n" + string(k.pool) + "\n" + k.sku))
}

func decodeCursor(c string) (key, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return key{}, ErrBadCursor
	}
	parts := strings.SplitN(string(raw), "\n", 3)
	if len(parts) != 3 || checkKey(parts[0], parts[2], Pool(parts[1])) != nil {
		return key{}, ErrBadCursor
	}
	return key{location: parts[0], sku: parts[2], pool: Pool(parts[1])}, nil
}
