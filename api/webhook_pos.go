package api

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"

	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/pos"
	"github.com/ordo-oms/ordo/store"
)

// posWebhook takes a sale from a till that signs it with the channel's
// secret. A sale carried out of the shop is shipped from it at once; any
// other is routed like an order from a web shop. The answer is 200 only
// once the sale is committed.
func (s *Server) posWebhook(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	ch, err := s.channelFor(r, "pos")
	if err != nil {
		return err
	}
	if err := pos.Verify([]byte(ch.Secret.Reveal()), r.Header, body, s.Now()); err != nil {
		detail := err.Error()
		if errors.Is(err, pos.ErrUnsigned) {
			detail = "the request needs X-Ordo-Timestamp and X-Ordo-Signature headers"
		}
		return s.refused(r, ch.ID, err, detail)
	}
	sale, err := pos.Map(ch.ID, body)
	if err != nil {
		return s.quarantine(r, ch.ID, body, errorf(codeInvalid, "Unreadable sale", "%v", err))
	}
	sum := sha256.Sum256(body)
	key := "pos:" + ch.ID + ":" + hex.EncodeToString(sum[:])
	rep := ingest.Report{
		Key:       key,
		Order:     sale.Report.Order,
		Cancelled: sale.Report.Cancelled,
		Meta: store.Meta{TraceID: traceID(r.Context()), IdempotencyKey: key,
			CausationID: sale.Report.Order.OrderID, OccurredAt: sale.Report.Order.UpdatedAt},
	}
	var res ingest.Result
	if sale.CarriedOut() {
		res, err = s.Orders.ReceiveCarriedOut(r.Context(), rep, sale.Store)
	} else {
		res, err = s.Orders.Receive(r.Context(), rep)
	}
	if err != nil {
		return err
	}
	s.count(ch.ID, res)
	writeJSON(w, http.StatusOK, res)
	return nil
}
