package pickfile

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/warehouse"
)

// The canonical fields of a status file.
const (
	fieldReference      = "reference"
	fieldStatus         = "status"
	fieldEventID        = "event_id"
	fieldAt             = "at"
	fieldParcel         = "parcel"
	fieldCarrier        = "carrier"
	fieldTrackingNumber = "tracking_number"
	fieldTrackingURL    = "tracking_url"
	fieldOrderID        = "order_id"
	fieldLineID         = "line_id"
	fieldQuantity       = "quantity"
)

// ApplyFunc applies one status update of a location through tx, the
// transaction that records the status file's receipt.
type ApplyFunc func(ctx context.Context, tx *store.Tx, u warehouse.StatusUpdate) error

// StatusOptions configure the reading of a 3PL's status files.
type StatusOptions struct {
	// Location is the id of the 3PL, which updates without an event id of
	// their own get theirs from.
	Location string
	// Delimiter separates the columns; empty means a comma.
	Delimiter string
	// Columns names the columns of a status file. Every name must be
	// given, as config.Config.WithDefaults does; only the reference and
	// status columns must be in the file.
	Columns config.StatusColumns
	// Apply applies each update of a file.
	Apply ApplyFunc
}

// StatusHandler returns the filedrop.Handler of a 3PL's status files, or an
// error naming each option that is missing or wrong.
//
// A status file has a row per status report or, for a shipment, per line in
// a parcel. Rows with the same reference, status, event id and time make
// one warehouse.StatusUpdate, and those of its rows that name a parcel (or,
// without a parcel column, a tracking number) make its parcels, each with
// the lines listed for it. An update without an event id gets one made from
// the location, reference, status and parcels, so that the same report
// dropped again under another name has the same id.
//
// A file with any bad row is refused whole, each problem named with its
// line and column, and nothing of it is applied. Otherwise Apply is called
// for each update in the order the file first lists them; an error from
// Apply is returned, wrapped, and so leaves the file for the next pass (or,
// if it is a *filedrop.Error, refuses the file).
func StatusHandler(o StatusOptions) (filedrop.Handler, error) {
	m, err := statusMapping(o)
	if o.Location == "" {
		err = errors.Join(err, errors.New("pickfile: options: Location is missing"))
	}
	if o.Apply == nil {
		err = errors.Join(err, errors.New("pickfile: options: Apply is missing"))
	}
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, tx *store.Tx, f filedrop.File) error {
		updates, err := readStatuses(o.Location, m, f.Data)
		if err != nil {
			return err
		}
		for _, u := range updates {
			if err := o.Apply(ctx, tx, u); err != nil {
				return fmt.Errorf("pickfile: apply status %s of %s from %s: %w", u.Code,
					u.Reference, f.Name, err)
			}
		}
		return nil
	}, nil
}

// statusMapping returns how to read status files with o's columns.
func statusMapping(o StatusOptions) (filedrop.Mapping, error) {
	comma, err := delimiterRune(o.Delimiter)
	if err != nil {
		return filedrop.Mapping{}, fmt.Errorf("pickfile: options: %w", err)
	}
	c := o.Columns
	m := filedrop.Mapping{Delimiter: comma, Header: true, Columns: map[string]string{
		fieldReference: c.Reference, fieldStatus: c.Status, fieldEventID: c.EventID,
		fieldAt: c.At, fieldParcel: c.Parcel, fieldCarrier: c.Carrier,
		fieldTrackingNumber: c.TrackingNumber, fieldTrackingURL: c.TrackingURL,
		fieldOrderID: c.OrderID, fieldLineID: c.LineID, fieldQuantity: c.Quantity,
	}, Optional: []string{fieldEventID, fieldAt, fieldParcel, fieldCarrier,
		fieldTrackingNumber, fieldTrackingURL, fieldOrderID, fieldLineID, fieldQuantity}}
	if err := m.Validate(); err != nil {
		return filedrop.Mapping{}, fmt.Errorf("pickfile: options: %w", err)
	}
	return m, nil
}

// readStatuses returns the updates of a status file, or an *filedrop.Error
// listing every problem with it.
func readStatuses(location string, m filedrop.Mapping, data []byte) (
	[]warehouse.StatusUpdate, error) {
	r := filedrop.NewReader(bytes.NewReader(data), m)
	var g grouping
	for rec := range r.Records() {
		g.add(rec)
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	if len(g.updates) == 0 {
		return nil, &filedrop.Error{Problems: []filedrop.Problem{{
			Message: "the file holds no status rows"}}}
	}
	out := make([]warehouse.StatusUpdate, len(g.updates))
	for i, u := range g.updates {
		out[i] = u.StatusUpdate
		if out[i].EventID == "" {
			out[i].EventID = eventID(location, out[i])
		}
	}
	return out, nil
}

// eventID identifies an update that came without an event id by what it
// reports: the location, reference, status and time, and the parcels, in
// an order that does not depend on the order of the file's rows. The time
// tells apart two reports of the same status, such as the answers to two
// cancels of one fulfilment order.
func eventID(location string, u warehouse.StatusUpdate) string {
	parcels := slices.Clone(u.Parcels)
	slices.SortFunc(parcels, func(a, b warehouse.Parcel) int { return cmp.Compare(a.ID, b.ID) })
	h := sha256.New()
	fmt.Fprintf(h, "%q %q %q\n", location, u.Reference, u.Code)
	if !u.At.IsZero() {
		fmt.Fprintf(h, "at %s\n", u.At.UTC().Format(time.RFC3339Nano))
	}
	for _, p := range parcels {
		fmt.Fprintf(h, "parcel %q %q %q %q\n", p.ID, p.Carrier, p.TrackingNumber,
			p.TrackingURL)
		lines := slices.Clone(p.Lines)
		slices.SortFunc(lines, func(a, b warehouse.Line) int {
			return cmp.Or(cmp.Compare(a.OrderID, b.OrderID), cmp.Compare(a.LineID, b.LineID))
		})
		for _, l := range lines {
			fmt.Fprintf(h, "line %q %q %d\n", l.OrderID, l.LineID, l.Quantity)
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
