package config_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/config"
	"go.yaml.in/yaml/v3"
)

func TestDurationDecodesFromYAML(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       config.Duration
		wantErr    string
	}{
		{"seconds", "d: 15s", config.Duration(15 * time.Second), ""},
		{"hours", "d: 168h", config.Duration(168 * time.Hour), ""},
		{"mixed units", "d: 1h30m", config.Duration(90 * time.Minute), ""},
		{"zero", "d: 0s", 0, ""},
		{"empty leaves it alone", "d:", 0, ""},
		{"number without unit", "d: 30", 0, `"30" is not a duration: write a number with a unit`},
		{"not a duration", "d: soon", 0, `"soon" is not a duration`},
		{"a list", "d: [1s]", 0, "expected a duration such as 15s, found a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v struct{ D config.Duration }
			err := yaml.Unmarshal([]byte(tt.yaml), &v)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || v.D != tt.want {
				t.Errorf("got %s, %v; want %s", v.D, err, tt.want)
			}
		})
	}
}

func TestDurationPrintsWithoutTrailingZeroUnits(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{168 * time.Hour, "168h"},
		{90 * time.Minute, "1h30m"},
		{time.Hour + time.Second, "1h0m1s"},
		{10 * time.Minute, "10m"},
		{50 * time.Millisecond, "50ms"},
		{0, "0s"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := config.Duration(tt.d).String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDurationRoundTripsThroughJSON(t *testing.T) {
	in := config.Duration(15 * time.Second)
	data, err := json.Marshal(in)
	if err != nil || string(data) != `"15s"` {
		t.Fatalf("Marshal = %s, %v", data, err)
	}
	var out config.Duration
	if err := json.Unmarshal(data, &out); err != nil || out != in {
		t.Errorf("Unmarshal = %s, %v", out, err)
	}
}
