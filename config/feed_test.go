package config_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ordo-oms/ordo/config"
)

// withOrderFeed returns the valid configuration with an orders feed of the
// bol channel added as feeds[1].
func withOrderFeed() *config.Config {
	c := validConfig()
	c.Feeds = append(c.Feeds, config.Feed{ID: "bol-orders", Kind: "orders", Channel: "bol",
		SFTP: c.Feeds[0].SFTP})
	return c.WithDefaults()
}

func TestOrderFeedDefaults(t *testing.T) {
	f := withOrderFeed().Feeds[1]
	want := config.OrderColumns{OrderID: "order_id", LineID: "line_id", SKU: "sku",
		Quantity: "quantity", UnitPrice: "unit_price", Currency: "currency",
		PlacedAt: "placed_at", Name: "name", Title: "title", Tax: "tax", Discount: "discount",
		Shipping: "shipping", Total: "total", Email: "email", Phone: "phone",
		FirstName: "first_name", LastName: "last_name", Address1: "address1",
		Address2: "address2", Postcode: "postcode", City: "city", Region: "region",
		Country: "country", Method: "method", Carrier: "carrier", Payment: "payment",
		UpdatedAt: "updated_at"}
	if diff := cmp.Diff(want, f.OrderColumns); diff != "" {
		t.Errorf("order columns (-want +got):\n%s", diff)
	}
	if f.Pool != "" || f.Columns != (config.InventoryColumns{}) || f.Delimiter != "," ||
		f.Pattern != "*.csv" {
		t.Errorf("orders feed = %+v; want the common defaults and no inventory settings", f)
	}
	if inv := withOrderFeed().Feeds[0]; inv.OrderColumns != (config.OrderColumns{}) {
		t.Errorf("inventory feed has order columns %+v", inv.OrderColumns)
	}
	if err := withOrderFeed().Validate(); err != nil {
		t.Errorf("Validate() = %v", err)
	}
}

func TestOrderFeedKeepsTheColumnsSet(t *testing.T) {
	c := validConfig()
	c.Feeds = append(c.Feeds, config.Feed{ID: "bol-orders", Kind: "orders", Channel: "bol",
		OrderColumns: config.OrderColumns{OrderID: "Order number", UnitPrice: "Price"}})
	got := c.WithDefaults().Feeds[1].OrderColumns
	if got.OrderID != "Order number" || got.UnitPrice != "Price" || got.SKU != "sku" {
		t.Errorf("order columns = %+v", got)
	}
}

func TestValidateOrderFeed(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *config.Config)
		field  string
		want   string // in the message
	}{
		{"without channel", func(c *config.Config) { c.Feeds[1].Channel = "" },
			"feeds[1].channel", "an orders feed needs the id of the channel"},
		{"unknown channel", func(c *config.Config) { c.Feeds[1].Channel = "shop-be" },
			"feeds[1].channel", `"shop-be" is not the id of a channel in channels`},
		{"with a location", func(c *config.Config) { c.Feeds[1].Location = "demo" },
			"feeds[1].location", "only inventory feeds take location"},
		{"with a pool", func(c *config.Config) { c.Feeds[1].Pool = "sellable" },
			"feeds[1].pool", "only inventory feeds take pool"},
		{"full", func(c *config.Config) { c.Feeds[1].Full = true },
			"feeds[1].full", "only inventory feeds take full"},
		{"with stock columns", func(c *config.Config) { c.Feeds[1].Columns.SKU = "Article" },
			"feeds[1].columns", "names its columns in order_columns"},
		{"blank column", func(c *config.Config) { c.Feeds[1].OrderColumns.UnitPrice = " " },
			"feeds[1].order_columns.unit_price", "is blank"},
		{"inventory feed with a channel", func(c *config.Config) { c.Feeds[0].Channel = "bol" },
			"feeds[0].channel", "only orders feeds take a channel"},
		{"inventory feed with order columns", func(c *config.Config) {
			c.Feeds[0].OrderColumns.SKU = "EAN"
		}, "feeds[0].order_columns", "only orders feeds take order_columns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := withOrderFeed()
			tt.change(c)
			ps := problems(t, c.Validate())
			if len(ps) != 1 || ps[0].Field != tt.field ||
				!strings.Contains(ps[0].Message, tt.want) {
				t.Errorf("Validate() = %v\nwant one problem with %s: ...%s...", ps, tt.field,
					tt.want)
			}
		})
	}
}

func TestLoadPlacesAnOrderFeedProblem(t *testing.T) {
	clearOverrides(t)
	_, err := config.Load("testdata/order-feed.yaml")
	const f = "testdata/order-feed.yaml:"
	wantError(t, err, strings.Join([]string{
		f + `13:14: feeds[0].channel: "shop-be" is not the id of a channel in channels`,
		f + `14:15: feeds[0].location: only inventory feeds take location`,
		f + `17:12: feeds[0].order_columns.sku: is blank; name the column, or leave the ` +
			`setting out for the default, sku`,
	}, "\n"))
}
