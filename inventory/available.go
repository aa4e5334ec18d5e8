package inventory

import (
	"context"
	"fmt"
	"strings"

	"github.com/ordo-oms/ordo/store"
)

// Availability is the stock that can be promised, by location and SKU.
// Only what can be promised is in it: a missing entry means none.
type Availability map[string]map[string]int64

// Available returns the units of sku that location can promise.
func (a Availability) Available(location, sku string) int64 { return a[location][sku] }

// skusPerQuery is how many SKUs one query of Available asks for. A shorter
// list is padded by repeating a SKU, so that the statement text is always
// the same and prepared once.
const skusPerQuery = 16

var availableQuery = func() string {
	var b strings.Builder
	b.WriteString(`SELECT location, sku, on_hand - reserved - safety FROM stock_levels
		WHERE pool = 'sellable' AND on_hand - reserved - safety > 0 AND sku IN (`)
	for i := range skusPerQuery {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", i+1)
	}
	b.WriteString(")")
	return b.String()
}()

// Available returns the stock every location can promise of the SKUs
// asked for. Reading it holds nothing: Reserve decides whether an order
// gets the stock, and may find it taken by then.
func Available(ctx context.Context, q store.Querier, skus []string) (Availability, error) {
	wanted := make([]string, 0, len(skus))
	seen := make(map[string]bool, len(skus))
	for _, sku := range skus {
		if err := checkSKU(sku); err != nil {
			return nil, err
		}
		if !seen[sku] {
			seen[sku] = true
			wanted = append(wanted, sku)
		}
	}
	a := Availability{}
	for lo := 0; lo < len(wanted); lo += skusPerQuery {
		chunk := wanted[lo:min(lo+skusPerQuery, len(wanted))]
		args := make([]any, skusPerQuery)
		for i := range args {
			args[i] = chunk[min(i, len(chunk)-1)]
		}
		if err := readAvailable(ctx, q, args, a); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func readAvailable(ctx context.Context, q store.Querier, args []any, a Availability) error {
	rows, err := q.QueryContext(ctx, availableQuery, args...)
	if err != nil {
		return fmt.Errorf("inventory: available: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var location, sku string
		var n int64
		if err := rows.Scan(&location, &sku, &n); err != nil {
			return fmt.Errorf("inventory: available: %w", err)
		}
		if a[location] == nil {
			a[location] = map[string]int64{}
		}
		a[location][sku] = n
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("inventory: available: %w", err)
	}
	return nil
}
