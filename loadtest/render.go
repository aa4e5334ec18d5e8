package loadtest

import (
	"strconv"
	"strings"
)

// payload renders a priced draft as a Shopify order webhook payload.
func (d *draft) payload() orderPayload {
	t := d.totals()
	created := shopTime(d.placed).Format(shopTimeFormat)
	cur := d.currency
	p := orderPayload{
		ID:                    d.id,
		AdminGraphqlAPIID:     gid("Order", d.id),
		Name:                  "#" + strconv.Itoa(1000+d.number),
		Number:                d.number,
		OrderNumber:           1000 + d.number,
		Email:                 d.buyer.email,
		ContactEmail:          d.buyer.email,
		CreatedAt:             created,
		UpdatedAt:             created,
		ProcessedAt:           created,
		Confirmed:             true,
		SourceName:            "web",
		CustomerLocale:        d.country.locale,
		BuyerAcceptsMarketing: d.marketing,
		Currency:              cur,
		PresentmentCurrency:   cur,
		TaxesIncluded:         d.inclusive,
		FinancialStatus:       d.status,
		PaymentGatewayNames:   gateways(d.status),
		DiscountCodes:         []discountCode{},
		DiscountApplications:  []discountApplication{},
		LineItems:             make([]lineItem, 0, len(d.lines)),
		ShippingLines:         []shippingLine{d.shippingLine()},
		TaxLines:              []taxLine{d.taxLine(t.tax)},
		SubtotalPrice:         decimal(t.subtotal),
		SubtotalPriceSet:      newMoneySet(t.subtotal, cur),
		TotalLineItemsPrice:   decimal(t.lineItems),
		TotalLineItemsSet:     newMoneySet(t.lineItems, cur),
		TotalDiscounts:        decimal(t.discounts),
		TotalDiscountsSet:     newMoneySet(t.discounts, cur),
		TotalShippingPriceSet: newMoneySet(d.shipPrice, cur),
		TotalTax:              decimal(t.tax),
		TotalTaxSet:           newMoneySet(t.tax, cur),
		TotalPrice:            decimal(t.price),
		TotalPriceSet:         newMoneySet(t.price, cur),
		Tags:                  d.tags,
		ShippingAddress:       d.address(d.ship),
		BillingAddress:        d.address(d.bill),
		Customer: customer{
			ID:                d.buyer.id,
			AdminGraphqlAPIID: gid("Customer", d.buyer.id),
			Email:             d.buyer.email,
			FirstName:         d.buyer.first,
			LastName:          d.buyer.last,
			VerifiedEmail:     true,
			State:             "enabled",
		},
	}
	if d.discount != nil {
		p.DiscountCodes, p.DiscountApplications = d.discountCodes(t.discounts)
	}
	for _, l := range d.lines {
		p.LineItems = append(p.LineItems, d.lineItem(l))
		p.TotalWeight += l.product.grams * int(max(l.qty, 0))
	}
	return p
}

func (d *draft) lineItem(l draftLine) lineItem {
	p := l.product
	variant := colorNames[l.color] + " / " + l.size
	sku := p.code + "-" + l.color + "-" + l.size
	li := lineItem{
		ID:                  l.id,
		AdminGraphqlAPIID:   gid("LineItem", l.id),
		ProductID:           catalogID(7_000_000_000_000, p.code),
		VariantID:           catalogID(40_000_000_000_000, sku),
		SKU:                 sku,
		Title:               p.title,
		VariantTitle:        variant,
		Name:                p.title + " - " + variant,
		Vendor:              vendor(d.shop),
		Quantity:            l.qty,
		CurrentQuantity:     l.qty,
		FulfillableQuantity: l.qty,
		FulfillmentService:  "manual",
		Grams:               p.grams,
		RequiresShipping:    true,
		Taxable:             true,
		Price:               decimal(l.unit),
		PriceSet:            newMoneySet(l.unit, d.currency),
		TotalDiscount:       decimal(l.discount),
		TotalDiscountSet:    newMoneySet(l.discount, d.currency),
		TaxLines:            []taxLine{d.taxLine(l.tax)},
		DiscountAllocations: []discountAllocation{},
	}
	if l.discount != 0 {
		li.DiscountAllocations = append(li.DiscountAllocations, d.allocation(l.discount))
	}
	return li
}

