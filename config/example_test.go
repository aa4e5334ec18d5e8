package config_test

import (
	"fmt"

	"github.com/ordo-oms/ordo/config"
)

func ExampleLoad() {
	// The channel's secret comes from testdata/secrets/shop-nl through
	// ${file:secrets/shop-nl}; what the file leaves out takes its default.
	c, err := config.Load("testdata/minimal.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.HTTP.Addr, c.Database.URL, c.Ingest.DedupRetention)

	ch, ok := c.ChannelByDomain("example-nl.myshopify.com")
	fmt.Println(ch.ID, ok, ch.Mode, ch.Secret)
	// Output:
	// 127.0.0.1:9090 sqlite://ordo.db 168h
	// shop-nl true shadow [redacted]
}

func ExampleError() {
	_, err := config.Load("testdata/typo.yaml")
	fmt.Println(err)
	// Output:
	// testdata/typo.yaml:7:11: channels[1].kind: "shopfy" is not one of shopify, bol, amazon, square, pos
}

func ExampleParseDatabaseURL() {
	for _, u := range []string{"sqlite://ordo.db", "sqlite:///var/lib/ordo/ordo.db",
		"postgres://ordo@db:5432/ordo", "sqlite://:memory:"} {
		kind, dsn, err := config.ParseDatabaseURL(u)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(kind, dsn)
	}
	// Output:
	// sqlite ordo.db
	// sqlite /var/lib/ordo/ordo.db
	// postgres postgres://ordo@db:5432/ordo
	// config: database url: in-memory SQLite is not supported: the server and the job workers need one shared database file
}
