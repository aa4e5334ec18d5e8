package order_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ordo-oms/ordo/order"
)

// The body decodes, as its problems are in its content, not its form:
// Validate reports them and the order is held until the channel corrects it.
func Example() {
	body := `{
	  "order_id": "1001",
	  "currency": "eur",
	  "lines": [{"line_id": "1", "sku": " MUG-1 ", "quantity": 0, "unit_price": 1250}],
	  "customer": {
	    "email": "ann@example",
	    "shipping_address": {"line1": "Damrak 1", "postcode": "1012",
	      "city": "Amsterdam", "country": "nl"}
	  }
	}`
	o, err := order.Decode(strings.NewReader(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(o.Currency, o.Lines[0].SKU, o.Delivery.Country, o.Delivery.Method)
	for _, r := range order.Validate(o) {
		fmt.Printf("%s at %s:\n  %s\n", r.Code, r.Field, r.Message)
	}
	// Output:
	// EUR MUG-1 NL standard
	// bad_quantity at lines[0].quantity:
	//   line "1" has quantity 0; it must be at least 1
	// bad_email at customer.email:
	//   e-mail address "ann@example" is not valid
	// bad_postcode at customer.shipping_address.postcode:
	//   postcode "1012" is not a valid NL postcode; write it as 1234 AB
}

// A body that sets what Ordo decides is refused with the field at fault.
func ExampleDecode_refused() {
	_, err := order.Decode(strings.NewReader(`{"order_id": "1", "status": "shipped"}`))
	var de *order.DecodeError
	if errors.As(err, &de) {
		fmt.Printf("%s at byte %d:\n  %s\n", de.Field, de.Offset, de.Message)
	}
	// Output:
	// status at byte 18:
	//   status is set by Ordo, not by the sender; remove it
}
