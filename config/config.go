// Package config loads Ordo's configuration: one YAML file, with secrets
// taken from the environment or from files, defaults for everything a
// single-machine setup needs, and a validation that reports every problem at
// once with its place in the file.
//
// The zero Config is not usable; Default gives a working embedded setup and
// WithDefaults fills in whatever a Config leaves out.
package config

import (
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Config is the whole of Ordo's configuration. Its YAML form is described,
// setting by setting, in ordo.example.yaml at the root of the repository.
type Config struct {
	// HTTP configures the one listener for webhooks, the API and the
	// management interface.
	HTTP HTTP `yaml:"http" json:"http"`

	// Database configures the database that holds events, projections and
	// jobs.
	Database Database `yaml:"database" json:"database"`

	// Ingest configures how inbound webhooks and API requests are taken in.
	Ingest Ingest `yaml:"ingest" json:"ingest"`

	// Jobs configures the durable job queue that runs outbound work.
	Jobs Jobs `yaml:"jobs" json:"jobs"`

	// Log configures structured logging.
	Log Log `yaml:"log" json:"log"`

	// Channels lists the sales channels orders come from.
	Channels []Channel `yaml:"channels" json:"channels"`

	// Locations lists the warehouses and 3PLs orders are fulfilled from.
	Locations []Location `yaml:"locations" json:"locations"`

	// Feeds lists the files parties without an API drop for Ordo to take
	// in, such as stock levels from an ERP.
	Feeds []Feed `yaml:"feeds" json:"feeds"`

	// Rules is the path of the rule set file. Load makes a relative path
	// relative to the directory of the configuration file. Empty means no
	// rule set is loaded.
	Rules string `yaml:"rules" json:"rules"`
}

// HTTP configures the HTTP listener.
type HTTP struct {
	// Addr is the host:port to listen on. The default is 127.0.0.1:8080;
	// ":8080" listens on every interface and port 0 picks a free port.
	// ORDO_HTTP_ADDR overrides it.
	Addr string `yaml:"addr" json:"addr"`

	// MaxBodyBytes limits the size of a webhook or API request body. The
	// default is 5 MiB.
	MaxBodyBytes int64 `yaml:"max_body_bytes" json:"max_body_bytes"`

	// ReadTimeout bounds reading a whole request. The default is 10s.
	ReadTimeout Duration `yaml:"read_timeout" json:"read_timeout"`

	// WriteTimeout bounds writing a response. The default is 30s.
	WriteTimeout Duration `yaml:"write_timeout" json:"write_timeout"`

	// ShutdownTimeout bounds how long in-flight requests may finish after
	// a shutdown is asked for. The default is 15s.
	ShutdownTimeout Duration `yaml:"shutdown_timeout" json:"shutdown_timeout"`
}

// Database configures the database.
type Database struct {
	// URL says which database to use: sqlite://PATH for the embedded
	// database or postgres://user@host:5432/db for PostgreSQL. A relative
	// SQLite path is relative to the working directory. The default is
	// sqlite://ordo.db. ORDO_DATABASE_URL overrides it. See
	// ParseDatabaseURL.
	URL URL `yaml:"url" json:"url"`

	// MaxOpenConns is the PostgreSQL connection pool size. SQLite writes
	// always use one connection. The default is 16.
	MaxOpenConns int `yaml:"max_open_conns" json:"max_open_conns"`

	// CommitBatch is the most ingest requests group commit puts in one
	// transaction. The default is 256.
	CommitBatch int `yaml:"commit_batch" json:"commit_batch"`

	// CommitWait is how long a commit may wait for more requests to fill
	// its batch. The default, 0, never waits: a batch holds whatever
	// arrived while the previous commit ran.
	CommitWait Duration `yaml:"commit_wait" json:"commit_wait"`

	// BusyTimeout is how long SQLite waits for a lock before it fails. It
	// does not apply to PostgreSQL. The default is 5s.
	BusyTimeout Duration `yaml:"busy_timeout" json:"busy_timeout"`
}

// Ingest configures the intake of webhooks and API requests.
type Ingest struct {
	// DedupRetention is how long webhook event ids and Idempotency-Key
	// values are kept to recognise a duplicate. It must be at least 168h
	// (7 days), which is also the default.
	DedupRetention Duration `yaml:"dedup_retention" json:"dedup_retention"`
}

// Jobs configures the job queue.
type Jobs struct {
	// Workers is how many jobs run at once on this node. The default is
	// 16.
	Workers int `yaml:"workers" json:"workers"`

	// MaxAttempts is how often a job is tried before it is dead-lettered.
	// The default is 10.
	MaxAttempts int `yaml:"max_attempts" json:"max_attempts"`

	// PollInterval is how often an idle worker looks for new jobs. The
	// default is 50ms.
	PollInterval Duration `yaml:"poll_interval" json:"poll_interval"`

	// Timeout bounds one run of a job. The default is 1m.
	Timeout Duration `yaml:"timeout" json:"timeout"`

	// RescueAfter is how long a job may stay running before it is taken
	// to have died with its node and is run again, as after a crash. It is
	// at least Timeout. The default is 5m.
	RescueAfter Duration `yaml:"rescue_after" json:"rescue_after"`
}

// Log configures logging.
type Log struct {
	// Level is the least severe level logged: debug, info, warn or error.
	// The default is info.
	Level string `yaml:"level" json:"level"`

	// Format is json or text. The default is json.
	Format string `yaml:"format" json:"format"`
}

// Channel configures one sales channel.
type Channel struct {
	// ID names the channel; the operator chooses it. It is made of
	// lower-case letters, digits and hyphens, and is unique.
	ID string `yaml:"id" json:"id"`

	// Kind is the kind of channel: shopify, bol, amazon, square or pos.
	Kind string `yaml:"kind" json:"kind"`

	// ShopDomain is the shop's myshopify.com domain, as Shopify sends it in
	// X-Shopify-Shop-Domain. Shopify channels need it; others take none.
	ShopDomain string `yaml:"shop_domain" json:"shop_domain,omitempty"`

	// Secret is the key the channel signs its webhooks with. Shopify,
	// Square and POS channels need it.
	Secret Secret `yaml:"secret" json:"secret"`

	// AccessToken authenticates Ordo's calls to the channel, such as status
	// and tracking updates and refunds.
	AccessToken Secret `yaml:"access_token" json:"access_token"`

	// Mode is shadow or active. In shadow mode, outbound calls to the
	// channel are decided and recorded but not sent. The default is
	// shadow.
	Mode string `yaml:"mode" json:"mode"`

	// ReleasePayment is the payment an order of this channel needs before
	// it goes to a warehouse: authorized (authorized or paid) or paid. The
	// default is authorized.
	ReleasePayment string `yaml:"release_payment" json:"release_payment"`

	// TimeZone is the IANA time zone of the channel's return windows and
	// reports, such as Europe/Amsterdam. The default is UTC.
	TimeZone string `yaml:"time_zone" json:"time_zone"`

	// API is how Ordo calls the channel's API: to read orders that a
	// notification names, to poll for what notifications missed, and to
	// confirm shipments. A pos channel has no API and takes none.
	API ChannelAPI `yaml:"api" json:"api"`

	// Poll is how often Ordo asks the channel's API for orders changed
	// since the last it saw, so that an outage of any length loses
	// nothing. The default is 5m; 0s turns polling off.
	Poll *Duration `yaml:"poll" json:"poll"`
}

// ChannelAPI says where a channel's API is and how Ordo logs in to it.
// Which fields a channel needs depends on its kind.
type ChannelAPI struct {
	// BaseURL is the API's address. The default is the party's production
	// API: https://api.bol.com, https://sellingpartnerapi-eu.amazon.com,
	// https://connect.squareup.com, or the shop's own for Shopify.
	BaseURL string `yaml:"base_url" json:"base_url,omitempty"`

	// TokenURL is where OAuth2 tokens come from (bol and Amazon). The
	// default is https://login.bol.com/token or
	// https://api.amazon.com/auth/o2/token.
	TokenURL string `yaml:"token_url" json:"token_url,omitempty"`

	// ClientID and ClientSecret are the OAuth2 client's credentials (bol's
	// API client, Amazon's Login with Amazon application).
	ClientID     string `yaml:"client_id" json:"client_id,omitempty"`
	ClientSecret Secret `yaml:"client_secret" json:"client_secret"`

	// RefreshToken is the selling partner's authorisation of Ordo's
	// application (Amazon).
	RefreshToken Secret `yaml:"refresh_token" json:"refresh_token"`

	// MarketplaceIDs are the Amazon marketplaces whose orders Ordo reads,
	// such as A1805IZSGTT6HS for amazon.nl.
	MarketplaceIDs []string `yaml:"marketplace_ids" json:"marketplace_ids,omitempty"`

	// LocationIDs are the Square locations whose orders Ordo reads.
	LocationIDs []string `yaml:"location_ids" json:"location_ids,omitempty"`

	// NotificationURL is the address of Ordo's webhook exactly as Square
	// has it in the subscription; Square signs it with the body.
	NotificationURL string `yaml:"notification_url" json:"notification_url,omitempty"`

	// APIKey is the key that Amazon's EventBridge API destination sends in
	// APIKeyHeader with each notification.
	APIKey Secret `yaml:"api_key" json:"api_key"`

	// APIKeyHeader is the header APIKey arrives in. The default is
	// x-api-key.
	APIKeyHeader string `yaml:"api_key_header" json:"api_key_header,omitempty"`

	// Timeout bounds one call to the API. The default is 30s.
	Timeout Duration `yaml:"timeout" json:"timeout"`
}

// Location configures one warehouse or 3PL.
type Location struct {
	// ID names the location; the operator chooses it, and it appears in
	// /webhooks/wms/{id}. It is made of lower-case letters, digits and
	// hyphens, and is unique.
	ID string `yaml:"id" json:"id"`

	// Connector is how Ordo talks to the location: rest, sftp or
	// simulated.
	Connector string `yaml:"connector" json:"connector"`

	// Mode is shadow or active. In shadow mode, instructions to the
	// location are decided and recorded but not sent. The default is
	// shadow.
	Mode string `yaml:"mode" json:"mode"`

	// Secret is the key the location signs its status callbacks with.
	Secret Secret `yaml:"secret" json:"secret"`

	// REST configures the rest connector, which needs it. It is a value,
	// not a pointer, since fmt prints the fields behind a pointer without
	// their String methods in some cases, which would show its secret.
	REST REST `yaml:"rest,omitempty" json:"rest,omitzero"`

	// SFTP configures the sftp connector, which needs it.
	SFTP SFTP `yaml:"sftp,omitempty" json:"sftp,omitzero"`

	// Simulated configures the simulated connector.
	Simulated Simulated `yaml:"simulated,omitempty" json:"simulated,omitzero"`

	// ReleaseWindow is the time of day, in the location's time zone from
	// the rule set, within which fulfilment orders are released to it, as
	// "06:00-22:00"; a window may run past midnight. The default is
	// always open.
	ReleaseWindow string `yaml:"release_window" json:"release_window,omitempty"`

	// Files configures the pick and status files of the sftp connector.
	Files Files `yaml:"files,omitempty" json:"files,omitzero"`

	// MaxAttempts is how often an instruction is sent before it is
	// dead-lettered. The default is 10.
	MaxAttempts int `yaml:"max_attempts" json:"max_attempts"`

	// Backoff is the wait before the first retry of an instruction; each
	// retry waits twice as long as the one before, with jitter, up to
	// MaxBackoff. The defaults are 1s and 10m.
	Backoff    Duration `yaml:"backoff" json:"backoff"`
	MaxBackoff Duration `yaml:"max_backoff" json:"max_backoff"`

	// Breaker stops sending to a location that keeps failing, so that its
	// outage slows no other location.
	Breaker Breaker `yaml:"breaker" json:"breaker"`

	// Statuses maps the location's own status codes onto Ordo's: released,
	// picked, packed, shipped, cancelled, and too_late for a cancel that came
	// after the parcel left. A code not listed is refused and shown to the
	// operator. The default maps Ordo's own names to
	// themselves.
	Statuses []StatusCode `yaml:"statuses" json:"statuses"`
}

// Breaker configures a location's circuit breaker: after Failures
// failed sends in a row, nothing is sent for Cooldown; then one send
// tries whether the location is back.
type Breaker struct {
	// Failures is how many failed sends in a row open the breaker. The
	// default is 5.
	Failures int `yaml:"failures" json:"failures"`
	// Cooldown is how long it stays open. The default is 30s.
	Cooldown Duration `yaml:"cooldown" json:"cooldown"`
}

// Files configures the files the sftp connector exchanges: a pick file
// per release batch written to Picks, and the status files the location
// drops in Statuses, each taken once and then moved to done/ or error/.
// Directories are relative to sftp.dir.
type Files struct {
	// Picks is where pick files are written. The default is picks.
	Picks string `yaml:"picks" json:"picks"`
	// Statuses is where the location drops status files. The default is
	// statuses.
	Statuses string `yaml:"statuses" json:"statuses"`
	// Every is how often Statuses is looked at. The default is 1m.
	Every Duration `yaml:"every" json:"every"`
	// Settle is how long a status file must stay unchanged before it is
	// taken. The default is 10s.
	Settle Duration `yaml:"settle" json:"settle"`
	// Delimiter separates the columns of both kinds of file. The default
	// is a comma.
	Delimiter string `yaml:"delimiter" json:"delimiter"`
	// PickColumns names the columns of a pick file.
	PickColumns PickColumns `yaml:"pick_columns" json:"pick_columns"`
	// StatusColumns names the columns of a status file.
	StatusColumns StatusColumns `yaml:"status_columns" json:"status_columns"`
}

// PickColumns names the columns of a pick file, one row per order line.
// Each default is the field's own name.
type PickColumns struct {
	Reference string `yaml:"reference" json:"reference"`
	OrderID   string `yaml:"order_id" json:"order_id"`
	LineID    string `yaml:"line_id" json:"line_id"`
	SKU       string `yaml:"sku" json:"sku"`
	Quantity  string `yaml:"quantity" json:"quantity"`
	Carrier   string `yaml:"carrier" json:"carrier"`
	Method    string `yaml:"method" json:"method"`
	ShipBy    string `yaml:"ship_by" json:"ship_by"`
	Name      string `yaml:"name" json:"name"`
	Company   string `yaml:"company" json:"company"`
	Line1     string `yaml:"line1" json:"line1"`
	Line2     string `yaml:"line2" json:"line2"`
	Postcode  string `yaml:"postcode" json:"postcode"`
	City      string `yaml:"city" json:"city"`
	Country   string `yaml:"country" json:"country"`
	Phone     string `yaml:"phone" json:"phone"`
}

// StatusColumns names the columns of a status file, one row per status
// report or, for a shipment, per line in a parcel. Each default is the
// field's own name; the optional ones may be absent from the file.
type StatusColumns struct {
	Reference      string `yaml:"reference" json:"reference"`
	Status         string `yaml:"status" json:"status"`
	EventID        string `yaml:"event_id" json:"event_id"`
	At             string `yaml:"at" json:"at"`
	Parcel         string `yaml:"parcel" json:"parcel"`
	Carrier        string `yaml:"carrier" json:"carrier"`
	TrackingNumber string `yaml:"tracking_number" json:"tracking_number"`
	TrackingURL    string `yaml:"tracking_url" json:"tracking_url"`
	OrderID        string `yaml:"order_id" json:"order_id"`
	LineID         string `yaml:"line_id" json:"line_id"`
	Quantity       string `yaml:"quantity" json:"quantity"`
}

// StatusCode maps one status code of a location onto Ordo's lifecycle.
type StatusCode struct {
	// Code is the location's code, as it sends it.
	Code string `yaml:"code" json:"code"`
	// Status is Ordo's: released, picked, packed, shipped, cancelled or
	// too_late.
	Status string `yaml:"status" json:"status"`
}

// Simulated configures a simulated location, which plays a warehouse for
// the demo and for trying rules before a real connection exists.
type Simulated struct {
	// HandlingTime is how long it takes from release to shipment, split
	// evenly over picking, packing and shipping. The default is 30s.
	HandlingTime Duration `yaml:"handling_time" json:"handling_time"`
	// FailureRate is the fraction of instructions it refuses with a
	// server error, to be retried. The default is 0.
	FailureRate float64 `yaml:"failure_rate" json:"failure_rate"`
}

// REST configures a connector that calls a warehouse's HTTP API.
type REST struct {
	// URL is the base URL of the API, http or https.
	URL string `yaml:"url" json:"url"`

	// Token is sent as a bearer token with every call. Give it, or the
	// OAuth2 client credentials below.
	Token Secret `yaml:"token" json:"token"`

	// TokenURL, ClientID and ClientSecret get an OAuth2 access token by
	// the client credentials grant, renewed before it expires.
	TokenURL     string `yaml:"token_url" json:"token_url,omitempty"`
	ClientID     string `yaml:"client_id" json:"client_id,omitempty"`
	ClientSecret Secret `yaml:"client_secret" json:"client_secret"`

	// Timeout bounds one call. The default is 10s.
	Timeout Duration `yaml:"timeout" json:"timeout"`
}

// SFTP configures a connector that exchanges files with a warehouse over
// SFTP.
type SFTP struct {
	// Addr is the server's host:port.
	Addr string `yaml:"addr" json:"addr"`

	// User is the user name to log in as.
	User string `yaml:"user" json:"user"`

	// Password logs in with a password; PrivateKey, with a key. One of them
	// is needed.
	Password Secret `yaml:"password" json:"password"`

	// PrivateKey is a PEM-encoded private key, typically read with
	// ${file:PATH}.
	PrivateKey Secret `yaml:"private_key" json:"private_key"`

	// HostKey is the server's public host key, as a line of known_hosts or
	// authorized_keys ("ssh-ed25519 AAAA...") or its SHA256 fingerprint
	// ("SHA256:..."). Ordo talks to no server whose key differs.
	HostKey string `yaml:"host_key" json:"host_key"`

	// Dir is the directory on the server that files are written to and
	// read from. The default is the login directory.
	Dir string `yaml:"dir" json:"dir"`
}

// Feed configures a directory on an SFTP server that a party drops files
// in. Each file found there is taken in once, then moved to done/ or, with
// the reasons, to error/.
type Feed struct {
	// ID names the feed; the operator chooses it. It is made of lower-case
	// letters, digits and hyphens, and is unique.
	ID string `yaml:"id" json:"id"`

	// Kind is what the files hold. inventory: stock levels, one snapshot
	// per file. orders: the orders of one channel, a row per order line.
	Kind string `yaml:"kind" json:"kind"`

	// Channel is the id of the channel, one of channels, whose orders the
	// files of an orders feed hold. Orders feeds need it; others take none.
	Channel string `yaml:"channel" json:"channel,omitempty"`

	// SFTP is the server and directory the files are in.
	SFTP SFTP `yaml:"sftp" json:"sftp"`

	// Pattern selects the files to take, as a shell pattern on the name.
	// The default is *.csv.
	Pattern string `yaml:"pattern" json:"pattern"`

	// Every is how often the directory is looked at. The default is 1m.
	Every Duration `yaml:"every" json:"every"`

	// Settle is how long a file must stay unchanged before it is taken, so
	// that one still being written is left alone. The default is 10s.
	Settle Duration `yaml:"settle" json:"settle"`

	// Location is the location of every row when the files have no
	// location column.
	Location string `yaml:"location" json:"location,omitempty"`

	// Pool is the stock pool of every row when the files have no pool
	// column: sellable, b_grade or quarantine. The default is sellable.
	Pool string `yaml:"pool" json:"pool"`

	// Full means each file lists all the stock of its locations: a SKU a
	// file leaves out has none. Otherwise only the SKUs listed change.
	Full bool `yaml:"full" json:"full"`

	// Delimiter separates the columns. The default is a comma.
	Delimiter string `yaml:"delimiter" json:"delimiter"`

	// Columns names the file's column for each field. The file's first
	// row holds the column names.
	Columns InventoryColumns `yaml:"columns" json:"columns"`

	// OrderColumns names the file's column for each field of an orders
	// feed. The file's first row holds the column names.
	OrderColumns OrderColumns `yaml:"order_columns" json:"order_columns,omitzero"`
}

// OrderColumns names the columns of an order file, one row per order
// line; the rows of one order share its order_id. Each default is the
// field's own name. Only order_id, sku, quantity, unit_price, currency and
// placed_at must be in the file; the other columns may be left out. Amounts
// are decimals in the currency's major unit, such as 12.95, and include
// tax.
type OrderColumns struct {
	// OrderID is the column of the channel's order id.
	OrderID string `yaml:"order_id" json:"order_id"`
	// LineID is the column of the channel's id of the line. A line
	// without one, in a file without the column or on a row that leaves it
	// blank, is known by its position in the order, counting from 1.
	LineID string `yaml:"line_id" json:"line_id"`
	// SKU is the column of the line's SKU.
	SKU string `yaml:"sku" json:"sku"`
	// Quantity is the column of the units ordered.
	Quantity string `yaml:"quantity" json:"quantity"`
	// UnitPrice is the column of the price of one unit before discounts.
	UnitPrice string `yaml:"unit_price" json:"unit_price"`
	// Currency is the column of the order's ISO 4217 currency code.
	Currency string `yaml:"currency" json:"currency"`
	// PlacedAt is the column of the time the order was placed (RFC 3339).
	PlacedAt string `yaml:"placed_at" json:"placed_at"`
	// Name is the column of the reference the customer sees.
	Name string `yaml:"name" json:"name"`
	// Title is the column of the product name of the line.
	Title string `yaml:"title" json:"title"`
	// Tax is the column of the tax on the whole line.
	Tax string `yaml:"tax" json:"tax"`
	// Discount is the column of the discount on the whole line.
	Discount string `yaml:"discount" json:"discount"`
	// Shipping is the column of the order's shipping cost.
	Shipping string `yaml:"shipping" json:"shipping"`
	// Total is the column of the order's total; without it the total is
	// the lines less their discounts plus shipping.
	Total string `yaml:"total" json:"total"`
	// Email is the column of the buyer's e-mail address.
	Email string `yaml:"email" json:"email"`
	// Phone is the column of the buyer's phone number.
	Phone string `yaml:"phone" json:"phone"`
	// FirstName is the column of the buyer's first name.
	FirstName string `yaml:"first_name" json:"first_name"`
	// LastName is the column of the buyer's last name.
	LastName string `yaml:"last_name" json:"last_name"`
	// Address1 is the column of the first line of the shipping address.
	Address1 string `yaml:"address1" json:"address1"`
	// Address2 is the column of its second line.
	Address2 string `yaml:"address2" json:"address2"`
	// Postcode is the column of its postcode.
	Postcode string `yaml:"postcode" json:"postcode"`
	// City is the column of its city.
	City string `yaml:"city" json:"city"`
	// Region is the column of its region or state.
	Region string `yaml:"region" json:"region"`
	// Country is the column of its ISO 3166-1 alpha-2 country code.
	Country string `yaml:"country" json:"country"`
	// Method is the column of the shipping method, such as standard or
	// express.
	Method string `yaml:"method" json:"method"`
	// Carrier is the column of the carrier asked for, such as postnl.
	Carrier string `yaml:"carrier" json:"carrier"`
	// Payment is the column of the payment state: pending, authorized or
	// paid.
	Payment string `yaml:"payment" json:"payment"`
	// UpdatedAt is the column of the channel's time of the order's latest
	// change (RFC 3339); without it, the time the order was placed.
	UpdatedAt string `yaml:"updated_at" json:"updated_at"`
}

// InventoryColumns names the columns of a stock file.
type InventoryColumns struct {
	// SKU is the column of the SKU. The default is sku.
	SKU string `yaml:"sku" json:"sku"`
	// OnHand is the column of the quantity on hand. The default is on_hand.
	OnHand string `yaml:"on_hand" json:"on_hand"`
	// Location is the column of the location id; empty when the feed's
	// location setting applies to every row.
	Location string `yaml:"location" json:"location,omitempty"`
	// Pool is the column of the stock pool; empty when the feed's pool
	// setting applies to every row.
	Pool string `yaml:"pool" json:"pool,omitempty"`
	// Safety is the column of the safety stock, if the file has one.
	Safety string `yaml:"safety" json:"safety,omitempty"`
	// TakenAt is the column of the time the count was taken (RFC 3339); the
	// file's modification time when there is none.
	TakenAt string `yaml:"taken_at" json:"taken_at,omitempty"`
}

// Default returns the configuration used when there is no file: one node on
// the embedded SQLite database ordo.db, listening on 127.0.0.1:8080, with no
// channels or locations.
func Default() *Config {
	return (&Config{}).WithDefaults()
}

// WithDefaults returns a copy of c in which every setting that is zero is
// set to its default. It does not change c.
func (c *Config) WithDefaults() *Config {
	d := *c
	setDefault(&d.HTTP.Addr, "127.0.0.1:8080")
	setDefault(&d.HTTP.MaxBodyBytes, 5<<20)
	setDefault(&d.HTTP.ReadTimeout, Duration(10*time.Second))
	setDefault(&d.HTTP.WriteTimeout, Duration(30*time.Second))
	setDefault(&d.HTTP.ShutdownTimeout, Duration(15*time.Second))

	setDefault(&d.Database.URL, "sqlite://ordo.db")
	setDefault(&d.Database.MaxOpenConns, 16)
	setDefault(&d.Database.CommitBatch, 256)
	setDefault(&d.Database.BusyTimeout, Duration(5*time.Second))

	setDefault(&d.Ingest.DedupRetention, MinDedupRetention)

	setDefault(&d.Jobs.Workers, 16)
	setDefault(&d.Jobs.MaxAttempts, 10)
	setDefault(&d.Jobs.PollInterval, Duration(50*time.Millisecond))
	setDefault(&d.Jobs.Timeout, Duration(time.Minute))
	setDefault(&d.Jobs.RescueAfter, Duration(5*time.Minute))

	setDefault(&d.Log.Level, "info")
	setDefault(&d.Log.Format, "json")

	// Copy the slices so that filling them in leaves c alone.
	d.Channels = append([]Channel(nil), c.Channels...)
	for i := range d.Channels {
		setDefault(&d.Channels[i].Mode, "shadow")
		setDefault(&d.Channels[i].TimeZone, "UTC")
		setDefault(&d.Channels[i].ReleasePayment, "authorized")
		d.Channels[i].API = d.Channels[i].API.withDefaults(d.Channels[i].Kind)
		if d.Channels[i].Poll == nil {
			every := Duration(5 * time.Minute)
			d.Channels[i].Poll = &every
		}
	}
	d.Locations = append([]Location(nil), c.Locations...)
	for i := range d.Locations {
		l := &d.Locations[i]
		setDefault(&l.Mode, "shadow")
		setDefault(&l.MaxAttempts, 10)
		setDefault(&l.Backoff, Duration(time.Second))
		setDefault(&l.MaxBackoff, Duration(10*time.Minute))
		setDefault(&l.Breaker.Failures, 5)
		setDefault(&l.Breaker.Cooldown, Duration(30*time.Second))
		if l.Connector == "sftp" {
			l.Files = l.Files.withDefaults()
		}
		if l.Connector == "rest" {
			setDefault(&l.REST.Timeout, Duration(10*time.Second))
		}
		if l.Connector == "simulated" {
			setDefault(&l.Simulated.HandlingTime, Duration(30*time.Second))
		}
		if len(l.Statuses) == 0 {
			l.Statuses = DefaultStatuses()
		}
	}
	d.Feeds = append([]Feed(nil), c.Feeds...)
	for i := range d.Feeds {
		f := &d.Feeds[i]
		setDefault(&f.Pattern, "*.csv")
		setDefault(&f.Every, Duration(time.Minute))
		setDefault(&f.Settle, Duration(10*time.Second))
		setDefault(&f.Delimiter, ",")
		if f.Kind == "orders" {
			f.OrderColumns = f.OrderColumns.withDefaults()
			continue
		}
		setDefault(&f.Pool, "sellable")
		setDefault(&f.Columns.SKU, "sku")
		setDefault(&f.Columns.OnHand, "on_hand")
	}
	return &d
}

// withDefaults names every column that is not named after its field.
func (c OrderColumns) withDefaults() OrderColumns {
	c.each(func(field string, column *string) { setDefault(column, field) })
	return c
}

// ByField returns the column of each field, keyed by the field's name as
// the configuration spells it, such as order_id.
func (c OrderColumns) ByField() map[string]string {
	out := map[string]string{}
	c.each(func(field string, column *string) { out[field] = *column })
	return out
}

// each calls fn with every field's name, as the configuration spells it,
// and its column, in the order of the type.
func (c *OrderColumns) each(fn func(field string, column *string)) {
	v := reflect.ValueOf(c).Elem()
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ",")
		fn(name, v.Field(i).Addr().Interface().(*string))
	}
}

