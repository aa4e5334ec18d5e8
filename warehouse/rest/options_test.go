package rest_test

import (
	"strings"
	"testing"

	"github.com/ordo-oms/ordo/warehouse/rest"
)

func TestNewNamesTheWrongOption(t *testing.T) {
	valid := func() rest.Options {
		return rest.Options{Location: "dc-utrecht", URL: "https://wms.example/api",
			Secret: []byte("signing-secret")}
	}
	tests := []struct {
		name   string
		change func(*rest.Options)
		names  string
	}{
		{"no location", func(o *rest.Options) { o.Location = "" }, "Options.Location"},
		{"no URL", func(o *rest.Options) { o.URL = "" }, "Options.URL is empty"},
		{"relative URL", func(o *rest.Options) { o.URL = "/api" }, "Options.URL must be"},
		{"ftp URL", func(o *rest.Options) { o.URL = "ftp://wms.example" }, "Options.URL must be"},
		{"unparsable URL", func(o *rest.Options) { o.URL = "https://user:p%zz@wms" },
			"Options.URL is not a valid URL"},
		{"no secret", func(o *rest.Options) { o.Secret = nil }, "Options.Secret"},
		{"negative timeout", func(o *rest.Options) { o.Timeout = -1 }, "Options.Timeout"},
		{"token and OAuth2", func(o *rest.Options) {
			o.Token = "static-token"
			o.TokenURL, o.ClientID, o.ClientSecret = "https://wms.example/token", "ordo", "client-secret"
		}, "give one"},
		{"OAuth2 without a client secret", func(o *rest.Options) {
			o.TokenURL, o.ClientID = "https://wms.example/token", "ordo"
		}, "OAuth2 needs"},
		{"OAuth2 with a relative token URL", func(o *rest.Options) {
			o.TokenURL, o.ClientID, o.ClientSecret = "/token", "ordo", "client-secret"
		}, "Options.TokenURL must be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := valid()
			tt.change(&o)
			_, err := rest.New(o)
			if err == nil || !strings.Contains(err.Error(), tt.names) {
				t.Fatalf("New = %v, want an error that names %q", err, tt.names)
			}
			for _, secret := range []string{"signing-secret", "static-token", "client-secret", "p%zz"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q shows %q", err, secret)
				}
			}
		})
	}
	if _, err := rest.New(valid()); err != nil {
		t.Errorf("New with valid options = %v", err)
	}
}
