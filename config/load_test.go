package config_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ordo-oms/ordo/config"
)

func TestLoadExampleFile(t *testing.T) {
	clearOverrides(t)
	// The example names secret files relative to itself; give it a
	// directory of its own that has them.
	dir := t.TempDir()
	data, err := os.ReadFile("../ordo.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "ordo.yaml"), string(data))
	writeFile(t, filepath.Join(dir, "secrets/shopify-nl-token"), "shpat_123\n")
	writeFile(t, filepath.Join(dir, "secrets/3pl-antwerp.key"), "KEY\n")
	writeFile(t, filepath.Join(dir, "secrets/erp.key"), "KEY\n")
	for _, name := range []string{"SHOPIFY_NL_SECRET", "BOL_CLIENT_ID", "BOL_CLIENT_SECRET",
		"LWA_CLIENT_ID", "LWA_CLIENT_SECRET", "AMAZON_REFRESH_TOKEN", "AMAZON_EVENTBRIDGE_KEY",
		"SQUARE_SIGNATURE_KEY", "SQUARE_ACCESS_TOKEN", "POS_SECRET",
		"WMS_UTRECHT_SECRET", "WMS_UTRECHT_TOKEN", "WMS_EINDHOVEN_SECRET",
		"WMS_EINDHOVEN_CLIENT_SECRET", "SFTP_GENT_PASSWORD", "ERP_SFTP_PASSWORD"} {
		t.Setenv(name, "value-of-"+name)
	}

	c := mustLoad(t, filepath.Join(dir, "ordo.yaml"))

	// Every setting the example shows at its default must be the default.
	d := config.Default()
	if diff := cmp.Diff(d.HTTP, c.HTTP); diff != "" {
		t.Errorf("http differs from the default (-default +example):\n%s", diff)
	}
	if diff := cmp.Diff(d.Database, c.Database); diff != "" {
		t.Errorf("database differs from the default (-default +example):\n%s", diff)
	}
	if diff := cmp.Diff(d.Jobs, c.Jobs); diff != "" {
		t.Errorf("jobs differs from the default (-default +example):\n%s", diff)
	}
	ch, ok := c.ChannelByDomain("example-nl.myshopify.com")
	if !ok || ch.Secret.Reveal() != "value-of-SHOPIFY_NL_SECRET" ||
		ch.AccessToken.Reveal() != "shpat_123" {
		t.Errorf("shop-nl channel = %#v, %v", ch, ok)
	}
	if got, want := c.Rules, filepath.Join(dir, "rules.yaml"); got != want {
		t.Errorf("rules = %q, want %q", got, want)
	}
}

func TestLoadNoFileGivesDefaults(t *testing.T) {
	clearOverrides(t)
	c := mustLoad(t, "")
	if diff := cmp.Diff(config.Default(), c); diff != "" {
		t.Errorf("Load(\"\") mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadEmptyFileGivesDefaults(t *testing.T) {
	clearOverrides(t)
	c := mustLoad(t, "testdata/empty.yaml")
	if diff := cmp.Diff(config.Default(), c); diff != "" {
		t.Errorf("Load mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadFillsDefaultsAroundFileSettings(t *testing.T) {
	clearOverrides(t)
	c := mustLoad(t, "testdata/minimal.yaml")

	want := config.Default()
	want.HTTP.Addr = "127.0.0.1:9090"
	poll := config.Duration(5 * time.Minute)
	want.Channels = []config.Channel{{
		ID: "shop-nl", Kind: "shopify", ShopDomain: "example-nl.myshopify.com",
		Secret: "s3cret", Mode: "shadow", ReleasePayment: "authorized", TimeZone: "UTC",
		API: config.ChannelAPI{Timeout: config.Duration(30 * time.Second)}, Poll: &poll,
	}}
	want.Locations = []config.Location{simulated("dc-utrecht", "shadow")}
	want.Rules = "testdata/rules.yaml"
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("Load mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadExpandsEnvironmentVariables(t *testing.T) {
	clearOverrides(t)
	t.Setenv("ORDO_TEST_CONNS", "4")
	t.Setenv("ORDO_TEST_WAIT", "250ms")
	t.Setenv("ORDO_TEST_SHOP", "example-nl")
	// A value YAML would read as null must stay the text it is.
	t.Setenv("ORDO_TEST_SECRET", "null")

	c := mustLoad(t, "testdata/env.yaml")

	if c.Database.MaxOpenConns != 4 {
		t.Errorf("max_open_conns = %d, want 4", c.Database.MaxOpenConns)
	}
	if c.Database.CommitWait != config.Duration(250*time.Millisecond) {
		t.Errorf("commit_wait = %s, want 250ms", c.Database.CommitWait)
	}
	ch := c.Channels[0]
	if ch.ShopDomain != "example-nl.myshopify.com" {
		t.Errorf("shop_domain = %q", ch.ShopDomain)
	}
	if ch.Secret.Reveal() != "null" {
		t.Errorf("secret = %q, want \"null\"", ch.Secret.Reveal())
	}
	if got := ch.AccessToken.Reveal(); got != "tok-${NOT_A_VARIABLE}" {
		t.Errorf("$${ gave %q, want a literal ${", got)
	}
}

func TestLoadReadsFileSecretsWithoutTrailingNewlines(t *testing.T) {
	clearOverrides(t)
	c := mustLoad(t, "testdata/file-secret.yaml")
	want := "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----"
	if got := c.Locations[0].SFTP.PrivateKey.Reveal(); got != want {
		t.Errorf("private_key = %q, want %q", got, want)
	}
}

func TestLoadReportsMissingVariablesAndFilesWithTheirPlace(t *testing.T) {
	clearOverrides(t)
	os.Unsetenv("ORDO_TEST_UNSET")
	_, err := config.Load("testdata/missing.yaml")
	ps := problems(t, err)
	if len(ps) != 2 {
		t.Fatalf("got %d problems, want 2:\n%v", len(ps), err)
	}
	want := "testdata/missing.yaml:5:13: channels[0].secret: " +
		"environment variable ORDO_TEST_UNSET is not set"
	if got := strings.Split(err.Error(), "\n")[0]; got != want {
		t.Errorf("first problem:\n got %s\nwant %s", got, want)
	}
	p := ps[1]
	if p.Line != 6 || p.Column != 19 || p.Field != "channels[0].access_token" ||
		!strings.Contains(p.Message, "${file:secrets/does-not-exist}") {
		t.Errorf("second problem = %+v", p)
	}
}

func TestLoadRejectsMalformedReferences(t *testing.T) {
	clearOverrides(t)
	_, err := config.Load("testdata/bad-reference.yaml")
	const f = "testdata/bad-reference.yaml:"
	wantError(t, err, strings.Join([]string{
		f + `5:13: channels[0].secret: ${SHOPIFY-SECRET}: "SHOPIFY-SECRET" is not ` +
			`an environment variable name or file:PATH`,
		f + `6:19: channels[0].access_token: "${UNCLOSED" has a ${ without a }`,
		f + `9:13: channels[1].secret: ${file:} names no file`,
	}, "\n"))
}

func TestLoadRejectsSettingsOfTheWrongShape(t *testing.T) {
	clearOverrides(t)
	_, err := config.Load("testdata/shape.yaml")
	const f = "testdata/shape.yaml:"
	wantError(t, err, strings.Join([]string{
		f + `1:7: http: expected settings (key: value), found "127.0.0.1:8080"`,
		f + `4:3: channels: expected a list (- item), found keys and values`,
		f + `8:11: locations[0].rest: expected settings (key: value), ` +
			`found "https://wms.example.com"`,
	}, "\n"))
}

func TestLoadRejectsUnknownSettingsAndBadValuesWithTheirPlace(t *testing.T) {
	clearOverrides(t)
	_, err := config.Load("testdata/unknown.yaml")
	wantError(t, err, strings.Join([]string{
		`testdata/unknown.yaml:2:3: http.adr: unknown setting; did you mean addr?`,
		`testdata/unknown.yaml:3:17: http.read_timeout: "10" is not a duration: ` +
			`write a number with a unit, such as 50ms, 15s or 168h`,
		`testdata/unknown.yaml:6:3: database.pool: unknown setting; known settings ` +
			`here: busy_timeout, commit_batch, commit_wait, max_open_conns, url`,
		`testdata/unknown.yaml:7:19: database.max_open_conns: "many" is not a whole number`,
		`testdata/unknown.yaml:11:5: locations[0].shadow: unknown setting; known ` +
			`settings here: backoff, breaker, connector, files, id, max_attempts, ` +
			`max_backoff, mode, release_window, rest, secret, sftp, simulated, statuses`,
		`testdata/unknown.yaml:13:16: locations[1].connector: expected a single value, ` +
			`found a list`,
	}, "\n"))
}

func TestLoadReportsSyntaxErrors(t *testing.T) {
	clearOverrides(t)
	tests := []struct {
		name, file, want string
	}{
		{"bad YAML", "testdata/syntax.yaml",
			"testdata/syntax.yaml:2: did not find expected key"},
		{"two documents", "testdata/two-documents.yaml",
			"testdata/two-documents.yaml:3:1: a configuration file holds one " +
				"YAML document, not more"},
		{"key set twice", "testdata/duplicate-key.yaml",
			"testdata/duplicate-key.yaml:3:3: http.addr: set twice; it is also set on line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Load(tt.file)
			wantError(t, err, tt.want)
		})
	}
}

func TestLoadFollowsAnchorsAndMergeKeys(t *testing.T) {
	clearOverrides(t)
	c := mustLoad(t, "testdata/anchors.yaml")
	want := []config.Location{simulated("dc-a", "active"), simulated("dc-b", "active")}
	if diff := cmp.Diff(want, c.Locations); diff != "" {
		t.Errorf("locations mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadReportsAnUnreadableFile(t *testing.T) {
	clearOverrides(t)
	_, err := config.Load("testdata/no-such-file.yaml")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want fs.ErrNotExist", err)
	}
	want := "config: read testdata/no-such-file.yaml: open testdata/no-such-file.yaml: " +
		"no such file or directory"
	if err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

func TestLoadAppliesEnvironmentOverrides(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		addr, db string
		wantAddr string
		wantDB   config.URL
	}{
		{"over the defaults", "", ":9000", "postgres://ordo@db:5432/ordo",
			":9000", "postgres://ordo@db:5432/ordo"},
		{"over the file", "testdata/minimal.yaml", "0.0.0.0:80", "sqlite:///var/lib/ordo.db",
			"0.0.0.0:80", "sqlite:///var/lib/ordo.db"},
		{"not when empty", "testdata/minimal.yaml", "", "",
			"127.0.0.1:9090", "sqlite://ordo.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearOverrides(t)
			t.Setenv("ORDO_HTTP_ADDR", tt.addr)
			t.Setenv("ORDO_DATABASE_URL", tt.db)
			c := mustLoad(t, tt.file)
			if c.HTTP.Addr != tt.wantAddr || c.Database.URL != tt.wantDB {
				t.Errorf("addr, url = %q, %q; want %q, %q",
					c.HTTP.Addr, c.Database.URL.Reveal(), tt.wantAddr, tt.wantDB.Reveal())
			}
		})
	}
}

func TestLoadNamesTheOverrideInAProblem(t *testing.T) {
	clearOverrides(t)
	t.Setenv("ORDO_HTTP_ADDR", "8080")
	_, err := config.Load("testdata/minimal.yaml")
	wantError(t, err, `testdata/minimal.yaml: http.addr: "8080" is not host:port, `+
		`such as 127.0.0.1:8080 (set by ORDO_HTTP_ADDR)`)
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name       string
		flag, env  string
		haveDefult bool
		want       string
	}{
		{"flag first", "custom.yaml", "env.yaml", true, "custom.yaml"},
		{"then ORDO_CONFIG", "", "env.yaml", true, "env.yaml"},
		{"then ordo.yaml when it exists", "", "", true, "ordo.yaml"},
		{"else defaults only", "", "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			t.Setenv("ORDO_CONFIG", tt.env)
			if tt.haveDefult {
				writeFile(t, "ordo.yaml", "{}\n")
			}
			if got := config.Resolve(tt.flag); got != tt.want {
				t.Errorf("Resolve(%q) = %q, want %q", tt.flag, got, tt.want)
			}
		})
	}
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
