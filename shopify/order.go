package shopify

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
)

// payload is the part of the REST order webhook body (orders/create,
// orders/updated, orders/paid, orders/cancelled) that Map reads. Ids,
// quantities and amounts are numbers kept as text, so that ids beyond what
// a float64 holds stay exact and amounts never pass through floating point.
type payload struct {
	ID            number `json:"id"`
	Name          string `json:"name"`
	CreatedAt     string `json:"created_at"`
	UpdatedAt     string `json:"updated_at"`
	CancelledAt   string `json:"cancelled_at"`
	CancelReason  string `json:"cancel_reason"`
	Currency      string `json:"currency"`
	TaxesIncluded bool   `json:"taxes_included"`

	FinancialStatus string  `json:"financial_status"`
	Tags            tagList `json:"tags"`

	Email        string    `json:"email"`
	ContactEmail string    `json:"contact_email"`
	Phone        string    `json:"phone"`
	Customer     *customer `json:"customer"`

	ShippingAddress *address `json:"shipping_address"`
	BillingAddress  *address `json:"billing_address"`

	LineItems     []lineItem     `json:"line_items"`
	ShippingLines []shippingLine `json:"shipping_lines"`

	TotalPrice        number    `json:"total_price"`
	TotalPriceSet     *moneySet `json:"total_price_set"`
	TotalTax          number    `json:"total_tax"`
	TotalTaxSet       *moneySet `json:"total_tax_set"`
	TotalDiscounts    number    `json:"total_discounts"`
	TotalDiscountsSet *moneySet `json:"total_discounts_set"`
	TotalShippingSet  *moneySet `json:"total_shipping_price_set"`
}

type lineItem struct {
	ID                  number       `json:"id"`
	SKU                 string       `json:"sku"`
	VariantID           number       `json:"variant_id"`
	Title               string       `json:"title"`
	Name                string       `json:"name"`
	Quantity            number       `json:"quantity"`
	RequiresShipping    *bool        `json:"requires_shipping"`
	Price               number       `json:"price"`
	PriceSet            *moneySet    `json:"price_set"`
	TotalDiscount       number       `json:"total_discount"`
	TotalDiscountSet    *moneySet    `json:"total_discount_set"`
	TaxLines            []taxLine    `json:"tax_lines"`
	DiscountAllocations []allocation `json:"discount_allocations"`
}

type shippingLine struct {
	Code                string       `json:"code"`
	Title               string       `json:"title"`
	Source              string       `json:"source"`
	Price               number       `json:"price"`
	PriceSet            *moneySet    `json:"price_set"`
	TaxLines            []taxLine    `json:"tax_lines"`
	DiscountAllocations []allocation `json:"discount_allocations"`
}

type taxLine struct {
	Price    number    `json:"price"`
	PriceSet *moneySet `json:"price_set"`
}

type allocation struct {
	Amount    number    `json:"amount"`
	AmountSet *moneySet `json:"amount_set"`
}

type customer struct {
	Email     string `json:"email"`
	Phone     string `json:"phone"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
}

type address struct {
	Name         string `json:"name"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	Company      string `json:"company"`
	Address1     string `json:"address1"`
	Address2     string `json:"address2"`
	Zip          string `json:"zip"`
	City         string `json:"city"`
	ProvinceCode string `json:"province_code"`
	CountryCode  string `json:"country_code"`
}

// moneySet is an amount in the shop's currency and in the currency the
// customer saw. Ordo keeps the shop money, the currency of payload.Currency.
type moneySet struct {
	ShopMoney struct {
		Amount       number `json:"amount"`
		CurrencyCode string `json:"currency_code"`
	} `json:"shop_money"`
}

// shop returns the shop-money amount of set when it has one, and plain, the
// amount Shopify sends beside the set in the shop's currency, otherwise.
func shop(plain number, set *moneySet) number {
	if set != nil && set.ShopMoney.Amount != "" {
		return set.ShopMoney.Amount
	}
	return plain
}

// number is a JSON number or string kept as its text, such as "19.95",
// for ParseAmount or strconv to read; null is "". Shopify sends amounts as
// strings in most places and as numbers in a few.
type number string

// UnmarshalJSON implements json.Unmarshaler.
func (n *number) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		return nil
	case len(b) > 1 && b[0] == '"' && bytes.IndexByte(b, '\\') < 0:
		// A plain quoted decimal, the usual case, needs only its quotes
		// removed; the decoder has already checked that it is a string.
		*n = number(b[1 : len(b)-1])
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*n = number(s)
	case len(b) > 0 && (b[0] == '-' || '0' <= b[0] && b[0] <= '9'):
		*n = number(b)
	default:
		// encoding/json adds the field's path to this error type.
		return &json.UnmarshalTypeError{Value: jsonKind(b), Type: reflect.TypeFor[number]()}
	}
	return nil
}

// jsonKind names the kind of JSON value b holds, for error messages.
func jsonKind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// tagList is Shopify's comma-separated tag string. A JSON array of strings
// is accepted as well.
type tagList []string

// UnmarshalJSON implements json.Unmarshaler.
func (t *tagList) UnmarshalJSON(b []byte) error {
	var list []string
	if err := json.Unmarshal(b, &list); err == nil {
		*t = trimTags(list)
		return nil
	}
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: jsonKind(b), Type: reflect.TypeFor[tagList]()}
	}
	if s != nil {
		*t = trimTags(strings.Split(*s, ","))
	}
	return nil
}

func trimTags(in []string) []string {
	var out []string
	for _, tag := range in {
		if tag = strings.TrimSpace(tag); tag != "" {
			out = append(out, tag)
		}
	}
	return out
}