// apiDefaults are the production addresses of each kind of channel's API
// and token service.
var apiDefaults = map[string][2]string{
	"bol":    {"https://api.bol.com", "https://login.bol.com/token"},
	"amazon": {"https://sellingpartnerapi-eu.amazon.com", "https://api.amazon.com/auth/o2/token"},
	"square": {"https://connect.squareup.com", ""},
}

func (a ChannelAPI) withDefaults(kind string) ChannelAPI {
	if d, ok := apiDefaults[kind]; ok {
		setDefault(&a.BaseURL, d[0])
		setDefault(&a.TokenURL, d[1])
	}
	if kind == "amazon" {
		setDefault(&a.APIKeyHeader, "x-api-key")
	}
	setDefault(&a.Timeout, Duration(30*time.Second))
	return a
}

func (f Files) withDefaults() Files {
	setDefault(&f.Picks, "picks")
	setDefault(&f.Statuses, "statuses")
	setDefault(&f.Every, Duration(time.Minute))
	setDefault(&f.Settle, Duration(10*time.Second))
	setDefault(&f.Delimiter, ",")
	p := &f.PickColumns
	for _, c := range []struct {
		field *string
		name  string
	}{{&p.Reference, "reference"}, {&p.OrderID, "order_id"}, {&p.LineID, "line_id"},
		{&p.SKU, "sku"}, {&p.Quantity, "quantity"}, {&p.Carrier, "carrier"},
		{&p.Method, "method"}, {&p.ShipBy, "ship_by"}, {&p.Name, "name"},
		{&p.Company, "company"}, {&p.Line1, "line1"}, {&p.Line2, "line2"},
		{&p.Postcode, "postcode"}, {&p.City, "city"}, {&p.Country, "country"},
		{&p.Phone, "phone"}} {
		setDefault(c.field, c.name)
	}
	s := &f.StatusColumns
	for _, c := range []struct {
		field *string
		name  string
	}{{&s.Reference, "reference"}, {&s.Status, "status"}, {&s.EventID, "event_id"},
		{&s.At, "at"}, {&s.Parcel, "parcel"}, {&s.Carrier, "carrier"},
		{&s.TrackingNumber, "tracking_number"}, {&s.TrackingURL, "tracking_url"},
		{&s.OrderID, "order_id"}, {&s.LineID, "line_id"}, {&s.Quantity, "quantity"}} {
		setDefault(c.field, c.name)
	}
	return f
}

