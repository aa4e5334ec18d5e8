package rules_test

import (
	"errors"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/rules"
	"github.com/ordo-oms/ordo/rules/calendar"
)

// mustParse parses a rule set and fails the test on a problem.
func mustParse(t testing.TB, src string) *rules.Set {
	t.Helper()
	s, err := rules.Parse([]byte(src), "test.yaml")
	if err != nil {
		t.Fatalf("Parse:\n%v", err)
	}
	return s
}

func minimal(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestDefaults(t *testing.T) {
	s := mustParse(t, string(minimal(t)))
	if got := s.Locations()[0].Kind; got != rules.KindWarehouse {
		t.Errorf("kind %q, want warehouse", got)
	}
	if got := s.Split(); got.Allow != nil || got.MaxParts != 1 || got.MaxWaitDays != 0 ||
		got.Backorder != rules.ShipPartial {
		t.Errorf("split %+v, want no split and ship_partial", got)
	}
	want := rules.Bundling{Enabled: false, Window: 15 * time.Minute,
		CutoffMargin: 10 * time.Minute}
	if diff := cmp.Diff(want, s.Bundling()); diff != "" {
		t.Errorf("bundling (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]rules.Criterion{rules.ByDeadline, rules.ByOldestBackorder},
		s.Priority().Order); diff != "" {
		t.Errorf("priority (-want +got):\n%s", diff)
	}
	if got := s.Carriers()[0].Calendar.Works(date(t, "2026-03-28")); got {
		t.Error("a carrier works on Saturday by default")
	}
	allowed := mustParse(t, string(minimal(t))+"split:\n  allow: true\n")
	if got := allowed.Split().MaxParts; got != 2 {
		t.Errorf("max_parts %d when splitting is allowed, want 2", got)
	}
}

func TestLocation(t *testing.T) {
	s, err := rules.Load("../rules.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	l, ok := s.Location("dc-utrecht")
	if !ok {
		t.Fatal("no dc-utrecht")
	}
	if l.TimeZone.String() != "Europe/Amsterdam" || l.Country != "NL" || l.Capacity != 4000 ||
		l.HandlingCost != 120 || l.UnitCost != 10 {
		t.Errorf("dc-utrecht read as %+v", l)
	}
	if got := l.Schedule.Cutoff(time.Saturday); got != 12*60 {
		t.Errorf("Saturday cut-off %v, want 12:00", got)
	}
	for _, d := range []string{"2026-12-25", "2026-12-24", "2026-04-27"} {
		if l.Schedule.Calendar().Works(date(t, d)) {
			t.Errorf("dc-utrecht works on %s, a holiday", d)
		}
	}
	tests := []struct {
		country string
		zone    int
	}{{"NL", 0}, {"BE", 1}, {"DE", 2}}
	for _, tt := range tests {
		if got := l.Zone(tt.country); got != tt.zone {
			t.Errorf("zone of %s = %d, want %d", tt.country, got, tt.zone)
		}
	}
	if !l.ServesRegion("NL", "NH") || l.ServesRegion("FR", "") {
		t.Error("dc-utrecht serves the wrong countries")
	}
	if _, ok := s.Location("dc-nowhere"); ok {
		t.Error("an unknown location was found")
	}
	postnl := s.Carriers()[0]
	z := postnl.ZoneFor("BE")
	if z == nil || z.Name != "benelux" || z.Transit[order.MethodStandard] != 2 {
		t.Fatalf("postnl's zone for BE is %+v", z)
	}
	for _, tt := range []struct {
		weight int64
		cost   int64
		ok     bool
	}{{1, 850, true}, {2000, 850, true}, {2001, 1450, true}, {31500, 1450, true},
		{31501, 0, false}} {
		if cost, ok := z.Cost(tt.weight); cost != tt.cost || ok != tt.ok {
			t.Errorf("Cost(%d) = %d, %v; want %d, %v", tt.weight, cost, ok, tt.cost, tt.ok)
		}
	}
}

func TestRegions(t *testing.T) {
	src := regexp.MustCompile(`serves: \[NL\]`).ReplaceAllString(string(minimal(t)),
		"serves: [NL-NH, NL-UT, BE, BE-VAN]")
	s := mustParse(t, src)
	l := s.Locations()[0]
	tests := []struct {
		country, region string
		want            bool
	}{{"NL", "NH", true}, {"NL", "UT", true}, {"NL", "ZH", false}, {"NL", "", false},
		{"BE", "BRU", true}, {"BE", "", true}, {"DE", "BE", false}}
	for _, tt := range tests {
		if got := l.ServesRegion(tt.country, tt.region); got != tt.want {
			t.Errorf("ServesRegion(%s, %q) = %v, want %v", tt.country, tt.region, got, tt.want)
		}
	}
}

func TestProducts(t *testing.T) {
	s := mustParse(t, string(minimal(t))+`products:
  - {sku: "HAZ-*", tags: [hazardous]}
  - {sku: "*-XL", tags: [oversize]}
  - {sku: "GIFT-*-BOX", tags: [gift]}
  - {sku: "TEE-BLK-M", weight_g: 200}
`)
	tests := []struct {
		sku  string
		want int
	}{{"HAZ-1", 0}, {"HAZ-", 0}, {"HAZ-1-XL", 0}, {"TEE-XL", 1}, {"-XL", 1},
		{"GIFT-RED-BOX", 2}, {"GIFT-BOX", 4}, {"GIFT--BOX", 2}, {"TEE-BLK-M", 3},
		{"TEE-BLK-L", 4}, {"haz-1", 4}}
	for _, tt := range tests {
		if got := s.ProductIndex(tt.sku); got != tt.want {
			t.Errorf("ProductIndex(%q) = %d, want %d", tt.sku, got, tt.want)
		}
	}
}

func TestVersion(t *testing.T) {
	data := minimal(t)
	a := mustParse(t, string(data))
	if !regexp.MustCompile(`^sha256:[0-9a-f]{16}$`).MatchString(a.Version()) {
		t.Errorf("version %q is not sha256: and 16 hexadecimal digits", a.Version())
	}
	if b := mustParse(t, string(data)); b.Version() != a.Version() {
		t.Errorf("the same file has versions %s and %s", a.Version(), b.Version())
	}
	if c := mustParse(t, string(data)+"# a comment\n"); c.Version() == a.Version() {
		t.Error("a changed file kept its version")
	}
	if a.Source() != "test.yaml" {
		t.Errorf("source %q, want test.yaml", a.Source())
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := rules.Load("testdata/nothing-here.yaml")
	var rerr *rules.Error
	if err == nil || errors.As(err, &rerr) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: %v, want a wrapped os.ErrNotExist", err)
	}
}

func TestErrorFormat(t *testing.T) {
	e := &rules.Error{File: "rules.yaml", Problems: []rules.Problem{
		{Line: 3, Column: 5, Field: "locations[0].id", Message: "missing"},
		{Line: 7, Message: "did not find expected key"},
		{Field: "currency", Message: "missing"},
	}}
	want := "rules.yaml:3:5: locations[0].id: missing\n" +
		"rules.yaml:7: did not find expected key\n" +
		"rules.yaml: currency: missing"
	if got := e.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
}

func date(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
