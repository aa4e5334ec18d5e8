package inventory_test

import (
	"cmp"
	"slices"

	"github.com/ordo-oms/ordo/inventory"
)

// model is a plain, in-memory statement of the rules of the package, which
// the property test holds the databases to. Times are minutes after t0.
type model struct {
	levels    map[lkey]*mlevel
	deltaIDs  map[string]bool
	deltas    map[lkey][]stamped // every new delta, stale or not
	consumed  map[lkey][]stamped
	open      map[rkey]*mreservation
	shipments map[string]bool
}

type lkey struct {
	location, sku string
	pool          inventory.Pool
}

type mlevel struct {
	onHand, reserved, safety int64
	asOf                     int // 0 until a snapshot
}

type stamped struct {
	at int
	n  int64
}

type rkey struct{ order, line, location string }

type mreservation struct {
	sku                string
	quantity, consumed int64
}

func newModel() *model {
	return &model{levels: map[lkey]*mlevel{}, deltaIDs: map[string]bool{},
		deltas: map[lkey][]stamped{}, consumed: map[lkey][]stamped{},
		open: map[rkey]*mreservation{}, shipments: map[string]bool{}}
}

func (m *model) level(k lkey) *mlevel {
	if m.levels[k] == nil {
		m.levels[k] = &mlevel{}
	}
	return m.levels[k]
}

func (m *model) available(k lkey) int64 {
	l := m.levels[k]
	if l == nil || k.pool != inventory.PoolSellable {
		return 0
	}
	return max(l.onHand-l.reserved-l.safety, 0)
}

func sumAfter(events []stamped, t int) int64 {
	var n int64
	for _, e := range events {
		if e.at > t {
			n += e.n
		}
	}
	return n
}

func (m *model) snapshot(s inventory.Snapshot, taken int) inventory.SnapshotResult {
	type count struct {
		item     inventory.Item
		unlisted bool
	}
	var counts []count
	listed := map[string]bool{}
	for _, it := range s.Items {
		counts = append(counts, count{item: it})
		listed[it.SKU] = true
	}
	if s.Full {
		for k := range m.levels {
			if k.location == s.Location && k.pool == s.Pool && !listed[k.sku] {
				counts = append(counts, count{item: inventory.Item{SKU: k.sku}, unlisted: true})
			}
		}
	}
	slices.SortFunc(counts, func(a, b count) int { return cmp.Compare(a.item.SKU, b.item.SKU) })
	var res inventory.SnapshotResult
	for _, c := range counts {
		k := lkey{s.Location, c.item.SKU, s.Pool}
		l := m.level(k)
		if taken <= l.asOf {
			res.Stale = append(res.Stale, k.sku)
			continue
		}
		before := m.available(k)
		since := sumAfter(m.deltas[k], taken) - sumAfter(m.consumed[k], taken)
		l.onHand, l.asOf = max(c.item.OnHand+since, 0), taken
		if c.item.Safety != nil {
			l.safety = *c.item.Safety
		}
		if c.unlisted {
			res.Zeroed = append(res.Zeroed, k.sku)
		} else {
			res.Set = append(res.Set, k.sku)
		}
		if m.available(k) > before {
			res.Gained = append(res.Gained, k.sku)
		}
	}
	return res
}

func (m *model) delta(d inventory.Delta, at int) inventory.DeltaResult {
	if m.deltaIDs[d.ID] {
		return inventory.DeltaResult{Duplicate: true}
	}
	m.deltaIDs[d.ID] = true
	k := lkey{d.Location, d.SKU, d.Pool}
	l := m.level(k)
	m.deltas[k] = append(m.deltas[k], stamped{at, d.Change})
	if at <= l.asOf {
		return inventory.DeltaResult{Stale: true}
	}
	before := m.available(k)
	l.onHand = max(l.onHand+d.Change, 0)
	return inventory.DeltaResult{Applied: true, Gained: m.available(k) > before}
}

func (m *model) setSafety(k lkey, n int64) { m.level(k).safety = n }

