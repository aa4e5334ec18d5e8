package ingest

import (
	"context"
	"fmt"

	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

// CarriedOutParcel names the parcel of a sale that left a shop with its
// customer: there is no carrier and no tracking.
const CarriedOutParcel = "carried-out"

// ReceiveCarriedOut records a sale that left the shop at location with its
// customer. In one transaction the order is recorded, the units it took
// are taken from the shop's sellable stock, and the order is shipped from
// there; it is never routed. A repeated delivery does nothing more, and a
// later report of the same sale changes only the order's facts.
func (s *Service) ReceiveCarriedOut(ctx context.Context, r Report, location string) (Result,
	error) {
	var res Result
	err := s.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		var err error
		res, err = s.ReceiveTx(ctx, tx, r)
		if err != nil || res.Duplicate || res.Outcome != Created {
			return err
		}
		res.Status, res.Version, err = s.carriedOut(ctx, tx, res.OMSOrderID, location, r.Meta)
		return err
	})
	return res, err
}

func (s *Service) carriedOut(ctx context.Context, tx *store.Tx, omsOrderID, location string,
	meta store.Meta) (order.Status, int64, error) {
	now := s.Now().UTC()
	rec, err := store.GetOrder(ctx, tx, omsOrderID)
	if err != nil {
		return "", 0, err
	}
	p := order.Parcel{Parcel: CarriedOutParcel}
	for _, l := range rec.Lines {
		if l.Kind == order.KindBundle {
			continue // Its components are the units that left.
		}
		_, err := inventory.ApplyDelta(ctx, tx, inventory.Delta{
			ID: "sale:" + omsOrderID + ":" + l.LineID, Location: location, SKU: l.SKU,
			Pool: inventory.PoolSellable, Change: -l.Quantity, At: rec.PlacedAt,
			Reason: "sold and carried out of the shop", Source: rec.ChannelID}, now)
		if err != nil {
			return "", 0, fmt.Errorf("ingest: take line %s of order %s from %s: %w", l.LineID,
				omsOrderID, location, err)
		}
		p.Lines = append(p.Lines, order.LineQuantity{LineID: l.LineID, SKU: l.SKU,
			Quantity: l.Quantity})
	}
	e, err := store.NewEvent(order.EventShipped, &order.Shipped{Location: location,
		Parcels: []order.Parcel{p}, Complete: true}, meta)
	if err != nil {
		return "", 0, err
	}
	if err := store.AppendOrder(ctx, tx, rec, now, e); err != nil {
		return "", 0, err
	}
	return rec.Status, rec.Version, nil
}
