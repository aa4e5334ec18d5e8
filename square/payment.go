package square

import "github.com/ordo-oms/ordo/order"

// payment derives the payment state from the order's tenders and refunds:
// Square sets tenders once the order is paid or its card authorised.
func payment(so *sqOrder) order.Payment {
	var refunded int64
	for _, r := range so.Refunds {
		if r.Status == "COMPLETED" || r.Status == "APPROVED" {
			refunded += r.AmountMoney.amount()
		}
	}
	total := so.TotalMoney.amount()
	switch {
	case refunded > 0 && refunded >= total:
		return order.PaymentRefunded
	case refunded > 0:
		return order.PaymentPartiallyRefunded
	case len(so.Tenders) == 0:
		return order.PaymentPending
	}
	voided := true
	for _, t := range so.Tenders {
		status := ""
		if t.CardDetails != nil {
			status = t.CardDetails.Status
		}
		if status == "AUTHORIZED" {
			return order.PaymentAuthorized
		}
		voided = voided && (status == "VOIDED" || status == "FAILED")
	}
	if voided {
		return order.PaymentVoided
	}
	return order.PaymentPaid
}
