package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/config"
)

func TestLoadReportsEveryProblemWithItsPlace(t *testing.T) {
	clearOverrides(t)
	_, err := config.Load("testdata/invalid.yaml")
	const f = "testdata/invalid.yaml:"
	wantError(t, err, strings.Join([]string{
		f + `2:9: http.addr: "localhost" is not host:port, such as 127.0.0.1:8080`,
		f + `3:19: http.max_body_bytes: is -1; must be more than 0`,
		f + `4:17: http.read_timeout: is -5s; must be more than 0`,
		f + `6:8: database.url: in-memory SQLite is not supported: ` +
			`the server and the job workers need one shared database file`,
		f + `7:16: database.commit_wait: is -1s; must be 0 or more`,
		f + `9:20: ingest.dedup_retention: is 24h; must be at least 168h (7 days): ` +
			`a key forgotten sooner lets a late redelivery or retry through twice`,
		f + `11:10: log.level: "verbose" is not one of debug, info, warn, error`,
		f + `12:11: log.format: "xml" is not one of json, text`,
		// A missing setting is placed at the item that lacks it.
		f + `14:5: channels[0].secret: missing; a shopify channel needs the key ` +
			`its webhooks are signed with`,
		f + `16:18: channels[0].shop_domain: "https://example-nl.myshopify.com" ` +
			`must be a bare domain such as example.myshopify.com`,
		f + `17:9: channels[1].id: "Shop_BE" may hold only lower-case letters, ` +
			`digits and hyphens`,
		f + `18:11: channels[1].kind: "shopfy" is not one of shopify, bol, amazon, ` +
			`square, pos`,
		f + `19:5: channels[2].api.client_id: missing; a bol channel needs the client id ` +
			`of its bol API credentials`,
		f + `19:5: channels[2].api.client_secret: missing; a bol channel needs the secret ` +
			`of its bol API credentials`,
		f + `19:9: channels[2].id: "shop-nl" is also the id of channels[0]`,
		f + `21:18: channels[2].shop_domain: only shopify channels take a shop_domain`,
		f + `23:5: locations[0].rest: missing; the rest connector needs rest.url`,
		f + `25:9: locations[1].id: "dc" is also the id of locations[0]`,
		f + `26:16: locations[1].connector: "ftp" is not one of rest, sftp, simulated`,
		f + `27:11: locations[1].mode: "sometimes" is not one of shadow, active`,
	}, "\n"))
}

func TestLoadPlacesAnUnknownKindAsInTheDesign(t *testing.T) {
	clearOverrides(t)
	_, err := config.Load("testdata/typo.yaml")
	wantError(t, err, `testdata/typo.yaml:7:11: channels[1].kind: "shopfy" is not one `+
		`of shopify, bol, amazon, square, pos`)
}

