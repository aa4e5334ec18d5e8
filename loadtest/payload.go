package loadtest

import (
	"strconv"
	"time"
)

// This file holds the shape of a Shopify REST order webhook, as much of it
// as Ordo reads and a little more, so that the payloads look like the real
// thing. Nullable fields are pointers.

type orderPayload struct {
	ID                    int64                 `json:"id"`
	AdminGraphqlAPIID     string                `json:"admin_graphql_api_id"`
	Name                  string                `json:"name"`
	Number                int                   `json:"number"`
	OrderNumber           int                   `json:"order_number"`
	Email                 string                `json:"email"`
	ContactEmail          string                `json:"contact_email"`
	CreatedAt             string                `json:"created_at"`
	UpdatedAt             string                `json:"updated_at"`
	ProcessedAt           string                `json:"processed_at"`
	Confirmed             bool                  `json:"confirmed"`
	Test                  bool                  `json:"test"`
	SourceName            string                `json:"source_name"`
	CustomerLocale        string                `json:"customer_locale"`
	BuyerAcceptsMarketing bool                  `json:"buyer_accepts_marketing"`
	Currency              string                `json:"currency"`
	PresentmentCurrency   string                `json:"presentment_currency"`
	TaxesIncluded         bool                  `json:"taxes_included"`
	TaxExempt             bool                  `json:"tax_exempt"`
	FinancialStatus       string                `json:"financial_status"`
	FulfillmentStatus     *string               `json:"fulfillment_status"`
	PaymentGatewayNames   []string              `json:"payment_gateway_names"`
	DiscountCodes         []discountCode        `json:"discount_codes"`
	DiscountApplications  []discountApplication `json:"discount_applications"`
	LineItems             []lineItem            `json:"line_items"`
	ShippingLines         []shippingLine        `json:"shipping_lines"`
	TaxLines              []taxLine             `json:"tax_lines"`
	SubtotalPrice         string                `json:"subtotal_price"`
	SubtotalPriceSet      moneySet              `json:"subtotal_price_set"`
	TotalLineItemsPrice   string                `json:"total_line_items_price"`
	TotalLineItemsSet     moneySet              `json:"total_line_items_price_set"`
	TotalDiscounts        string                `json:"total_discounts"`
	TotalDiscountsSet     moneySet              `json:"total_discounts_set"`
	TotalShippingPriceSet moneySet              `json:"total_shipping_price_set"`
	TotalTax              string                `json:"total_tax"`
	TotalTaxSet           moneySet              `json:"total_tax_set"`
	TotalPrice            string                `json:"total_price"`
	TotalPriceSet         moneySet              `json:"total_price_set"`
	TotalWeight           int                   `json:"total_weight"`
	Tags                  string                `json:"tags"`
	Note                  *string               `json:"note"`
	ShippingAddress       address               `json:"shipping_address"`
	BillingAddress        address               `json:"billing_address"`
	Customer              customer              `json:"customer"`
}

type lineItem struct {
	ID                  int64                `json:"id"`
	AdminGraphqlAPIID   string               `json:"admin_graphql_api_id"`
	ProductID           int64                `json:"product_id"`
	VariantID           int64                `json:"variant_id"`
	SKU                 string               `json:"sku"`
	Title               string               `json:"title"`
	VariantTitle        string               `json:"variant_title"`
	Name                string               `json:"name"`
	Vendor              string               `json:"vendor"`
	Quantity            int64                `json:"quantity"`
	CurrentQuantity     int64                `json:"current_quantity"`
	FulfillableQuantity int64                `json:"fulfillable_quantity"`
	FulfillmentService  string               `json:"fulfillment_service"`
	FulfillmentStatus   *string              `json:"fulfillment_status"`
	Grams               int                  `json:"grams"`
	RequiresShipping    bool                 `json:"requires_shipping"`
	Taxable             bool                 `json:"taxable"`
	GiftCard            bool                 `json:"gift_card"`
	Price               string               `json:"price"`
	PriceSet            moneySet             `json:"price_set"`
	TotalDiscount       string               `json:"total_discount"`
	TotalDiscountSet    moneySet             `json:"total_discount_set"`
	TaxLines            []taxLine            `json:"tax_lines"`
	DiscountAllocations []discountAllocation `json:"discount_allocations"`
}

