package jobs

import (
	"encoding/json"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// retryPolicy spaces the retries of a send by its location's delivery,
// and those of a call by its channel's: exponential back-off with jitter,
// up to a ceiling. Other jobs keep River's default.
type retryPolicy struct {
	locations map[string]Delivery
	channels  map[string]Channel
	def       river.DefaultClientRetryPolicy
}

// NextRetry returns when a failed job runs again.
func (p *retryPolicy) NextRetry(job *rivertype.JobRow) time.Time {
	d, ok := p.delivery(job)
	if !ok || d.Backoff <= 0 {
		return p.def.NextRetry(job)
	}
	return time.Now().Add(backoff(d, job.Attempt))
}

// delivery returns the delivery settings of a send or a call.
func (p *retryPolicy) delivery(job *rivertype.JobRow) (Delivery, bool) {
	switch job.Kind {
	case SendArgs{}.Kind():
		var args SendArgs
		if err := json.Unmarshal(job.EncodedArgs, &args); err != nil {
			return Delivery{}, false
		}
		d, ok := p.locations[args.Location]
		return d, ok
	case CallChannelArgs{}.Kind():
		var args CallChannelArgs
		if err := json.Unmarshal(job.EncodedArgs, &args); err != nil {
			return Delivery{}, false
		}
		c, ok := p.channels[args.Channel]
		return c.Delivery, ok
	}
	return Delivery{}, false
}

// backoff is the wait after the given attempt: Backoff doubled for each
// attempt before it, capped at MaxBackoff, less up to half at random.
func backoff(d Delivery, attempt int) time.Duration {
	wait := d.Backoff
	for i := 1; i < attempt && wait < d.MaxBackoff; i++ {
		wait *= 2
	}
	if d.MaxBackoff > 0 {
		wait = min(wait, d.MaxBackoff)
	}
	return wait - time.Duration(rand.Int64N(int64(wait)/2+1))
}
