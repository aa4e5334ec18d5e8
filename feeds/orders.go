package feeds

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

// orderHandler records order files: each order the file holds is received
// as the channel's report of it, through the ingest service and in the
// transaction that records the file's receipt. A file with any bad row is
// refused as a whole, with every problem, and nothing of it is recorded.
//
// An order is the same order however it arrives: ingest knows orders by
// channel and order id, so an order that came by webhook, by polling and
// in a file is one order, updated only when the file's facts differ and
// are not older. The key of each report is made from the channel, the
// order id and a hash of the order as read, so that a file holding an
// order exactly as it was delivered before records nothing.
func orderHandler(f config.Feed, orders *ingest.Service) filedrop.Handler {
	m := orderMapping(f)
	return func(ctx context.Context, tx *store.Tx, file filedrop.File) error {
		found, err := readOrders(f.Channel, m, file.Data)
		if err != nil {
			return err
		}
		for _, o := range found {
			r, err := orderReport(f, file, o)
			if err != nil {
				return err
			}
			if _, err := orders.ReceiveTx(ctx, tx, r); err != nil {
				return fmt.Errorf("feeds: %s: record order %s of %s: %w", f.ID, o.OrderID,
					file.Name, err)
			}
		}
		return nil
	}
}

// orderReport returns the report of an order read from a file, with the
// file named in its meta.
func orderReport(f config.Feed, file filedrop.File, o order.Order) (ingest.Report, error) {
	data, err := json.Marshal(o)
	if err != nil {
		return ingest.Report{}, fmt.Errorf("feeds: %s: encode order %s: %w", f.ID, o.OrderID, err)
	}
	sum := sha256.Sum256(data)
	key := "file:" + o.ChannelID + ":" + o.OrderID + ":" + hex.EncodeToString(sum[:])
	return ingest.Report{Key: key, Order: o, Meta: store.Meta{
		CausationID:    "feed:" + f.ID + ":" + file.Name,
		IdempotencyKey: key,
		OccurredAt:     o.UpdatedAt,
	}}, nil
}