type shippingLine struct {
	ID                  int64                `json:"id"`
	Code                string               `json:"code"`
	Title               string               `json:"title"`
	Source              string               `json:"source"`
	CarrierIdentifier   *string              `json:"carrier_identifier"`
	Price               string               `json:"price"`
	PriceSet            moneySet             `json:"price_set"`
	DiscountedPrice     string               `json:"discounted_price"`
	DiscountedPriceSet  moneySet             `json:"discounted_price_set"`
	IsRemoved           bool                 `json:"is_removed"`
	TaxLines            []taxLine            `json:"tax_lines"`
	DiscountAllocations []discountAllocation `json:"discount_allocations"`
}

type taxLine struct {
	Price         string   `json:"price"`
	PriceSet      moneySet `json:"price_set"`
	Rate          float64  `json:"rate"`
	Title         string   `json:"title"`
	ChannelLiable bool     `json:"channel_liable"`
}

type discountCode struct {
	Code   string `json:"code"`
	Amount string `json:"amount"`
	Type   string `json:"type"`
}

type discountApplication struct {
	Type             string `json:"type"`
	Code             string `json:"code"`
	Value            string `json:"value"`
	ValueType        string `json:"value_type"`
	AllocationMethod string `json:"allocation_method"`
	TargetSelection  string `json:"target_selection"`
	TargetType       string `json:"target_type"`
}

type discountAllocation struct {
	Amount                   string   `json:"amount"`
	AmountSet                moneySet `json:"amount_set"`
	DiscountApplicationIndex int      `json:"discount_application_index"`
}

type address struct {
	FirstName    string  `json:"first_name"`
	LastName     string  `json:"last_name"`
	Name         string  `json:"name"`
	Company      *string `json:"company"`
	Address1     string  `json:"address1"`
	Address2     *string `json:"address2"`
	Zip          string  `json:"zip"`
	City         string  `json:"city"`
	Province     *string `json:"province"`
	ProvinceCode *string `json:"province_code"`
	Country      string  `json:"country"`
	CountryCode  string  `json:"country_code"`
}

type customer struct {
	ID                int64  `json:"id"`
	AdminGraphqlAPIID string `json:"admin_graphql_api_id"`
	Email             string `json:"email"`
	FirstName         string `json:"first_name"`
	LastName          string `json:"last_name"`
	VerifiedEmail     bool   `json:"verified_email"`
	State             string `json:"state"`
}

type moneySet struct {
	ShopMoney        money `json:"shop_money"`
	PresentmentMoney money `json:"presentment_money"`
}

type money struct {
	Amount       string `json:"amount"`
	CurrencyCode string `json:"currency_code"`
}

// newMoneySet returns cents in currency as both the shop's and the
// customer's money; the generated shop sells in one currency per market.
func newMoneySet(cents int64, currency string) moneySet {
	m := money{Amount: decimal(cents), CurrencyCode: currency}
	return moneySet{ShopMoney: m, PresentmentMoney: m}
}

// decimal formats cents as a decimal string with two places, such as
// "19.95" or "-0.05".
func decimal(cents int64) string {
	sign := ""
	u := uint64(cents)
	if cents < 0 {
		sign, u = "-", uint64(-cents)
	}
	frac := strconv.FormatUint(u%100, 10)
	if len(frac) == 1 {
		frac = "0" + frac
	}
	return sign + strconv.FormatUint(u/100, 10) + "." + frac
}

// rate returns a tax rate in units of 0.001 % as the fraction Shopify
// sends, such as 0.21.
func rate(r int) float64 {
	return float64(r) / 100000
}

// nullable returns nil for the empty string, which JSON then shows as null.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// shopTimeFormat is how Shopify writes times: to the second, with the
// shop's offset from UTC.
const shopTimeFormat = time.RFC3339
