package config

import (
	"fmt"
	"net"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/yamlfile"
)

// The values that enumerated settings allow.
var (
	channelKinds = []string{"shopify", "bol", "amazon", "square", "pos"}
	connectors   = []string{"rest", "sftp", "simulated"}
	modes        = []string{"shadow", "active"}
	// releasePayments are the payments a channel may require before release.
	releasePayments = []string{"authorized", "paid"}
	feedKinds       = []string{"inventory", "orders"}
	pools           = []string{"sellable", "b_grade", "quarantine"}
	// fulfilmentStatuses are the statuses a location's codes map onto.
	fulfilmentStatuses = []string{"released", "picked", "packed", "shipped", "cancelled", "too_late"}
	logLevels          = []string{"debug", "info", "warn", "error"}
	logFormats         = []string{"json", "text"}
)

// maxWorkers is the most jobs the job queue runs at once on one node.
const maxWorkers = 10000

// Validate checks c and returns an *Error listing every problem, or nil. It
// expects defaults to have been applied; see WithDefaults. Load calls it.
func (c *Config) Validate() error {
	return c.validate(nil)
}

// validator collects the problems of one configuration.
type validator struct {
	src      *source
	problems []Problem
}

func (v *validator) add(field, format string, args ...any) {
	v.problems = append(v.problems, v.src.problem(field, fmt.Sprintf(format, args...)))
}

func (c *Config) validate(src *source) error {
	v := &validator{src: src}
	v.http(c.HTTP)
	v.database(c.Database)
	v.positive("ingest.dedup_retention", c.Ingest.DedupRetention)
	if r := c.Ingest.DedupRetention; r > 0 && r < MinDedupRetention {
		v.add("ingest.dedup_retention", "is %s; must be at least 168h (7 days): "+
			"a key forgotten sooner lets a late redelivery or retry through twice", r)
	}
	v.atLeastOne("jobs.workers", c.Jobs.Workers)
	if c.Jobs.Workers > maxWorkers {
		v.add("jobs.workers", "is %d; the job queue runs at most %d jobs at once",
			c.Jobs.Workers, maxWorkers)
	}
	v.atLeastOne("jobs.max_attempts", c.Jobs.MaxAttempts)
	if p := c.Jobs.PollInterval; p < Duration(time.Millisecond) {
		v.add("jobs.poll_interval", "is %s; must be at least 1ms", p)
	}
	if t := c.Jobs.Timeout; t < Duration(time.Second) {
		v.add("jobs.timeout", "is %s; must be at least 1s", t)
	}
	if c.Jobs.RescueAfter < c.Jobs.Timeout {
		v.add("jobs.rescue_after", "is %s; must be at least jobs.timeout, %s",
			c.Jobs.RescueAfter, c.Jobs.Timeout)
	}
	v.oneOf("log.level", c.Log.Level, logLevels)
	v.oneOf("log.format", c.Log.Format, logFormats)
	v.channels(c.Channels)
	v.locations(c.Locations)
	v.feeds(c.Feeds, c.Channels)
	if len(v.problems) == 0 {
		return nil
	}
	var file string
	if src != nil {
		file = src.file
	}
	return yamlfile.NewError(file, v.problems)
}

func (v *validator) http(h HTTP) {
	v.hostPort("http.addr", h.Addr, false)
	if h.MaxBodyBytes <= 0 {
		v.add("http.max_body_bytes", "is %d; must be more than 0", h.MaxBodyBytes)
	}
	v.positive("http.read_timeout", h.ReadTimeout)
	v.positive("http.write_timeout", h.WriteTimeout)
	v.positive("http.shutdown_timeout", h.ShutdownTimeout)
}

func (v *validator) database(d Database) {
	if _, _, err := parseDatabaseURL(string(d.URL)); err != nil {
		v.add("database.url", "%v", err)
	}
	v.atLeastOne("database.max_open_conns", d.MaxOpenConns)
	v.atLeastOne("database.commit_batch", d.CommitBatch)
	if d.CommitWait < 0 {
		v.add("database.commit_wait", "is %s; must be 0 or more", d.CommitWait)
	}
	v.positive("database.busy_timeout", d.BusyTimeout)
}

// needsSecret lists the channel kinds whose webhooks are signed.
var needsSecret = []string{"shopify", "square", "pos"}

