package rules

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/expr-lang/expr/vm"
)

// TestFastMatchesMachine holds the conditions compiled to Go to the
// answers of the expr machine, for every shape they handle, in several
// environments.
func TestFastMatchesMachine(t *testing.T) {
	conditions := []string{
		`true`, `false`, `!true`,
		`order.country == "BE"`, `order.country != "BE"`, `"BE" == order.country`,
		`order.country < "C"`, `order.country <= "BE"`, `order.country > "BE"`,
		`order.country >= "NL"`, `order.channel == order.country`,
		`order.country in ["BE", "LU"]`, `order.country not in ["BE", "LU"]`,
		`"vip" in order.tags`, `"vip" not in order.tags`, `order.method in location.methods`,
		`"hazardous" in order.line_tags`, `"hazmat" in location.tags`,
		`"postnl" in location.carriers`, `line.sku in ["A-1", "B-2"]`,
		`line.sku startsWith "HAZ"`, `line.sku endsWith "-XL"`, `line.sku contains "-"`,
		`order.total > 50`, `order.total >= 58.35`, `order.total < 100.5`,
		`order.total == 58.35`, `order.total != 0`, `order.total <= 58`,
		`line.qty > 5`, `line.qty >= 6`, `line.qty == 6`, `line.qty != 6`, `line.qty < 5.5`,
		`line.qty <= 2`, `5 < line.qty`, `line.unit_price > 19`, `line.unit_price == 19.95`,
		`order.units > 10`, `order.weight_g <= 2000`, `line.weight_g > line.unit_weight_g`,
		`line.unit_weight_g == 0`, `order.total > line.unit_price`,
		`order.country == "BE" && line.qty > 5`, `order.country == "BE" || line.qty > 5`,
		`order.country == "NL" and not ("vip" in order.tags)`,
		`!(location.kind == "store") or order.priority == "urgent"`,
		`location.id == "dc-1" || location.country == order.country`,
		`order.payment == "paid" && order.currency == "EUR" && order.carrier != "any"`,
		`order.region == "" && order.postcode startsWith "10"`,
		`line.kind == "component" || line.variant == "v2" || line.id == "1"`,
	}
	envs := []Env{
		{},
		{Order: OrderFacts{Country: "BE", Channel: "BE", Method: "express", Total: 58.35,
			Tags: []string{"vip"}, LineTags: []string{"hazardous"}, Units: 11,
			WeightG: 2000, Payment: "paid", Currency: "EUR", Carrier: "postnl",
			Postcode: "1012", Priority: "urgent", PlacedAt: time.Unix(0, 0)},
			Line: LineFacts{ID: "1", SKU: "HAZ-XL", Qty: 6, UnitPrice: 19.95, WeightG: 4800,
				UnitWeightG: 800, Kind: "component", Tags: []string{"hazardous"}},
			Location: LocationFacts{ID: "dc-1", Kind: "store", Country: "NL",
				Tags: []string{"hazmat"}, Methods: []string{"express"},
				Carriers: []string{"postnl"}}},
		{Order: OrderFacts{Country: "NL", Channel: "shop", Method: "standard", Total: 100.5,
			Region: "NH", Units: 3, WeightG: 2001},
			Line:     LineFacts{ID: "2", SKU: "A-1", Qty: 2, UnitPrice: 150, Variant: "v2"},
			Location: LocationFacts{ID: "dc-2", Kind: "warehouse", Country: "NL"}},
	}
	var m vm.VM
	for _, src := range conditions {
		x, err := compileExpr(src, asBool, VarOrder|VarLine|VarLocation)
		if err != nil {
			t.Fatalf("%s: %s", src, err.msg)
		}
		if x.fast == nil {
			t.Errorf("%s: not compiled to Go", src)
			continue
		}
		for i := range envs {
			want, err := m.Run(x.program, &envs[i])
			if err != nil {
				t.Fatalf("%s: %v", src, err)
			}
			if got := x.fast(&envs[i]); got != want {
				t.Errorf("%s in environment %d: Go gives %v, expr gives %v", src, i, got, want)
			}
		}
	}
}

// TestFastLeavesTheRest checks that shapes the Go compiler does not handle
// are left to the machine rather than answered wrongly.
func TestFastLeavesTheRest(t *testing.T) {
	for _, src := range []string{
		`any(order.lines, .qty > 5)`, `len(order.tags) > 1`, `order.placed_at.Hour() < 12`,
		`order.country matches "^B"`, `(order.total > 5 ? "a" : "b") == "a"`,
		`order.tags[0] == "vip"`, `line.qty % 2 == 0`,
	} {
		x, err := compileExpr(src, asBool, VarOrder|VarLine|VarLocation)
		if err != nil {
			t.Fatalf("%s: %s", src, err.msg)
		}
		if x.fast != nil {
			t.Errorf("%s: compiled to Go, but the Go compiler does not handle it", src)
		}
	}
}

// TestFastFields checks that the Go compiler reads every field of Env that
// it knows by the right name, and knows every field of a type it handles.
func TestFastFields(t *testing.T) {
	var env Env
	ev := reflect.ValueOf(&env).Elem()
	n := 0
	want := map[string]any{}
	for v := range ev.NumField() {
		facts := ev.Field(v)
		prefix := ev.Type().Field(v).Tag.Get("expr")
		for f := range facts.NumField() {
			name := prefix + "." + facts.Type().Field(f).Tag.Get("expr")
			field := facts.Field(f)
			n++
			switch field.Kind() {
			case reflect.String:
				field.SetString(fmt.Sprint("value ", n))
			case reflect.Int64:
				field.SetInt(int64(n))
			case reflect.Float64:
				field.SetFloat(float64(n) + 0.5)
			case reflect.Slice:
				if field.Type().Elem().Kind() != reflect.String {
					continue
				}
				field.Set(reflect.ValueOf([]string{fmt.Sprint("tag ", n)}))
			default:
				continue
			}
			want[name] = field.Interface()
		}
	}
	for name, value := range want {
		var got any
		switch {
		case strFields[name] != nil:
			got = strFields[name](&env)
		case intFields[name] != nil:
			got = intFields[name](&env)
		case floatFields[name] != nil:
			got = floatFields[name](&env)
		case listFields[name] != nil:
			got = listFields[name](&env)
		default:
			t.Errorf("%s is not known to the Go compiler", name)
			continue
		}
		if !reflect.DeepEqual(got, value) {
			t.Errorf("%s reads %v, want %v", name, got, value)
		}
	}
	if known := len(strFields) + len(intFields) + len(floatFields) + len(listFields); known !=
		len(want) {
		t.Errorf("the Go compiler knows %d fields, Env has %d of its types", known, len(want))
	}
}