func (d *draft) shippingLine() shippingLine {
	m := d.method
	net := d.shipPrice - d.shipDiscount
	s := shippingLine{
		ID:                  d.shipLineID,
		Code:                m.code,
		Title:               m.title,
		Source:              m.source,
		CarrierIdentifier:   nullable(m.carrierID),
		Price:               decimal(d.shipPrice),
		PriceSet:            newMoneySet(d.shipPrice, d.currency),
		DiscountedPrice:     decimal(net),
		DiscountedPriceSet:  newMoneySet(net, d.currency),
		TaxLines:            []taxLine{},
		DiscountAllocations: []discountAllocation{},
	}
	if d.taxesShip {
		s.TaxLines = append(s.TaxLines, d.taxLine(d.shipTax))
	}
	if d.shipDiscount != 0 {
		s.DiscountAllocations = append(s.DiscountAllocations, d.allocation(d.shipDiscount))
	}
	return s
}

func (d *draft) taxLine(cents int64) taxLine {
	return taxLine{
		Price:    decimal(cents),
		PriceSet: newMoneySet(cents, d.currency),
		Rate:     rate(d.taxRate),
		Title:    d.taxTitle(),
	}
}

func (d *draft) taxTitle() string {
	if d.ship.city.provinceCode != "" && d.country.vat == 0 {
		return d.ship.city.provinceCode + " " + d.country.taxTitle
	}
	return d.country.taxTitle
}

func (d *draft) allocation(cents int64) discountAllocation {
	return discountAllocation{Amount: decimal(cents), AmountSet: newMoneySet(cents, d.currency)}
}

func (d *draft) discountCodes(total int64) ([]discountCode, []discountApplication) {
	dc := d.discount
	code := discountCode{Code: dc.code, Amount: decimal(total), Type: dc.kind}
	app := discountApplication{
		Type:             "discount_code",
		Code:             dc.code,
		Value:            dc.valueText,
		ValueType:        dc.kind,
		AllocationMethod: "across",
		TargetSelection:  "all",
		TargetType:       "line_item",
	}
	if dc.kind == "shipping" {
		code.Type, app.ValueType, app.TargetType = "shipping", "percentage", "shipping_line"
	}
	return []discountCode{code}, []discountApplication{app}
}

func (d *draft) address(a postal) address {
	return address{
		FirstName:    a.first,
		LastName:     a.last,
		Name:         a.first + " " + a.last,
		Address1:     a.address1,
		Address2:     nullable(a.address2),
		Zip:          a.zip,
		City:         a.city.name,
		Province:     nullable(a.city.province),
		ProvinceCode: nullable(a.city.provinceCode),
		Country:      d.country.name,
		CountryCode:  d.country.code,
	}
}

func gateways(status string) []string {
	if status == "pending" {
		return []string{"Bank Deposit"}
	}
	return []string{"shopify_payments"}
}

// gid returns a Shopify GraphQL ID, such as "gid://shopify/Order/42".
func gid(kind string, id int64) string {
	return "gid://shopify/" + kind + "/" + strconv.FormatInt(id, 10)
}

// catalogID returns a stable ID for a product or variant, at least base
// and below base + 10^12, so that every order shows the same ID for it.
func catalogID(base int64, key string) int64 {
	var h uint64
	for _, c := range []byte(key) {
		h = splitmix(h ^ uint64(c))
	}
	return base + int64(h%1_000_000_000_000)
}

// vendor makes a brand name from the shop's domain: "example-nl" from
// "example-nl.myshopify.com".
func vendor(shop string) string {
	name, _, _ := strings.Cut(shop, ".")
	return name
}
