package fulfilment

import (
	"fmt"
	"time"
)

// Window is a time of day within which releases go to a location, as
// offsets from midnight in its time zone. From after Until runs past
// midnight; the zero Window is always open.
type Window struct {
	From, Until time.Duration
}

// open reports whether t, in zone, falls inside the window; if not, it
// also says when the window opens.
func (w Window) open(t time.Time, zone *time.Location) (bool, string) {
	if w == (Window{}) {
		return true, ""
	}
	if zone == nil {
		zone = time.UTC
	}
	local := t.In(zone)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, zone)
	at := local.Sub(midnight)
	in := at >= w.From && at < w.Until
	if w.From > w.Until {
		in = at >= w.From || at < w.Until
	}
	if in {
		return true, ""
	}
	return false, fmt.Sprintf("the release window opens at %s %s",
		clock(w.From), zone.String())
}

func clock(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60)
}
