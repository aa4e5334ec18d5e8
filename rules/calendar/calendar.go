package calendar

import "time"

// Calendar says which days are working days: the days of the week it works
// on, less its holidays. The zero Calendar has no working day.
type Calendar struct {
	week     [7]bool
	holidays map[Date]bool
}

// New returns a calendar working on the given days of the week except on
// the holidays.
func New(week []time.Weekday, holidays []Date) *Calendar {
	c := &Calendar{holidays: make(map[Date]bool, len(holidays))}
	for _, d := range week {
		c.week[d%7] = true
	}
	for _, h := range holidays {
		c.holidays[h] = true
	}
	return c
}

// Works reports whether d is a working day.
func (c *Calendar) Works(d Date) bool {
	return c.week[d.Weekday()] && !c.holidays[d]
}

// IsHoliday reports whether d is one of the calendar's holidays.
func (c *Calendar) IsHoliday(d Date) bool {
	return c.holidays[d]
}

// AddWorkingDays returns the day on which n working days after d have
// passed: for n = 1, the first working day after d; for n = 0, d itself.
// d need not be a working day. A calendar without working days returns d.
func (c *Calendar) AddWorkingDays(d Date, n int) Date {
	if !c.hasWorkingDay() {
		return d
	}
	for n > 0 {
		d = d.AddDays(1)
		if c.Works(d) {
			n--
		}
	}
	return d
}

func (c *Calendar) hasWorkingDay() bool {
	for _, w := range c.week {
		if w {
			return true
		}
	}
	return false
}

// nonWorkingRun bounds how many days in a row may not be working days: a
// week without a working day, followed by every holiday.
func (c *Calendar) nonWorkingRun() int {
	return 7 + len(c.holidays)
}