// reserve returns nil, a *inventory.ShortError or inventory.ErrInvalid,
// and changes nothing unless it returns nil.
func (m *model) reserve(rs []inventory.Reservation) error {
	sorted := slices.Clone(rs)
	slices.SortFunc(sorted, func(a, b inventory.Reservation) int {
		return cmp.Or(cmp.Compare(a.Location, b.Location), cmp.Compare(a.SKU, b.SKU),
			cmp.Compare(a.OMSOrderID, b.OMSOrderID), cmp.Compare(a.LineID, b.LineID))
	})
	planned := map[lkey]int64{}
	var opened []inventory.Reservation
	for _, r := range sorted {
		need := r.Quantity
		if held := m.open[rkey{r.OMSOrderID, r.LineID, r.Location}]; held != nil {
			if held.sku != r.SKU || held.quantity > r.Quantity {
				return inventory.ErrInvalid
			}
			if need -= held.quantity; need == 0 {
				continue
			}
		}
		k := lkey{r.Location, r.SKU, inventory.PoolSellable}
		var atp int64
		if l := m.levels[k]; l != nil {
			atp = l.onHand - l.reserved - planned[k] - l.safety
		}
		if atp < need {
			return &inventory.ShortError{OMSOrderID: r.OMSOrderID, LineID: r.LineID,
				Location: r.Location, SKU: r.SKU, Wanted: need, Available: max(atp, 0)}
		}
		planned[k] += need
		opened = append(opened, r)
	}
	for k, n := range planned {
		m.levels[k].reserved += n
	}
	for _, r := range opened {
		k := rkey{r.OMSOrderID, r.LineID, r.Location}
		if held := m.open[k]; held != nil {
			held.quantity = r.Quantity // Grown.
			continue
		}
		m.open[k] = &mreservation{sku: r.SKU, quantity: r.Quantity}
	}
	return nil
}

// release gives back the open reservations that match, sorted as the
// package sorts them.
func (m *model) release(match func(rkey) bool) []inventory.Reservation {
	var out []inventory.Reservation
	for rk, r := range m.open {
		if !match(rk) {
			continue
		}
		n := r.quantity - r.consumed
		m.levels[lkey{rk.location, r.sku, inventory.PoolSellable}].reserved -= n
		delete(m.open, rk)
		out = append(out, inventory.Reservation{OMSOrderID: rk.order, LineID: rk.line,
			Location: rk.location, SKU: r.sku, Quantity: n})
	}
	slices.SortFunc(out, func(a, b inventory.Reservation) int {
		return cmp.Or(cmp.Compare(a.Location, b.Location), cmp.Compare(a.SKU, b.SKU),
			cmp.Compare(a.LineID, b.LineID))
	})
	return out
}

// openKeys returns the open reservations in a fixed order.
func (m *model) openKeys() []rkey {
	var keys []rkey
	for k := range m.open {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b rkey) int {
		return cmp.Or(cmp.Compare(a.order, b.order), cmp.Compare(a.line, b.line),
			cmp.Compare(a.location, b.location))
	})
	return keys
}

// consume returns whether the shipment is new, or ErrNotReserved and
// changes nothing.
func (m *model) consume(s inventory.Shipment, now int) (bool, error) {
	if m.shipments[s.ID] {
		return false, nil
	}
	for _, l := range s.Lines {
		r := m.open[rkey{s.OMSOrderID, l.LineID, s.Location}]
		if r == nil || r.quantity-r.consumed < l.Quantity {
			return false, inventory.ErrNotReserved
		}
	}
	m.shipments[s.ID] = true
	for _, l := range s.Lines {
		rk := rkey{s.OMSOrderID, l.LineID, s.Location}
		r := m.open[rk]
		k := lkey{s.Location, r.sku, inventory.PoolSellable}
		lv := m.levels[k]
		lv.onHand, lv.reserved = max(lv.onHand-l.Quantity, 0), lv.reserved-l.Quantity
		m.consumed[k] = append(m.consumed[k], stamped{now, l.Quantity})
		if r.consumed += l.Quantity; r.consumed == r.quantity {
			delete(m.open, rk)
		}
	}
	return true, nil
}
