package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/ordo-oms/ordo/order"
)

// OrderRecord is the projection of one order stream: the order's current
// facts and status, and where its stream stands.
type OrderRecord struct {
	order.Order
	// Version is the version of the order's stream the record reflects.
	Version int64 `json:"version"`
	// ReceivedAt is when Ordo recorded the order's first event.
	ReceivedAt time.Time `json:"received_at"`
	// ChangedAt is when Ordo recorded the order's latest event.
	ChangedAt time.Time `json:"changed_at"`
}

// StreamID returns the event stream of an order.
func StreamID(omsOrderID string) string { return "order-" + omsOrderID }

// SaveOrder writes the projection of an order: its row and its lines. The
// personal data in r.Customer is not written here; see SavePersonalData.
func SaveOrder(ctx context.Context, tx Querier, r *OrderRecord) error {
	facts, err := json.Marshal(r.Facts())
	if err != nil {
		return fmt.Errorf("store: encode order %s: %w", r.OMSOrderID, err)
	}
	reasons, err := json.Marshal(nonNil(r.HoldReasons))
	if err != nil {
		return fmt.Errorf("store: encode order %s: %w", r.OMSOrderID, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO orders (oms_order_id, channel_id, order_id,
		name, status, payment, currency, total, country, facts, hold_reasons, version,
		placed_at, channel_updated_at, received_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
		ON CONFLICT (oms_order_id) DO UPDATE SET name = excluded.name,
		status = excluded.status, payment = excluded.payment, currency = excluded.currency,
		total = excluded.total, country = excluded.country, facts = excluded.facts,
		hold_reasons = excluded.hold_reasons, version = excluded.version,
		placed_at = excluded.placed_at, channel_updated_at = excluded.channel_updated_at,
		updated_at = excluded.updated_at`,
		r.OMSOrderID, r.ChannelID, r.OrderID, r.Name, string(r.Status), string(r.Payment),
		r.Currency, r.Totals.Total, r.Delivery.Country, string(facts), string(reasons),
		r.Version, Micros(r.PlacedAt), Micros(r.UpdatedAt), Micros(r.ReceivedAt),
		Micros(r.ChangedAt))
	if isUniqueViolation(err) {
		return fmt.Errorf("store: save order %s/%s: %w", r.ChannelID, r.OrderID, ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: save order %s: %w", r.OMSOrderID, err)
	}
	if r.Version > 1 {
		if _, err := tx.ExecContext(ctx,
			`DELETE FROM order_lines WHERE oms_order_id = $1`, r.OMSOrderID); err != nil {
			return fmt.Errorf("store: save lines of %s: %w", r.OMSOrderID, err)
		}
	}
	return saveLines(ctx, tx, r.OMSOrderID, r.Lines)
}

// linesPerInsert is how many lines one statement inserts; an order with
// more takes several. Each count is one prepared statement.
const linesPerInsert = 8

// saveLines inserts an order's lines, several to a statement.
func saveLines(ctx context.Context, tx Querier, omsOrderID string, lines []order.Line) error {
	for lo := 0; lo < len(lines); lo += linesPerInsert {
		chunk := lines[lo:min(lo+linesPerInsert, len(lines))]
		args := make([]any, 0, len(chunk)*11)
		for i, l := range chunk {
			args = append(args, omsOrderID, lo+i+1, l.LineID, string(l.Kind), l.ParentLineID,
				l.SKU, l.Variant, l.Quantity, l.UnitPrice, l.Tax, l.Discount)
		}
		if _, err := tx.ExecContext(ctx, insertLines(len(chunk)), args...); err != nil {
			return fmt.Errorf("store: save lines %d to %d of %s: %w", lo+1, lo+len(chunk),
				omsOrderID, err)
		}
	}
	return nil
}

// insertLines returns the statement that inserts n lines.
func insertLines(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO order_lines (oms_order_id, line_no, line_id, kind,
		parent_line_id, sku, variant, quantity, unit_price, tax, discount) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j := range 11 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", i*11+j+1)
		}
		b.WriteString(")")
	}
	return b.String()
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

const orderColumns = `oms_order_id, status, facts, hold_reasons, version, received_at,
	updated_at`

// GetOrder returns the projection of an order, without its personal data.
func GetOrder(ctx context.Context, q Querier, omsOrderID string) (*OrderRecord, error) {
	row := q.QueryRowContext(ctx, `SELECT `+orderColumns+`
		FROM orders WHERE oms_order_id = $1`, omsOrderID)
	r, err := scanOrder(row)
	if err != nil {
		return nil, fmt.Errorf("store: get order %s: %w", omsOrderID, err)
	}
	return r, nil
}

// FindOrder returns the projection of the order a channel knows by orderID.
func FindOrder(ctx context.Context, q Querier, channelID, orderID string) (*OrderRecord, error) {
	row := q.QueryRowContext(ctx, `SELECT `+orderColumns+`
		FROM orders WHERE channel_id = $1 AND order_id = $2`, channelID, orderID)
	r, err := scanOrder(row)
	if err != nil {
		return nil, fmt.Errorf("store: find order %s/%s: %w", channelID, orderID, err)
	}
	return r, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanOrder(s scanner) (*OrderRecord, error) {
	var r OrderRecord
	var status, facts, reasons string
	var received, changed int64
	err := s.Scan(&r.OMSOrderID, &status, &facts, &reasons, &r.Version, &received, &changed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	id := r.OMSOrderID
	if err := jsonv2.Unmarshal([]byte(facts), &r.Order); err != nil {
		return nil, fmt.Errorf("decode facts: %w", err)
	}
	if err := jsonv2.Unmarshal([]byte(reasons), &r.HoldReasons); err != nil {
		return nil, fmt.Errorf("decode hold reasons: %w", err)
	}
	if len(r.HoldReasons) == 0 {
		r.HoldReasons = nil
	}
	r.OMSOrderID, r.Status = id, order.Status(status)
	r.ReceivedAt, r.ChangedAt = FromMicros(received), FromMicros(changed)
	return &r, nil
}

// OrderFilter selects orders for ListOrders. Zero fields select all.
type OrderFilter struct {
	ChannelID      string
	Status         order.Status
	ReceivedAfter  time.Time
	ReceivedBefore time.Time
	// Cursor continues a listing where the previous page ended.
	Cursor string
	// Limit bounds the page; zero means 100.
	Limit int
}

// ErrBadCursor is returned for a cursor that ListOrders did not make.
var ErrBadCursor = errors.New("store: bad cursor")

// ListOrders returns a page of orders in the order received, and the cursor
// of the next page, empty after the last.
func ListOrders(ctx context.Context, q Querier, f OrderFilter) ([]OrderRecord, string, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	var where Where
	if f.ChannelID != "" {
		where.And("channel_id = ?", f.ChannelID)
	}
	if f.Status != "" {
		where.And("status = ?", string(f.Status))
	}
	if !f.ReceivedAfter.IsZero() {
		where.And("received_at > ?", Micros(f.ReceivedAfter))
	}
	if !f.ReceivedBefore.IsZero() {
		where.And("received_at < ?", Micros(f.ReceivedBefore))
	}
	if f.Cursor != "" {
		at, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		where.And("(received_at > ? OR (received_at = ? AND oms_order_id > ?))", at, at, id)
	}
	query := `SELECT ` + orderColumns + ` FROM orders` + where.String() +
		fmt.Sprintf(" ORDER BY received_at, oms_order_id LIMIT %d", limit+1)

	rows, err := q.QueryContext(ctx, query, where.Args()...)
	if err != nil {
		return nil, "", fmt.Errorf("store: list orders: %w", err)
	}
	defer rows.Close()
	var out []OrderRecord
	for rows.Next() {
		r, err := scanOrder(rows)
		if err != nil {
			return nil, "", fmt.Errorf("store: list orders: %w", err)
		}
		out = append(out, *r)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("store: list orders: %w", err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		next = encodeCursor(Micros(last.ReceivedAt), last.OMSOrderID)
	}
	return out, next, nil
}

func encodeCursor(at int64, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(at, 10) + ":" + id))
}

func decodeCursor(c string) (int64, string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, "", ErrBadCursor
	}
	at, id, ok := strings.Cut(string(raw), ":")
	n, err := strconv.ParseInt(at, 10, 64)
	if !ok || err != nil || id == "" {
		return 0, "", ErrBadCursor
	}
	return n, id, nil
}

// AppendOrder appends events to an order's stream at the version r holds,
// folds them into r and writes the projection, all in tx: the events and
// what screens read can never disagree. It returns ErrConflict when another
// writer appended first.
func AppendOrder(ctx context.Context, tx Querier, r *OrderRecord, now time.Time,
	events ...Event) error {
	if err := Append(ctx, tx, StreamID(r.OMSOrderID), r.Version, now, events); err != nil {
		return err
	}
	factsChanged := false
	for _, e := range events {
		if err := r.apply(e); err != nil {
			return err
		}
		factsChanged = factsChanged || order.ChangesFacts(e.Type)
	}
	if !factsChanged {
		return saveStatus(ctx, tx, r)
	}
	return SaveOrder(ctx, tx, r)
}

// saveStatus writes the part of an order's projection that a change of
// status alone affects.
func saveStatus(ctx context.Context, tx Querier, r *OrderRecord) error {
	reasons, err := json.Marshal(nonNil(r.HoldReasons))
	if err != nil {
		return fmt.Errorf("store: encode order %s: %w", r.OMSOrderID, err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE orders SET status = $1, hold_reasons = $2,
		version = $3, updated_at = $4 WHERE oms_order_id = $5`,
		string(r.Status), string(reasons), r.Version, Micros(r.ChangedAt), r.OMSOrderID)
	if err != nil {
		return fmt.Errorf("store: save status of %s: %w", r.OMSOrderID, err)
	}
	return nil
}

// RecentOrders returns the n orders received last, newest first.
func RecentOrders(ctx context.Context, q Querier, n int) ([]OrderRecord, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+orderColumns+` FROM orders
		ORDER BY received_at DESC, oms_order_id DESC LIMIT $1`, n)
	if err != nil {
		return nil, fmt.Errorf("store: recent orders: %w", err)
	}
	defer rows.Close()
	var out []OrderRecord
	for rows.Next() {
		r, err := scanOrder(rows)
		if err != nil {
			return nil, fmt.Errorf("store: recent orders: %w", err)
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// CountByStatus returns how many orders are in each status.
func CountByStatus(ctx context.Context, q Querier) (map[order.Status]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT status, COUNT(*) FROM orders GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("store: count orders: %w", err)
	}
	defer rows.Close()
	counts := map[order.Status]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: count orders: %w", err)
		}
		counts[order.Status(st)] = n
	}
	return counts, rows.Err()
}

// CountByChannel returns how many orders each channel has delivered.
func CountByChannel(ctx context.Context, q Querier) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT channel_id, COUNT(*) FROM orders GROUP BY channel_id`)
	if err != nil {
		return nil, fmt.Errorf("store: count orders by channel: %w", err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var ch string
		var n int
		if err := rows.Scan(&ch, &n); err != nil {
			return nil, fmt.Errorf("store: count orders by channel: %w", err)
		}
		counts[ch] = n
	}
	return counts, rows.Err()
}

// OrderVersion returns the version of an order's stream as its projection
// records it.
func OrderVersion(ctx context.Context, q Querier, omsOrderID string) (int64, error) {
	var v int64
	err := q.QueryRowContext(ctx, `SELECT version FROM orders WHERE oms_order_id = $1`,
		omsOrderID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("store: order %s: %w", omsOrderID, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("store: order %s: %w", omsOrderID, err)
	}
	return v, nil
}
