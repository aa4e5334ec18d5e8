package calendar

import "time"

// NoCutoff marks a day of the week on which a Schedule does not dispatch.
const NoCutoff Clock = -1

// Schedule is when a location dispatches: a cut-off time on each day of the
// week it works, in its own time zone, and the holidays on which it does
// not. An order ready at or before a cut-off leaves that day.
type Schedule struct {
	zone    *time.Location
	cutoffs [7]Clock
	cal     *Calendar
}

// NewSchedule returns the schedule of a location in zone whose cut-off on
// each weekday is cutoffs[weekday], or NoCutoff on a day without dispatch,
// and that does not dispatch on the holidays.
func NewSchedule(zone *time.Location, cutoffs [7]Clock, holidays []Date) *Schedule {
	var week []time.Weekday
	for d, c := range cutoffs {
		if c != NoCutoff {
			week = append(week, time.Weekday(d))
		}
	}
	return &Schedule{zone: zone, cutoffs: cutoffs, cal: New(week, holidays)}
}

// Zone returns the time zone the schedule's times are in.
func (s *Schedule) Zone() *time.Location { return s.zone }

// Cutoff returns the cut-off time on weekday d, or NoCutoff.
func (s *Schedule) Cutoff(d time.Weekday) Clock { return s.cutoffs[d%7] }

// Calendar returns the location's working days.
func (s *Schedule) Calendar() *Calendar { return s.cal }

// Next returns the next dispatch at t: today's cut-off if t is at or before
// it and today is a working day, else the cut-off of the next working day.
// "Today" is the day t falls on in the schedule's zone. It returns the zero
// time for a schedule without any working day.
func (s *Schedule) Next(t time.Time) time.Time {
	day := DateOf(t.In(s.zone))
	for range s.cal.nonWorkingRun() + 2 {
		if s.cal.Works(day) {
			if c := day.At(s.cutoffs[day.Weekday()], s.zone); !t.After(c) {
				return c
			}
		}
		day = day.AddDays(1)
	}
	return time.Time{}
}