// ParseWindow reads a release window, "HH:MM-HH:MM", into its start and
// end as offsets from midnight. An empty window is always open: both are
// zero.
func ParseWindow(w string) (from, until time.Duration, err error) {
	if w == "" {
		return 0, 0, nil
	}
	a, b, ok := strings.Cut(w, "-")
	if ok {
		if from, err = clock(a); err == nil {
			until, err = clock(b)
		}
	}
	if !ok || err != nil || from == until {
		return 0, 0, fmt.Errorf("%q is not a window such as 06:00-22:00", w)
	}
	return from, until, nil
}

func clock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// DefaultStatuses maps Ordo's own status names to themselves, for a
// location that sends those.
func DefaultStatuses() []StatusCode {
	var out []StatusCode
	for _, s := range fulfilmentStatuses {
		out = append(out, StatusCode{Code: s, Status: s})
	}
	return out
}

// MinDedupRetention is the least Ingest.DedupRetention allowed. Shopify
// retries a webhook for about four hours, but marketplaces and API clients
// resend much later, and a key forgotten too early lets a duplicate through.
const MinDedupRetention = Duration(7 * 24 * time.Hour)

func setDefault[T comparable](p *T, v T) {
	var zero T
	if *p == zero {
		*p = v
	}
}

// ChannelByID returns the channel with the given id.
func (c *Config) ChannelByID(id string) (Channel, bool) {
	for _, ch := range c.Channels {
		if ch.ID == id {
			return ch, true
		}
	}
	return Channel{}, false
}

// ChannelByDomain returns the Shopify channel whose shop domain is domain,
// ignoring case, as it arrives in X-Shopify-Shop-Domain.
func (c *Config) ChannelByDomain(domain string) (Channel, bool) {
	for _, ch := range c.Channels {
		if ch.ShopDomain != "" && strings.EqualFold(ch.ShopDomain, domain) {
			return ch, true
		}
	}
	return Channel{}, false
}

// LocationByID returns the location with the given id.
func (c *Config) LocationByID(id string) (Location, bool) {
	for _, l := range c.Locations {
		if l.ID == id {
			return l, true
		}
	}
	return Location{}, false
}