func (v *validator) channels(channels []Channel) {
	ids := map[string]int{}
	domains := map[string]int{}
	for i, ch := range channels {
		f := fmt.Sprintf("channels[%d]", i)
		v.id(f, "channel", ch.ID, ids, i)
		v.oneOf(f+".kind", ch.Kind, channelKinds)
		if ch.Kind == "shopify" {
			v.shopDomain(f+".shop_domain", ch.ShopDomain, domains, i)
		} else if ch.ShopDomain != "" && slices.Contains(channelKinds, ch.Kind) {
			v.add(f+".shop_domain", "only shopify channels take a shop_domain")
		}
		if ch.Secret == "" && slices.Contains(needsSecret, ch.Kind) {
			v.add(f+".secret", "missing; a %s channel needs the key its webhooks "+
				"are signed with", ch.Kind)
		}
		v.oneOf(f+".mode", ch.Mode, modes)
		v.timeZone(f+".time_zone", ch.TimeZone)
		v.oneOf(f+".release_payment", ch.ReleasePayment, releasePayments)
		v.channelAPI(f, ch)
	}
}

// channelAPI checks that a channel has what its kind needs to call its
// party's API.
func (v *validator) channelAPI(f string, ch Channel) {
	a := ch.API
	need := func(field string, missing bool, what string) {
		if missing {
			v.add(f+".api."+field, "missing; a %s channel needs %s", ch.Kind, what)
		}
	}
	switch ch.Kind {
	case "bol":
		need("client_id", a.ClientID == "", "the client id of its bol API credentials")
		need("client_secret", a.ClientSecret == "", "the secret of its bol API credentials")
	case "amazon":
		need("client_id", a.ClientID == "", "its Login with Amazon client id")
		need("client_secret", a.ClientSecret == "", "its Login with Amazon client secret")
		need("refresh_token", a.RefreshToken == "", "the seller's refresh token")
		need("marketplace_ids", len(a.MarketplaceIDs) == 0, "the marketplaces to read")
		need("api_key", a.APIKey == "", "the key its EventBridge API destination sends")
	case "square":
		need("notification_url", a.NotificationURL == "",
			"the webhook URL exactly as its Square subscription has it")
		need("location_ids", len(a.LocationIDs) == 0, "the Square locations to read")
		if ch.AccessToken == "" {
			v.add(f+".access_token", "missing; a square channel needs an access token")
		}
	}
	for field, raw := range map[string]string{"base_url": a.BaseURL, "token_url": a.TokenURL} {
		if raw == "" {
			continue
		}
		if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") ||
			u.Host == "" {
			v.add(f+".api."+field, "%s is not an http or https URL", URL(raw))
		}
	}
	if a.NotificationURL != "" {
		if u, err := url.Parse(a.NotificationURL); err != nil || u.Host == "" {
			v.add(f+".api.notification_url", "%s is not a URL", URL(a.NotificationURL))
		}
	}
	v.positive(f+".api.timeout", a.Timeout)
	if ch.Poll != nil && *ch.Poll < 0 {
		v.add(f+".poll", "is %s; must be 0s (off) or more", *ch.Poll)
	}
}

func (v *validator) shopDomain(field, domain string, seen map[string]int, i int) {
	d := strings.ToLower(domain)
	switch {
	case d == "":
		v.add(field, "missing; a shopify channel needs its myshopify.com domain")
	case strings.ContainsAny(d, ":/"):
		v.add(field, "%q must be a bare domain such as example.myshopify.com", domain)
	case !strings.HasSuffix(d, ".myshopify.com"):
		v.add(field, "%q is not a myshopify.com domain, the one Shopify sends "+
			"in X-Shopify-Shop-Domain", domain)
	default:
		if j, dup := seen[d]; dup {
			v.add(field, "%q is also the shop_domain of channels[%d]", domain, j)
			return
		}
		seen[d] = i
	}
}

