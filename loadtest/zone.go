package loadtest

import "time"

// The generated shop keeps Amsterdam time, worked out here rather than
// loaded from the system's time zone database so that the output is the
// same on every machine.
var (
	cet  = time.FixedZone("CET", 1*60*60)
	cest = time.FixedZone("CEST", 2*60*60)
)

// shopTime returns t in the shop's time zone. Summer time in the EU runs
// from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
// Sunday of October.
func shopTime(t time.Time) time.Time {
	y := t.UTC().Year()
	begin := lastSunday(y, time.March).Add(time.Hour)
	end := lastSunday(y, time.October).Add(time.Hour)
	if !t.Before(begin) && t.Before(end) {
		return t.In(cest)
	}
	return t.In(cet)
}

// lastSunday returns midnight UTC at the start of the last Sunday of month
// m in year y.
func lastSunday(y int, m time.Month) time.Time {
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
	return last.AddDate(0, 0, -int(last.Weekday()))
}
