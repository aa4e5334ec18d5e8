package calendar

import (
	"fmt"
	"strings"
	"time"
)

// Clock is a time of day in minutes after midnight, from 0 (00:00) to 1439
// (23:59).
type Clock int

// ParseClock reads a time of day written as HH:MM on a 24-hour clock, such
// as 17:00 or 09:30.
func ParseClock(s string) (Clock, error) {
	h, m, ok := strings.Cut(s, ":")
	hour, okH := twoDigits(h)
	minute, okM := twoDigits(m)
	if !ok || !okH || !okM || hour > 23 || minute > 59 {
		return 0, fmt.Errorf("calendar: %q is not a time of day written as HH:MM, "+
			"from 00:00 to 23:59", s)
	}
	return Clock(hour*60 + minute), nil
}

func twoDigits(s string) (int, bool) {
	if len(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// String writes c as HH:MM.
func (c Clock) String() string {
	return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60)
}

// weekdays are the short names of the days of the week, Sunday first as in
// time.Weekday.
var weekdays = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// ParseWeekdays reads one day of the week, such as "mon", or a range of
// them, such as "mon-fri", and returns the days it names. A range may wrap
// around the weekend: "fri-mon" is Friday to Monday.
func ParseWeekdays(s string) ([]time.Weekday, error) {
	from, to, isRange := strings.Cut(s, "-")
	first, ok1 := weekday(from)
	last, ok2 := first, true
	if isRange {
		last, ok2 = weekday(to)
	}
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("calendar: %q is not a day of the week (mon, tue, wed, thu, "+
			"fri, sat, sun) or a range of them such as mon-fri", s)
	}
	days := []time.Weekday{first}
	for d := first; d != last; {
		d = (d + 1) % 7
		days = append(days, d)
	}
	return days, nil
}

func weekday(s string) (time.Weekday, bool) {
	for i, name := range weekdays {
		if s == name {
			return time.Weekday(i), true
		}
	}
	return 0, false
}

// WeekdayName returns the short name of d, such as "mon".
func WeekdayName(d time.Weekday) string {
	return weekdays[d%7]
}