func (v *validator) locations(locations []Location) {
	ids := map[string]int{}
	for i, l := range locations {
		f := fmt.Sprintf("locations[%d]", i)
		v.id(f, "location", l.ID, ids, i)
		v.oneOf(f+".connector", l.Connector, connectors)
		switch {
		case l.Connector == "rest" && !l.REST.given():
			v.add(f+".rest", "missing; the rest connector needs rest.url")
		case l.Connector == "rest":
			v.restURL(f+".rest.url", l.REST.URL)
		case l.REST.given():
			v.add(f+".rest", "only the rest connector takes rest settings")
		}
		switch {
		case l.Connector == "sftp" && l.SFTP == (SFTP{}):
			v.add(f+".sftp", "missing; the sftp connector needs sftp.addr and sftp.user")
		case l.Connector == "sftp":
			v.sftp(f+".sftp", l.SFTP)
		case l.SFTP != (SFTP{}):
			v.add(f+".sftp", "only the sftp connector takes sftp settings")
		}
		v.oneOf(f+".mode", l.Mode, modes)
		v.atLeastOne(f+".max_attempts", l.MaxAttempts)
		v.atLeastOne(f+".breaker.failures", l.Breaker.Failures)
		if _, _, err := ParseWindow(l.ReleaseWindow); err != nil {
			v.add(f+".release_window", "%v", err)
		}
		if l.Backoff > l.MaxBackoff {
			v.add(f+".backoff", "is %s, longer than max_backoff %s", l.Backoff, l.MaxBackoff)
		}
		if l.Connector != "sftp" && l.Files != (Files{}) {
			v.add(f+".files", "only the sftp connector takes files settings")
		}
		if l.Connector == "rest" && l.REST.URL != "" {
			v.restAuth(f+".rest", l.REST)
		}
		if r := l.Simulated.FailureRate; r < 0 || r >= 1 {
			v.add(f+".simulated.failure_rate", "is %g; must be from 0 to below 1", r)
		}
		codes := map[string]bool{}
		for j, sc := range l.Statuses {
			g := fmt.Sprintf("%s.statuses[%d]", f, j)
			if sc.Code == "" {
				v.add(g+".code", "missing; give the location's own status code")
			} else if codes[sc.Code] {
				v.add(g+".code", "%q is mapped twice", sc.Code)
			}
			codes[sc.Code] = true
			v.oneOf(g+".status", sc.Status, fulfilmentStatuses)
		}
	}
}

// given reports whether any rest setting is in the file; the timeout
// alone does not count, since it has a default.
func (r REST) given() bool {
	r.Timeout = 0
	return r != (REST{})
}

// restAuth checks that a rest connector authenticates one way.
func (v *validator) restAuth(field string, r REST) {
	oauth := r.TokenURL != "" || r.ClientID != "" || r.ClientSecret != ""
	switch {
	case r.Token != "" && oauth:
		v.add(field, "give a token or OAuth2 client credentials, not both")
	case oauth && (r.TokenURL == "" || r.ClientID == "" || r.ClientSecret == ""):
		v.add(field, "OAuth2 needs token_url, client_id and client_secret")
	case oauth:
		v.restURL(field+".token_url", r.TokenURL)
	}
}

func (v *validator) restURL(field, raw string) {
	if raw == "" {
		v.add(field, "missing; the rest connector needs the API's base URL")
		return
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.add(field, "%s is not an http or https URL", URL(raw))
	}
}

func (v *validator) sftp(field string, s SFTP) {
	v.hostPort(field+".addr", s.Addr, true)
	if s.User == "" {
		v.add(field+".user", "missing; the sftp connector needs a user name")
	}
	if s.Password == "" && s.PrivateKey == "" {
		v.add(field, "needs a password or a private_key")
	}
	if s.HostKey == "" {
		v.add(field+".host_key", "missing; give the server's public host key "+
			"(ssh-keyscan prints it) or its SHA256 fingerprint, so that Ordo never "+
			"sends files to a server posing as this one")
	}
}

func (v *validator) feeds(feeds []Feed, channels []Channel) {
	ids := map[string]int{}
	for i, f := range feeds {
		p := fmt.Sprintf("feeds[%d]", i)
		v.id(p, "feed", f.ID, ids, i)
		v.oneOf(p+".kind", f.Kind, feedKinds)
		v.sftp(p+".sftp", f.SFTP)
		if _, err := path.Match(f.Pattern, ""); err != nil || f.Pattern == "" {
			v.add(p+".pattern", "%q is not a file name pattern such as *.csv", f.Pattern)
		}
		v.positive(p+".every", f.Every)
		if f.Settle < 0 {
			v.add(p+".settle", "is %s; must not be negative", f.Settle)
		}
		if len([]rune(f.Delimiter)) != 1 || f.Delimiter == "\"" || f.Delimiter == "\n" {
			v.add(p+".delimiter", "%q must be one character, not a quote or a line break",
				f.Delimiter)
		}
		if f.Kind == "orders" {
			v.orderFeed(p, f, channels)
		} else {
			v.inventoryFeed(p, f)
		}
	}
}

