package shopifytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/ordo-oms/ordo/order"
)

// Refund is a refund the fake recorded. Amounts are minor units of the
// order's currency.
type Refund struct {
	ID           int64
	OrderID      int64
	Note         string
	Notify       bool
	Lines        []RefundedLine
	Shipping     int64
	Transactions []Transaction
	CreatedAt    time.Time
}

// RefundedLine is a quantity of a line item in a Refund.
type RefundedLine struct {
	LineItemID  int64
	Quantity    int64
	RestockType string
	Subtotal    int64
}

// Transaction is a payment transaction of an order: the sale that paid
// it, or a refund of that sale.
type Transaction struct {
	ID       int64
	ParentID int64
	Kind     string
	Gateway  string
	Amount   int64
	Status   string
}

// refundBody is the body of the calculate and create requests.
type refundBody struct {
	Refund struct {
		Currency string `json:"currency"`
		Notify   bool   `json:"notify"`
		Note     string `json:"note"`
		Shipping *struct {
			FullRefund bool        `json:"full_refund"`
			Amount     json.Number `json:"amount"`
		} `json:"shipping"`
		RefundLineItems []struct {
			LineItemID  int64  `json:"line_item_id"`
			Quantity    int64  `json:"quantity"`
			RestockType string `json:"restock_type"`
		} `json:"refund_line_items"`
		Transactions []struct {
			ParentID int64       `json:"parent_id"`
			Amount   json.Number `json:"amount"`
			Kind     string      `json:"kind"`
			Gateway  string      `json:"gateway"`
		} `json:"transactions"`
	} `json:"refund"`
}

// refundPlan is what a refund request comes to: its lines, the shipping it
// refunds, and the amount of both together.
type refundPlan struct {
	lines    []RefundedLine
	shipping int64
	amount   int64
}

// plan checks the lines and shipping of a refund request against what is
// left to refund of o, and returns them with the amount they come to:
// line prices times quantities, plus shipping; or the message that refuses
// them. The fake leaves discounts and duties out of that amount.
func (o *orderState) plan(b *refundBody) (refundPlan, string) {
	var lines []RefundedLine
	var total int64
	for _, rl := range b.Refund.RefundLineItems {
		l := o.line(rl.LineItemID)
		if l == nil {
			return refundPlan{}, fmt.Sprintf("Line item %d does not belong to this order.", rl.LineItemID)
		}
		if rl.Quantity <= 0 || rl.Quantity > l.quantity-l.refunded {
			return refundPlan{}, fmt.Sprintf("Quantity %d of line item %d cannot be refunded; "+
				"%d is left.", rl.Quantity, l.id, l.quantity-l.refunded)
		}
		restock := rl.RestockType
		if restock == "" {
			restock = "no_restock"
		}
		if !slices.Contains([]string{"no_restock", "cancel", "return", "legacy_restock"}, restock) {
			return refundPlan{}, fmt.Sprintf("Restock type %q is not valid.", restock)
		}
		sub := l.price * rl.Quantity
		lines = append(lines, RefundedLine{LineItemID: l.id, Quantity: rl.Quantity,
			RestockType: restock, Subtotal: sub})
		total += sub
	}
	var ship int64
	if s := b.Refund.Shipping; s != nil {
		left := o.shipping - o.shipRefunded
		ship = left
		if !s.FullRefund {
			v, err := order.ParseAmount(string(s.Amount), o.currency)
			if err != nil {
				return refundPlan{}, fmt.Sprintf("Shipping amount %q is not an amount.", s.Amount)
			}
			ship = v
		}
		if ship < 0 || ship > left {
			return refundPlan{}, fmt.Sprintf("Shipping amount is more than the %s left to refund.",
				order.FormatAmount(left, o.currency))
		}
	}
	return refundPlan{lines: lines, shipping: ship, amount: total + ship}, ""
}

// refundable returns what is left to refund of a sale.
func (o *orderState) refundable(sale *Transaction) int64 {
	left := sale.Amount
	for _, r := range o.refunds {
		for _, t := range r.Transactions {
			if t.ParentID == sale.ID {
				left -= t.Amount
			}
		}
	}
	return left
}

// refundHandler serves a refund request that passed serveRefund's checks.
// It is called holding s.mu.
type refundHandler func(w http.ResponseWriter, o *orderState, b *refundBody, p refundPlan)

