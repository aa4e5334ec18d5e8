package calendar_test

import (
	"testing"
	"time"

	"github.com/ordo-oms/ordo/rules/calendar"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want calendar.Date
		ok   bool
	}{
		{"2026-12-25", calendar.Date{Year: 2026, Month: time.December, Day: 25}, true},
		{"2028-02-29", calendar.Date{Year: 2028, Month: time.February, Day: 29}, true},
		{"2026-02-29", calendar.Date{}, false},
		{"2026-02-30", calendar.Date{}, false},
		{"2026-13-01", calendar.Date{}, false},
		{"25-12-2026", calendar.Date{}, false},
		{"2026-1-5", calendar.Date{}, false},
		{"", calendar.Date{}, false},
	}
	for _, tt := range tests {
		got, err := calendar.ParseDate(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want calendar.Clock
		ok   bool
	}{
		{"17:00", 17 * 60, true},
		{"00:00", 0, true},
		{"23:59", 23*60 + 59, true},
		{"09:30", 9*60 + 30, true},
		{"17:60", 0, false},
		{"24:00", 0, false},
		{"9:30", 0, false},
		{"17", 0, false},
		{"17:00:00", 0, false},
		{"ab:cd", 0, false},
	}
	for _, tt := range tests {
		got, err := calendar.ParseClock(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseClock(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok && got.String() != tt.in {
			t.Errorf("ParseClock(%q).String() = %q", tt.in, got.String())
		}
	}
}

func TestParseWeekdays(t *testing.T) {
	tests := []struct {
		in   string
		want []time.Weekday
	}{
		{"mon", []time.Weekday{time.Monday}},
		{"sun", []time.Weekday{time.Sunday}},
		{"mon-fri", []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday,
			time.Friday}},
		{"fri-mon", []time.Weekday{time.Friday, time.Saturday, time.Sunday, time.Monday}},
		{"sat-sat", []time.Weekday{time.Saturday}},
		{"monday", nil},
		{"mon-", nil},
		{"Mon", nil},
	}
	for _, tt := range tests {
		got, err := calendar.ParseWeekdays(tt.in)
		if (err == nil) != (tt.want != nil) || !equal(got, tt.want) {
			t.Errorf("ParseWeekdays(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func equal(a, b []time.Weekday) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func date(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestDateArithmetic(t *testing.T) {
	d := date("2026-03-28")
	if got := d.AddDays(1); got != date("2026-03-29") {
		t.Errorf("AddDays(1) = %v", got)
	}
	if got := d.AddDays(4); got != date("2026-04-01") {
		t.Errorf("AddDays(4) = %v", got)
	}
	if got := d.AddDays(-28); got != date("2026-02-28") {
		t.Errorf("AddDays(-28) = %v", got)
	}
	if got := date("2026-10-26").DaysSince(date("2026-10-24")); got != 2 {
		t.Errorf("DaysSince across the autumn change = %d, want 2", got)
	}
	if got := date("2026-03-29").Weekday(); got != time.Sunday {
		t.Errorf("2026-03-29 is a %v, want Sunday", got)
	}
}

func TestAddWorkingDays(t *testing.T) {
	weekdays := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday,
		time.Friday}
	cal := calendar.New(weekdays, []calendar.Date{date("2026-04-06")}) // Easter Monday
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-03-25", 0, "2026-03-25"},
		{"2026-03-25", 1, "2026-03-26"},
		{"2026-03-27", 1, "2026-03-30"}, // Friday to Monday
		{"2026-03-28", 1, "2026-03-30"}, // from a Saturday
		{"2026-04-03", 1, "2026-04-07"}, // over Easter Monday
		{"2026-04-02", 3, "2026-04-08"},
	}
	for _, tt := range tests {
		if got := cal.AddWorkingDays(date(tt.from), tt.n); got != date(tt.want) {
			t.Errorf("AddWorkingDays(%s, %d) = %v, want %s", tt.from, tt.n, got, tt.want)
		}
	}
	if got := calendar.New(nil, nil).AddWorkingDays(date("2026-03-25"), 2); got !=
		date("2026-03-25") {
		t.Errorf("a calendar without working days moved the date to %v", got)
	}
}

func TestScheduleNext(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	var cutoffs [7]calendar.Clock
	for d := range cutoffs {
		cutoffs[d] = 17 * 60
	}
	cutoffs[time.Saturday] = 12 * 60
	cutoffs[time.Sunday] = calendar.NoCutoff
	kingsDay := date("2026-04-27")
	s := calendar.NewSchedule(ams, cutoffs, []calendar.Date{kingsDay})
	sunday := cutoffs
	sunday[time.Sunday] = 17 * 60
	withSunday := calendar.NewSchedule(ams, sunday, nil)

	at := func(s string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", s, ams)
		if err != nil {
			panic(err)
		}
		return t
	}
	tests := []struct {
		name  string
		s     *calendar.Schedule
		now   time.Time
		want  time.Time
		wantU string // the instant in UTC, to see the offset is right
	}{
		{"before the cut-off", s, at("2026-03-25 16:59"), at("2026-03-25 17:00"),
			"2026-03-25 16:00"},
		{"at the cut-off", s, at("2026-03-25 17:00"), at("2026-03-25 17:00"), ""},
		{"a minute past", s, at("2026-03-25 17:01"), at("2026-03-26 17:00"), ""},
		{"Friday evening to Saturday noon", s, at("2026-03-27 18:00"),
			at("2026-03-28 12:00"), ""},
		{"Saturday afternoon over Sunday", s, at("2026-03-28 12:01"),
			at("2026-03-30 17:00"), "2026-03-30 15:00"},
		{"spring forward, before", withSunday, at("2026-03-29 16:59"),
			at("2026-03-29 17:00"), "2026-03-29 15:00"},
		{"spring forward, after", withSunday, at("2026-03-29 17:01"),
			at("2026-03-30 17:00"), ""},
		{"spring forward, an hour past in winter time", withSunday,
			time.Date(2026, 3, 29, 15, 30, 0, 0, time.UTC), at("2026-03-30 17:00"), ""},
		{"fall back, before", withSunday, at("2026-10-25 16:59"), at("2026-10-25 17:00"),
			"2026-10-25 16:00"},
		{"fall back, an hour before in summer time", withSunday,
			time.Date(2026, 10, 25, 15, 30, 0, 0, time.UTC), at("2026-10-25 17:00"), ""},
		{"holiday", s, at("2026-04-27 09:00"), at("2026-04-28 17:00"), ""},
		{"eve of a holiday, after", s, at("2026-04-26 10:00"), at("2026-04-28 17:00"), ""},
		{"time given in another zone", s, time.Date(2026, 3, 25, 15, 59, 0, 0, time.UTC),
			at("2026-03-25 17:00"), ""},
	}
	for _, tt := range tests {
		got := tt.s.Next(tt.now)
		if !got.Equal(tt.want) {
			t.Errorf("%s: Next(%v) = %v, want %v", tt.name, tt.now, got, tt.want)
		}
		if tt.wantU != "" && got.UTC().Format("2006-01-02 15:04") != tt.wantU {
			t.Errorf("%s: Next = %v UTC, want %s", tt.name, got.UTC(), tt.wantU)
		}
		if got.Location() != ams {
			t.Errorf("%s: Next is in %v, want the schedule's zone", tt.name, got.Location())
		}
	}
}

func TestScheduleWithoutWorkingDays(t *testing.T) {
	var none [7]calendar.Clock
	for d := range none {
		none[d] = calendar.NoCutoff
	}
	s := calendar.NewSchedule(time.UTC, none, nil)
	if got := s.Next(time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC)); !got.IsZero() {
		t.Errorf("Next = %v, want the zero time", got)
	}
}