// inventoryFeed checks the settings of a feed of stock files.
func (v *validator) inventoryFeed(p string, f Feed) {
	if f.Location == "" && f.Columns.Location == "" {
		v.add(p+".location", "missing; give the location of every row, or the "+
			"file's location column as columns.location")
	}
	if f.Location != "" && !idPattern.MatchString(f.Location) {
		v.add(p+".location", "%q is not a location id", f.Location)
	}
	v.oneOf(p+".pool", f.Pool, pools)
	if f.Channel != "" {
		v.add(p+".channel", "only orders feeds take a channel")
	}
	if f.OrderColumns != (OrderColumns{}) {
		v.add(p+".order_columns", "only orders feeds take order_columns")
	}
}

// orderFeed checks the settings of a feed of order files, whose orders are
// those of the channel it names.
func (v *validator) orderFeed(p string, f Feed, channels []Channel) {
	known := slices.ContainsFunc(channels, func(ch Channel) bool { return ch.ID == f.Channel })
	switch {
	case f.Channel == "":
		v.add(p+".channel", "missing; an orders feed needs the id of the channel "+
			"whose orders its files hold")
	case !known:
		v.add(p+".channel", "%q is not the id of a channel in channels", f.Channel)
	}
	for _, s := range []struct {
		name string
		set  bool
	}{{"location", f.Location != ""}, {"pool", f.Pool != ""}, {"full", f.Full}} {
		if s.set {
			v.add(p+"."+s.name, "only inventory feeds take %s", s.name)
		}
	}
	if f.Columns != (InventoryColumns{}) {
		v.add(p+".columns", "only inventory feeds take columns; an orders feed names "+
			"its columns in order_columns")
	}
	columns := f.OrderColumns
	columns.each(func(field string, column *string) {
		if strings.TrimSpace(*column) == "" {
			v.add(p+".order_columns."+field, "is blank; name the column, or leave the "+
				"setting out for the default, %s", field)
		}
	})
}

var idPattern = regexp.MustCompile(`^[a-z0-9-]+$`)

// id checks the id of the i-th channel or location, recording it in seen.
func (v *validator) id(item, what, id string, seen map[string]int, i int) {
	field := item + ".id"
	switch j, dup := seen[id]; {
	case id == "":
		v.add(field, "missing; every %s needs an id", what)
	case !idPattern.MatchString(id):
		v.add(field, "%q may hold only lower-case letters, digits and hyphens", id)
	case dup:
		v.add(field, "%q is also the id of %ss[%d]", id, what, j)
	default:
		seen[id] = i
	}
}

// hostPort checks an address of the form host:port. The host may be empty
// for a listening address, meaning every interface.
func (v *validator) hostPort(field, addr string, needHost bool) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		v.add(field, "%q is not host:port, such as 127.0.0.1:8080", addr)
		return
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		v.add(field, "%q has no port number from 0 to 65535", addr)
	}
	if needHost && host == "" {
		v.add(field, "%q has no host", addr)
	}
}

func (v *validator) positive(field string, d Duration) {
	if d <= 0 {
		v.add(field, "is %s; must be more than 0", d)
	}
}

func (v *validator) atLeastOne(field string, n int) {
	if n < 1 {
		v.add(field, "is %d; must be at least 1", n)
	}
}

func (v *validator) oneOf(field, value string, allowed []string) {
	switch {
	case value == "":
		v.add(field, "missing; must be one of %s", strings.Join(allowed, ", "))
	case !slices.Contains(allowed, value):
		v.add(field, "%q is not one of %s", value, strings.Join(allowed, ", "))
	}
}

func (v *validator) timeZone(field, name string) {
	if _, err := time.LoadLocation(name); err != nil || name == "Local" {
		v.add(field, "%q is not an IANA time zone such as Europe/Amsterdam", name)
	}
}
