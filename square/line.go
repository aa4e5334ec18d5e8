package square

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ordo-oms/ordo/order"
)

// mapLines maps Square's line items. LineID is the line item's uid, which
// fulfilment entries reference; SKU and Variant are its catalog_object_id
// (see the package documentation for why).
func mapLines(items []lineItem) ([]order.Line, error) {
	lines := make([]order.Line, 0, len(items))
	for i, it := range items {
		qty, err := quantity(it.Quantity)
		if err != nil {
			return nil, fmt.Errorf("line_items[%d] (uid %q): %w", i, it.UID, err)
		}
		lines = append(lines, order.Line{
			LineID:    it.UID,
			SKU:       it.CatalogObjectID,
			Variant:   it.CatalogObjectID,
			Title:     title(it),
			Quantity:  qty,
			UnitPrice: unitPrice(it, qty),
			Tax:       it.TotalTaxMoney.amount(),
			Discount:  it.TotalDiscountMoney.amount(),
		})
	}
	return lines, nil
}

// quantity reads Square's decimal quantity, such as "2" or "2.000", as a
// whole number of units.
func quantity(s string) (int64, error) {
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	if strings.Trim(frac, "0") != "" {
		return 0, fmt.Errorf("quantity %q is not a whole number of units", s)
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("quantity %q is not a decimal number", s)
	}
	return n, nil
}

// unitPrice returns the price of one unit with its modifiers: Square's
// gross_sales_money (the variation's and the modifiers' total price) over
// the quantity, or base_price_money when the gross does not divide evenly
// or is absent.
func unitPrice(it lineItem, qty int64) int64 {
	gross := it.GrossSalesMoney.amount()
	if it.GrossSalesMoney != nil && qty > 0 && gross%qty == 0 {
		return gross / qty
	}
	return it.BasePriceMoney.amount()
}

// title joins the item's name and its variation's, as Square's receipts
// show them.
func title(it lineItem) string {
	switch {
	case it.VariationName == "" || it.VariationName == it.Name:
		return it.Name
	case it.Name == "":
		return it.VariationName
	}
	return it.Name + " - " + it.VariationName
}