// validConfig returns a configuration that passes Validate and uses every
// kind of section, for tests to break one setting of.
func validConfig() *config.Config {
	c := &config.Config{
		Channels: []config.Channel{
			{ID: "shop-nl", Kind: "shopify", ShopDomain: "example-nl.myshopify.com",
				Secret: "s"},
			{ID: "bol", Kind: "bol",
				API: config.ChannelAPI{ClientID: "c", ClientSecret: "s"}},
		},
		Locations: []config.Location{
			{ID: "dc-utrecht", Connector: "rest",
				REST: config.REST{URL: "https://wms.example.com/api"}},
			{ID: "3pl", Connector: "sftp",
				SFTP: config.SFTP{Addr: "sftp.example.com:22", User: "ordo", Password: "p",
					HostKey: "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"}},
			{ID: "demo", Connector: "simulated"},
		},
		Feeds: []config.Feed{{ID: "erp-stock", Kind: "inventory", Location: "demo",
			SFTP: config.SFTP{Addr: "sftp.example.com:22", User: "ordo", Password: "p",
				HostKey: "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"}}},
	}
	return c.WithDefaults()
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *config.Config)
		field  string
		want   string // in the message
	}{
		{"addr without port", func(c *config.Config) { c.HTTP.Addr = "localhost" },
			"http.addr", "is not host:port"},
		{"addr with named port", func(c *config.Config) { c.HTTP.Addr = ":http" },
			"http.addr", "no port number"},
		{"addr with port out of range", func(c *config.Config) { c.HTTP.Addr = ":70000" },
			"http.addr", "no port number"},
		{"body limit not positive", func(c *config.Config) { c.HTTP.MaxBodyBytes = -1 },
			"http.max_body_bytes", "must be more than 0"},
		{"read timeout negative", func(c *config.Config) { c.HTTP.ReadTimeout = -1 },
			"http.read_timeout", "must be more than 0"},
		{"write timeout negative", func(c *config.Config) { c.HTTP.WriteTimeout = -1 },
			"http.write_timeout", "must be more than 0"},
		{"shutdown timeout negative", func(c *config.Config) { c.HTTP.ShutdownTimeout = -1 },
			"http.shutdown_timeout", "must be more than 0"},
		{"database scheme unknown", func(c *config.Config) { c.Database.URL = "mysql://db/x" },
			"database.url", `scheme "mysql" is not one of sqlite, postgres, postgresql`},
		{"database url without scheme", func(c *config.Config) { c.Database.URL = "ordo.db" },
			"database.url", "must be sqlite://PATH"},
		{"in-memory sqlite", func(c *config.Config) { c.Database.URL = "sqlite://:memory:" },
			"database.url", "one shared database file"},
		{"pool size not positive", func(c *config.Config) { c.Database.MaxOpenConns = -1 },
			"database.max_open_conns", "must be at least 1"},
		{"commit batch not positive", func(c *config.Config) { c.Database.CommitBatch = -1 },
			"database.commit_batch", "must be at least 1"},
		{"commit wait negative", func(c *config.Config) { c.Database.CommitWait = -1 },
			"database.commit_wait", "must be 0 or more"},
		{"busy timeout negative", func(c *config.Config) { c.Database.BusyTimeout = -1 },
			"database.busy_timeout", "must be more than 0"},
		{"dedup retention under 7 days", func(c *config.Config) {
			c.Ingest.DedupRetention = config.Duration(167 * time.Hour)
		}, "ingest.dedup_retention", "is 167h; must be at least 168h"},
		{"dedup retention negative", func(c *config.Config) { c.Ingest.DedupRetention = -1 },
			"ingest.dedup_retention", "must be more than 0"},
		{"workers not positive", func(c *config.Config) { c.Jobs.Workers = -1 },
			"jobs.workers", "must be at least 1"},
		{"attempts not positive", func(c *config.Config) { c.Jobs.MaxAttempts = -1 },
			"jobs.max_attempts", "must be at least 1"},
		{"poll interval negative", func(c *config.Config) { c.Jobs.PollInterval = -1 },
			"jobs.poll_interval", "must be at least 1ms"},
		{"poll interval under a millisecond", func(c *config.Config) {
			c.Jobs.PollInterval = config.Duration(500 * time.Microsecond)
		}, "jobs.poll_interval", "must be at least 1ms"},
		{"too many workers", func(c *config.Config) { c.Jobs.Workers = 10001 },
			"jobs.workers", "at most 10000"},
		{"log level unknown", func(c *config.Config) { c.Log.Level = "trace" },
			"log.level", `"trace" is not one of debug, info, warn, error`},
		{"log format unknown", func(c *config.Config) { c.Log.Format = "xml" },
			"log.format", `"xml" is not one of json, text`},
		{"channel id empty", func(c *config.Config) { c.Channels[1].ID = "" },
			"channels[1].id", "missing; every channel needs an id"},
		{"channel id with capitals", func(c *config.Config) { c.Channels[1].ID = "Bol" },
			"channels[1].id", "only lower-case letters, digits and hyphens"},
		{"channel id twice", func(c *config.Config) { c.Channels[1].ID = "shop-nl" },
			"channels[1].id", `"shop-nl" is also the id of channels[0]`},
		{"channel kind empty", func(c *config.Config) { c.Channels[1].Kind = "" },
			"channels[1].kind", "missing; must be one of shopify, bol"},
		{"channel kind unknown", func(c *config.Config) { c.Channels[1].Kind = "etsy" },
			"channels[1].kind", `"etsy" is not one of`},
		{"shopify without domain", func(c *config.Config) { c.Channels[0].ShopDomain = "" },
			"channels[0].shop_domain", "needs its myshopify.com domain"},
		{"shopify domain with scheme", func(c *config.Config) {
			c.Channels[0].ShopDomain = "https://example-nl.myshopify.com"
		}, "channels[0].shop_domain", "must be a bare domain"},
		{"shopify domain not myshopify", func(c *config.Config) {
			c.Channels[0].ShopDomain = "shop.example.nl"
		}, "channels[0].shop_domain", "is not a myshopify.com domain"},
		{"shopify domain twice", func(c *config.Config) {
			c.Channels[1] = c.Channels[0]
			c.Channels[1].ID = "shop-nl-2"
			c.Channels[1].ShopDomain = "EXAMPLE-NL.myshopify.com"
		}, "channels[1].shop_domain", "is also the shop_domain of channels[0]"},
		{"shopify without secret", func(c *config.Config) { c.Channels[0].Secret = "" },
			"channels[0].secret", "a shopify channel needs the key"},
		{"square without secret", func(c *config.Config) {
			c.Channels[1].Kind = "square"
			c.Channels[1].AccessToken = "t"
			c.Channels[1].API.NotificationURL = "https://ordo.example.com/webhooks/pos/square"
			c.Channels[1].API.LocationIDs = []string{"L1"}
		},
			"channels[1].secret", "a square channel needs the key"},
		{"pos without secret", func(c *config.Config) { c.Channels[1].Kind = "pos" },
			"channels[1].secret", "a pos channel needs the key"},
		{"domain on another kind", func(c *config.Config) {
			c.Channels[1].ShopDomain = "x.myshopify.com"
		}, "channels[1].shop_domain", "only shopify channels take a shop_domain"},
		{"channel mode unknown", func(c *config.Config) { c.Channels[0].Mode = "live" },
			"channels[0].mode", `"live" is not one of shadow, active`},
		{"channel time zone unknown", func(c *config.Config) { c.Channels[0].TimeZone = "CEST" },
			"channels[0].time_zone", "is not an IANA time zone"},
		{"channel time zone local", func(c *config.Config) { c.Channels[0].TimeZone = "Local" },
			"channels[0].time_zone", "is not an IANA time zone"},
		{"location id empty", func(c *config.Config) { c.Locations[2].ID = "" },
			"locations[2].id", "missing; every location needs an id"},
		{"location id with space", func(c *config.Config) { c.Locations[2].ID = "dc 1" },
			"locations[2].id", "only lower-case letters, digits and hyphens"},
		{"location id twice", func(c *config.Config) { c.Locations[2].ID = "3pl" },
			"locations[2].id", `"3pl" is also the id of locations[1]`},
		{"connector unknown", func(c *config.Config) { c.Locations[2].Connector = "ftp" },
			"locations[2].connector", `"ftp" is not one of rest, sftp, simulated`},
		{"rest without settings", func(c *config.Config) { c.Locations[0].REST = config.REST{} },
			"locations[0].rest", "the rest connector needs rest.url"},
		{"rest without url", func(c *config.Config) {
			c.Locations[0].REST = config.REST{Token: "t"}
		},
			"locations[0].rest.url", "needs the API's base URL"},
		{"rest url not http", func(c *config.Config) {
			c.Locations[0].REST.URL = "ftp://user:hunter2@wms.example.com"
		}, "locations[0].rest.url", "ftp://user:xxxxx@wms.example.com is not an http"},
		{"rest settings on another connector", func(c *config.Config) {
			c.Locations[2].REST = config.REST{URL: "https://x.example"}
		}, "locations[2].rest", "only the rest connector takes rest settings"},
		{"sftp without settings", func(c *config.Config) { c.Locations[1].SFTP = config.SFTP{} },
			"locations[1].sftp", "needs sftp.addr and sftp.user"},
		{"sftp addr without port", func(c *config.Config) { c.Locations[1].SFTP.Addr = "sftp" },
			"locations[1].sftp.addr", "is not host:port"},
		{"sftp addr without host", func(c *config.Config) { c.Locations[1].SFTP.Addr = ":22" },
			"locations[1].sftp.addr", `":22" has no host`},
		{"sftp without user", func(c *config.Config) { c.Locations[1].SFTP.User = "" },
			"locations[1].sftp.user", "needs a user name"},
		{"sftp without credentials", func(c *config.Config) { c.Locations[1].SFTP.Password = "" },
			"locations[1].sftp", "needs a password or a private_key"},
		{"sftp settings on another connector", func(c *config.Config) {
			c.Locations[2].SFTP = config.SFTP{Dir: "/in"}
		}, "locations[2].sftp", "only the sftp connector takes sftp settings"},
		{"location mode unknown", func(c *config.Config) { c.Locations[0].Mode = "on" },
			"locations[0].mode", `"on" is not one of shadow, active`},
		{"sftp without host key", func(c *config.Config) { c.Locations[1].SFTP.HostKey = "" },
			"locations[1].sftp.host_key", "Ordo never sends files to a server posing"},
		{"feed kind unknown", func(c *config.Config) { c.Feeds[0].Kind = "prices" },
			"feeds[0].kind", `"prices" is not one of inventory, orders`},
		{"feed without location", func(c *config.Config) { c.Feeds[0].Location = "" },
			"feeds[0].location", "or the file's location column"},
		{"feed pattern malformed", func(c *config.Config) { c.Feeds[0].Pattern = "[" },
			"feeds[0].pattern", "is not a file name pattern"},
		{"feed pool unknown", func(c *config.Config) { c.Feeds[0].Pool = "damaged" },
			"feeds[0].pool", `"damaged" is not one of sellable, b_grade, quarantine`},
		{"feed delimiter too long", func(c *config.Config) { c.Feeds[0].Delimiter = ";;" },
			"feeds[0].delimiter", "must be one character"},
		{"feed sftp without user", func(c *config.Config) { c.Feeds[0].SFTP.User = "" },
			"feeds[0].sftp.user", "needs a user name"},
		{"rest token and oauth2", func(c *config.Config) {
			c.Locations[0].REST.Token = "t"
			c.Locations[0].REST.ClientID = "ordo"
		}, "locations[0].rest", "a token or OAuth2 client credentials, not both"},
		{"rest oauth2 incomplete", func(c *config.Config) {
			c.Locations[0].REST.Token = ""
			c.Locations[0].REST.ClientID = "ordo"
		}, "locations[0].rest", "needs token_url, client_id and client_secret"},
		{"status code twice", func(c *config.Config) {
			c.Locations[0].Statuses = []config.StatusCode{{Code: "OK", Status: "picked"},
				{Code: "OK", Status: "packed"}}
		}, "locations[0].statuses[1].code", `"OK" is mapped twice`},
		{"status unknown to ordo", func(c *config.Config) {
			c.Locations[0].Statuses = []config.StatusCode{{Code: "OK", Status: "gone"}}
		}, "locations[0].statuses[0].status", `"gone"`},
		{"failure rate of one", func(c *config.Config) { c.Locations[2].Simulated.FailureRate = 1 },
			"locations[2].simulated.failure_rate", "must be from 0 to below 1"},
		{"backoff past its limit", func(c *config.Config) {
			c.Locations[0].Backoff = config.Duration(time.Hour)
		}, "locations[0].backoff", "longer than max_backoff"},
		{"files on a rest location", func(c *config.Config) {
			c.Locations[0].Files.Picks = "out"
		}, "locations[0].files", "only the sftp connector takes files settings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validConfig()
			tt.change(c)
			err := c.Validate()
			if err == nil {
				t.Fatal("Validate() = nil, want a problem")
			}
			ps := problems(t, err)
			if len(ps) != 1 || ps[0].Field != tt.field ||
				!strings.Contains(ps[0].Message, tt.want) {
				t.Errorf("Validate() = %q\nwant one problem with %s: ...%s...",
					err, tt.field, tt.want)
			}
			if ps[0].Line != 0 {
				t.Errorf("problem placed at line %d in no file", ps[0].Line)
			}
		})
	}
}

func TestValidateAcceptsTheValidConfig(t *testing.T) {
	if err := validConfig().Validate(); err != nil {
		t.Fatal(err)
	}
	if err := config.Default().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateAcceptsPortZeroAndEveryInterface(t *testing.T) {
	for _, addr := range []string{":0", ":8080", "[::1]:8080", "0.0.0.0:80"} {
		c := config.Default()
		c.HTTP.Addr = addr
		if err := c.Validate(); err != nil {
			t.Errorf("addr %q: %v", addr, err)
		}
	}
}

func TestValidateNeverPrintsSecrets(t *testing.T) {
	c := validConfig()
	c.Database.URL = "postgres://ordo:hunter2@db:x/ordo"
	c.Locations[0].REST.URL = "gopher://u:hunter2@x"
	c.Channels[0].Secret = "hunter2"
	c.Channels[0].ShopDomain = "" // a problem next to the secret
	err := c.Validate()
	if err == nil || len(problems(t, err)) != 3 || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("Validate() = %v", err)
	}
}
