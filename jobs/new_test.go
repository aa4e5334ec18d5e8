package jobs_test

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/jobs"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

func TestNew(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))

	t.Run("a zero config takes the defaults", func(t *testing.T) {
		if _, err := jobs.New(db, jobs.Services{}, jobs.Config{}, log); err != nil {
			t.Errorf("New with a zero Config: %v", err)
		}
	})

	t.Run("every poll interval the configuration accepts makes a queue", func(t *testing.T) {
		for _, d := range []time.Duration{time.Millisecond, 1500 * time.Microsecond,
			2 * time.Millisecond, time.Second} {
			cfg := config.Default()
			cfg.Jobs.PollInterval = config.Duration(d)
			if err := cfg.Validate(); err != nil {
				continue // the configuration refuses it; nothing to start
			}
			if _, err := jobs.New(db, jobs.Services{}, jobs.Config{PollInterval: d},
				log); err != nil {
				t.Errorf("BUG: jobs.poll_interval %v passes config validation, but "+
					"jobs.New fails: %v", d, err)
			}
		}
	})

	t.Run("every worker count the configuration accepts makes a queue", func(t *testing.T) {
		for _, n := range []int{1, 16, 10_000, 10_001} {
			cfg := config.Default()
			cfg.Jobs.Workers = n
			if err := cfg.Validate(); err != nil {
				continue // the configuration refuses it; nothing to start
			}
			if _, err := jobs.New(db, jobs.Services{}, jobs.Config{Workers: n},
				log); err != nil {
				t.Errorf("BUG: jobs.workers %d passes config validation, but "+
					"jobs.New fails: %v", n, err)
			}
		}
	})
}
