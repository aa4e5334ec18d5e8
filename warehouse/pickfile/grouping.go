package pickfile

import (
	"strconv"
	"time"

	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/warehouse"
)

// grouping gathers the rows of a status file into updates, in the order
// the file first lists them.
type grouping struct {
	updates []*update
	byKey   map[updateKey]*update
}

// updateKey is what the rows of one update share.
type updateKey struct {
	reference, status, eventID string
	at                         time.Time // in UTC, so that == compares instants
}

// update is an update being gathered, with where each of its parcels is.
type update struct {
	warehouse.StatusUpdate
	parcels map[string]*parcelRows
}

// parcelRows is where a parcel is in its update's Parcels, and the line of
// the file each of its lines came from.
type parcelRows struct {
	index int
	lines map[lineKey]int
}

type lineKey struct{ orderID, lineID string }

// row is what one row of a status file says.
type row struct {
	key     updateKey
	parcel  warehouse.Parcel // without lines; an ID of "" means none
	line    warehouse.Line
	hasLine bool
}

// add reads a record into its update, recording its problems with the
// reader.
func (g *grouping) add(rec filedrop.Record) {
	r := readRow(rec)
	if !rec.OK() {
		return
	}
	u, ok := g.byKey[r.key]
	if !ok {
		u = &update{StatusUpdate: warehouse.StatusUpdate{EventID: r.key.eventID,
			Reference: r.key.reference, Code: r.key.status, At: r.key.at},
			parcels: map[string]*parcelRows{}}
		if g.byKey == nil {
			g.byKey = map[updateKey]*update{}
		}
		g.byKey[r.key] = u
		g.updates = append(g.updates, u)
	}
	if r.parcel.ID != "" {
		u.addParcel(rec, r)
	}
}

// readRow reads the fields of a record, recording what is wrong with them.
func readRow(rec filedrop.Record) row {
	r := row{key: updateKey{reference: rec.Get(fieldReference), status: rec.Get(fieldStatus),
		eventID: rec.Get(fieldEventID)}}
	if r.key.reference == "" {
		rec.Fail(fieldReference, "is empty; every row needs the reference it reports on")
	}
	if r.key.status == "" {
		rec.Fail(fieldStatus, "is empty; every row needs a status")
	}
	if v := rec.Get(fieldAt); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			rec.Fail(fieldAt, "%q is not a time such as 2026-12-03T18:00:00+01:00", v)
		}
		r.key.at = t.UTC()
	}

	r.parcel = warehouse.Parcel{ID: rec.Get(fieldParcel), Carrier: rec.Get(fieldCarrier),
		TrackingNumber: rec.Get(fieldTrackingNumber), TrackingURL: rec.Get(fieldTrackingURL)}
	if r.parcel.ID == "" {
		r.parcel.ID = r.parcel.TrackingNumber
	}
	orderID, lineID, qty := rec.Get(fieldOrderID), rec.Get(fieldLineID), rec.Get(fieldQuantity)
	r.hasLine = orderID != "" || lineID != "" || qty != ""
	if r.parcel.ID == "" && (r.hasLine || r.parcel.Carrier != "" || r.parcel.TrackingURL != "") {
		rec.Fail(fieldParcel, "is empty, and so is the tracking number; a row with a "+
			"carrier or a line needs the parcel it is in")
	}
	if !r.hasLine {
		return r
	}
	const need = "is empty; a row with a line needs the order id, line id and quantity"
	if orderID == "" {
		rec.Fail(fieldOrderID, need)
	}
	if lineID == "" {
		rec.Fail(fieldLineID, need)
	}
	r.line = warehouse.Line{OrderID: orderID, LineID: lineID, Quantity: rec.Int(fieldQuantity)}
	if _, err := strconv.ParseInt(qty, 10, 64); err == nil && r.line.Quantity < 1 {
		rec.Fail(fieldQuantity, "is %d; a parcel holds at least 1 of a line", r.line.Quantity)
	}
	return r
}

// addParcel adds the parcel of a row to u, or merges it into the parcel of
// that id, and adds the row's line to it.
func (u *update) addParcel(rec filedrop.Record, r row) {
	pr, ok := u.parcels[r.parcel.ID]
	if !ok {
		pr = &parcelRows{index: len(u.Parcels), lines: map[lineKey]int{}}
		u.parcels[r.parcel.ID] = pr
		u.Parcels = append(u.Parcels, r.parcel)
	}
	p := &u.Parcels[pr.index]
	merge(rec, fieldCarrier, p, &p.Carrier, r.parcel.Carrier)
	merge(rec, fieldTrackingNumber, p, &p.TrackingNumber, r.parcel.TrackingNumber)
	merge(rec, fieldTrackingURL, p, &p.TrackingURL, r.parcel.TrackingURL)
	if !r.hasLine {
		return
	}
	k := lineKey{r.line.OrderID, r.line.LineID}
	if first, dup := pr.lines[k]; dup {
		rec.Fail(fieldLineID, "line %s of order %s is in parcel %s already, on line %d",
			k.lineID, k.orderID, p.ID, first)
		return
	}
	pr.lines[k] = rec.Line
	p.Lines = append(p.Lines, r.line)
}

// merge sets a field of parcel p that earlier rows left empty, and records
// a problem when they gave it another value.
func merge(rec filedrop.Record, field string, p *warehouse.Parcel, have *string, v string) {
	switch {
	case v == "" || v == *have:
	case *have == "":
		*have = v
	default:
		rec.Fail(field, "is %q, but an earlier row of parcel %s gives %q", v, p.ID, *have)
	}
}
