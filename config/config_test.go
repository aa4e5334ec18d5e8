package config_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ordo-oms/ordo/config"
)

func TestDefault(t *testing.T) {
	want := &config.Config{
		HTTP: config.HTTP{
			Addr:            "127.0.0.1:8080",
			MaxBodyBytes:    5 << 20,
			ReadTimeout:     config.Duration(10 * time.Second),
			WriteTimeout:    config.Duration(30 * time.Second),
			ShutdownTimeout: config.Duration(15 * time.Second),
		},
		Database: config.Database{
			URL:          "sqlite://ordo.db",
			MaxOpenConns: 16,
			CommitBatch:  256,
			BusyTimeout:  config.Duration(5 * time.Second),
		},
		Ingest: config.Ingest{DedupRetention: config.Duration(168 * time.Hour)},
		Jobs: config.Jobs{
			Workers:      16,
			MaxAttempts:  10,
			PollInterval: config.Duration(50 * time.Millisecond),
			Timeout:      config.Duration(time.Minute),
			RescueAfter:  config.Duration(5 * time.Minute),
		},
		Log: config.Log{Level: "info", Format: "json"},
	}
	if diff := cmp.Diff(want, config.Default()); diff != "" {
		t.Errorf("Default() mismatch (-want +got):\n%s", diff)
	}
}

func TestWithDefaultsKeepsWhatIsSet(t *testing.T) {
	c := &config.Config{
		HTTP:     config.HTTP{Addr: ":9000"},
		Jobs:     config.Jobs{Workers: 2},
		Channels: []config.Channel{{ID: "pos", Kind: "pos", Mode: "active"}, {ID: "bol"}},
	}
	got := c.WithDefaults()

	if got.HTTP.Addr != ":9000" || got.Jobs.Workers != 2 || got.Jobs.MaxAttempts != 10 {
		t.Errorf("WithDefaults() = %+v", got)
	}
	poll := config.Duration(5 * time.Minute)
	api := config.ChannelAPI{Timeout: config.Duration(30 * time.Second)}
	wantChannels := []config.Channel{
		{ID: "pos", Kind: "pos", Mode: "active", ReleasePayment: "authorized", TimeZone: "UTC",
			API: api, Poll: &poll},
		{ID: "bol", Mode: "shadow", ReleasePayment: "authorized", TimeZone: "UTC", API: api,
			Poll: &poll},
	}
	if diff := cmp.Diff(wantChannels, got.Channels); diff != "" {
		t.Errorf("channels mismatch (-want +got):\n%s", diff)
	}
	if c.Channels[1].Mode != "" || c.Jobs.MaxAttempts != 0 {
		t.Errorf("WithDefaults changed its receiver: %+v", c)
	}
}

func TestLookups(t *testing.T) {
	c := validConfig()
	tests := []struct {
		name   string
		lookup func() (string, bool)
		want   string
		wantOK bool
	}{
		{"channel by id", func() (string, bool) {
			ch, ok := c.ChannelByID("bol")
			return ch.ID, ok
		}, "bol", true},
		{"channel by unknown id", func() (string, bool) {
			ch, ok := c.ChannelByID("amazon")
			return ch.ID, ok
		}, "", false},
		{"channel by domain ignores case", func() (string, bool) {
			ch, ok := c.ChannelByDomain("Example-NL.myshopify.com")
			return ch.ID, ok
		}, "shop-nl", true},
		{"channel by unknown domain", func() (string, bool) {
			ch, ok := c.ChannelByDomain("other.myshopify.com")
			return ch.ID, ok
		}, "", false},
		{"channel by empty domain", func() (string, bool) {
			ch, ok := c.ChannelByDomain("")
			return ch.ID, ok
		}, "", false},
		{"location by id", func() (string, bool) {
			l, ok := c.LocationByID("3pl")
			return l.ID, ok
		}, "3pl", true},
		{"location by unknown id", func() (string, bool) {
			l, ok := c.LocationByID("dc-antwerp")
			return l.ID, ok
		}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.lookup()
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("= %q, %v; want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
