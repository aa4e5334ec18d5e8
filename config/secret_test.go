package config_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/ordo-oms/ordo/config"
	"go.yaml.in/yaml/v3"
)

func TestSecretRevealReturnsTheValue(t *testing.T) {
	s := config.Secret("hunter2")
	if got := s.Reveal(); got != "hunter2" {
		t.Errorf("Reveal() = %q", got)
	}
	if got := s.GoString(); got != "[redacted]" {
		t.Errorf("GoString() = %q", got)
	}
	if got, _ := s.MarshalText(); string(got) != "[redacted]" {
		t.Errorf("MarshalText() = %q", got)
	}
}

// printings returns v printed every way a secret might leak.
func printings(t *testing.T, v any) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		out["fmt "+verb] = fmt.Sprintf(verb, v)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out["json"] = string(j)
	y, err := yaml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out["yaml"] = string(y)
	for name, h := range map[string]func(*bytes.Buffer) slog.Handler{
		"slog json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		"slog text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		var b bytes.Buffer
		slog.New(h(&b)).Info("loaded", "value", v)
		out[name] = b.String()
	}
	return out
}

func TestSecretIsRedactedWhenPrinted(t *testing.T) {
	type channel struct {
		ID     string
		Secret config.Secret
	}
	values := map[string]any{
		"secret":            config.Secret("hunter2"),
		"struct":            channel{"shop-nl", "hunter2"},
		"pointer to struct": &channel{"shop-nl", "hunter2"},
		"config":            configWithSecrets(),
	}
	for name, v := range values {
		t.Run(name, func(t *testing.T) {
			for how, s := range printings(t, v) {
				if strings.Contains(s, "hunter2") {
					t.Errorf("%s prints the secret: %s", how, s)
				}
				hexRedacted := hex.EncodeToString([]byte("[redacted]")) // by %x
				if !strings.Contains(s, "[redacted]") && !strings.Contains(s, hexRedacted) {
					t.Errorf("%s does not say [redacted]: %s", how, s)
				}
			}
		})
	}
}

func configWithSecrets() *config.Config {
	c := validConfig()
	c.Database.URL = "postgres://ordo:hunter2@db:5432/ordo"
	c.Channels[0].Secret = "hunter2"
	c.Channels[0].AccessToken = "hunter2"
	c.Locations[0].REST.Token = "hunter2"
	c.Locations[1].SFTP.Password = "hunter2"
	return c
}

func TestSecretPrintsExactly(t *testing.T) {
	tests := []struct {
		name   string
		secret config.Secret
		want   map[string]string
	}{
		{"set", "hunter2", map[string]string{
			"fmt %v": "[redacted]", "fmt %#v": "[redacted]", "json": `"[redacted]"`,
			"yaml": "'[redacted]'\n", "slog json": `"value":"[redacted]"`,
		}},
		{"empty", "", map[string]string{
			"fmt %v": "", "fmt %#v": "", "json": `""`, "yaml": "\"\"\n",
			"slog json": `"value":""`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := printings(t, tt.secret)
			for how, want := range tt.want {
				if how == "slog json" {
					if !strings.Contains(got[how], want) {
						t.Errorf("%s = %s, want it to hold %s", how, got[how], want)
					}
					continue
				}
				if got[how] != want {
					t.Errorf("%s = %q, want %q", how, got[how], want)
				}
			}
		})
	}
}

func TestURLHidesOnlyThePassword(t *testing.T) {
	tests := []struct {
		url  config.URL
		want string
	}{
		{"postgres://ordo:hunter2@db:5432/ordo", "postgres://ordo:xxxxx@db:5432/ordo"},
		{"postgres://ordo@db:5432/ordo", "postgres://ordo@db:5432/ordo"},
		{"sqlite://ordo.db", "sqlite://ordo.db"},
		{"postgres://ordo:hunter2@db:5432/%zz", "[redacted]"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			for how, s := range printings(t, tt.url) {
				want := tt.want
				if how == "fmt %x" {
					want = hex.EncodeToString([]byte(want))
				}
				if strings.Contains(s, "hunter2") || !strings.Contains(s, want) {
					t.Errorf("%s = %s, want %s", how, s, want)
				}
			}
			if tt.url.Reveal() != string(tt.url) {
				t.Errorf("Reveal() = %q", tt.url.Reveal())
			}
		})
	}
}
