// Package calendar reckons with working days, holidays and cut-off times in
// a location's own time zone: the next instant a location dispatches, and
// the day a carrier delivers. Days are civil dates, so that a day is a day
// on either side of a daylight-saving change.
package calendar

import (
	"fmt"
	"time"
)

// Date is a civil date: a day in the calendar, without a time of day or a
// time zone. The zero Date is not a valid day.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads a date written as YYYY-MM-DD, such as 2026-12-25, and
// rejects days that do not exist, such as 2026-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("calendar: %q is not a date written as YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf returns the day t falls on in its own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// String writes d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// AddDays returns the day n days after d, or before it for a negative n.
func (d Date) AddDays(n int) Date {
	return DateOf(d.noonUTC().AddDate(0, 0, n))
}

// Weekday returns the day of the week d falls on.
func (d Date) Weekday() time.Weekday {
	return d.noonUTC().Weekday()
}

// DaysSince returns the number of days from e to d: 1 when d is the day
// after e, negative when d is before e.
func (d Date) DaysSince(e Date) int {
	return int(d.noonUTC().Sub(e.noonUTC()).Hours() / 24)
}

// Midnight returns the instant d begins in loc. On a day that begins in a
// daylight-saving gap it is the first instant that exists.
func (d Date) Midnight(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// At returns the instant the clock reads c on day d in loc. A time that a
// daylight-saving change skips is taken as the same wall-clock time read
// with the offset before the change, which lands after the gap; a time that
// occurs twice is not guaranteed to be either one.
func (d Date) At(c Clock, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, int(c)/60, int(c)%60, 0, 0, loc)
}

// noonUTC is d at noon UTC, safe from every calendar edge for arithmetic.
func (d Date) noonUTC() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}