// serveRefund serves POST /orders/{id}/refunds/calculate.json and POST
// /orders/{id}/refunds.json alike: it reads the request, finds the order
// and plans the refund, answering a refusal of any of them itself, and
// hands the rest to serve.
func (s *Server) serveRefund(w http.ResponseWriter, r *http.Request, id string,
	serve refundHandler) {
	var body refundBody
	if !readBody(w, r, "refund", &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.lookup(w, id)
	if !ok {
		return
	}
	p, refusal := o.plan(&body)
	if refusal != "" {
		unprocessable(w, "%s", refusal)
		return
	}
	serve(w, o, &body, p)
}

// calculateRefund answers POST /orders/{id}/refunds/calculate.json: the
// refund's lines and shipping as Shopify would refund them, and the
// transactions, of kind suggested_refund, that would pay them back.
func (s *Server) calculateRefund(w http.ResponseWriter, o *orderState, _ *refundBody,
	p refundPlan) {
	money := func(v int64) string { return order.FormatAmount(v, o.currency) }
	amount := p.amount
	txs := []any{}
	for _, sale := range o.sales {
		part := min(amount, o.refundable(sale))
		if part <= 0 {
			continue
		}
		amount -= part
		txs = append(txs, map[string]any{"order_id": o.id, "kind": "suggested_refund",
			"gateway": sale.Gateway, "parent_id": sale.ID, "amount": money(part),
			"currency": o.currency, "maximum_refundable": money(o.refundable(sale))})
	}
	items := []any{}
	for _, l := range p.lines {
		items = append(items, o.renderRefundLine(l))
	}
	writeJSON(w, http.StatusOK, map[string]any{"refund": map[string]any{
		"currency": o.currency, "duties": []any{}, "refund_line_items": items,
		"shipping": map[string]any{"amount": money(p.shipping), "tax": money(0),
			"maximum_refundable": money(o.shipping - o.shipRefunded)},
		"transactions": txs,
	}})
}

// createRefund answers POST /orders/{id}/refunds.json. Its transactions
// must be of kind refund, each of a sale of the order and at most what is
// left of it.
func (s *Server) createRefund(w http.ResponseWriter, o *orderState, body *refundBody,
	p refundPlan) {
	rf := &Refund{ID: s.newID(), OrderID: o.id, Note: body.Refund.Note,
		Notify: body.Refund.Notify, Lines: p.lines, Shipping: p.shipping}
	for _, t := range body.Refund.Transactions {
		i := slices.IndexFunc(o.sales, func(x *Transaction) bool { return x.ID == t.ParentID })
		amount, err := order.ParseAmount(string(t.Amount), o.currency)
		switch {
		case t.Kind != "refund":
			unprocessable(w, "Transaction kind %q is not refund.", t.Kind)
			return
		case i < 0:
			unprocessable(w, "Parent transaction %d does not belong to this order.", t.ParentID)
			return
		case err != nil || amount <= 0 || amount > o.refundable(o.sales[i]):
			unprocessable(w, "Transaction amount %s is more than can be refunded.", t.Amount)
			return
		}
		rf.Transactions = append(rf.Transactions, Transaction{ID: s.newID(),
			ParentID: t.ParentID, Kind: "refund", Gateway: o.sales[i].Gateway,
			Amount: amount, Status: "success"})
	}
	s.record(o, rf)
	writeJSON(w, http.StatusCreated, map[string]any{"refund": o.renderRefund(rf)})
}

// record applies a refund to its order. The caller holds s.mu.
func (s *Server) record(o *orderState, rf *Refund) {
	o.touch(s.opts.Now())
	rf.CreatedAt = o.updatedAt
	for _, l := range rf.Lines {
		o.line(l.LineItemID).refunded += l.Quantity
	}
	o.shipRefunded += rf.Shipping
	o.refunds = append(o.refunds, rf)
	var paid, left int64
	for _, sale := range o.sales {
		paid += sale.Amount
		left += o.refundable(sale)
	}
	switch {
	case paid > 0 && left == 0:
		o.financial = "refunded"
	case left < paid:
		o.financial = "partially_refunded"
	}
}

// renderRefund returns the REST refund resource of rf.
func (o *orderState) renderRefund(rf *Refund) map[string]any {
	money := func(v int64) string { return order.FormatAmount(v, o.currency) }
	items := []any{}
	for _, l := range rf.Lines {
		items = append(items, o.renderRefundLine(l))
	}
	txs := []any{}
	for _, t := range rf.Transactions {
		txs = append(txs, map[string]any{"id": t.ID, "order_id": o.id, "parent_id": t.ParentID,
			"kind": t.Kind, "gateway": t.Gateway, "status": t.Status, "amount": money(t.Amount),
			"currency": o.currency, "created_at": rf.CreatedAt.Format(time.RFC3339)})
	}
	ships := []any{}
	if rf.Shipping > 0 {
		ships = append(ships, map[string]any{"amount": money(rf.Shipping)})
	}
	at := rf.CreatedAt.Format(time.RFC3339)
	return map[string]any{
		"id": rf.ID, "order_id": o.id, "note": rf.Note, "created_at": at, "processed_at": at,
		"restock": false, "refund_line_items": items, "transactions": txs,
		"refund_shipping_lines": ships, "order_adjustments": []any{}, "duties": []any{},
		"admin_graphql_api_id": fmt.Sprintf("gid://shopify/Refund/%d", rf.ID),
	}
}

// renderRefundLine returns one refund line item.
func (o *orderState) renderRefundLine(l RefundedLine) map[string]any {
	money := order.FormatAmount(l.Subtotal, o.currency)
	return map[string]any{"line_item_id": l.LineItemID, "quantity": l.Quantity,
		"restock_type": l.RestockType, "location_id": nil, "subtotal": money,
		"total_tax": order.FormatAmount(0, o.currency)}
}
