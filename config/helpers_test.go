package config_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ordo-oms/ordo/config"
)

// clearOverrides unsets the environment variables that Load applies over
// the file, so that a developer's own settings do not change test results.
func clearOverrides(t testing.TB) {
	t.Helper()
	t.Setenv("ORDO_HTTP_ADDR", "")
	t.Setenv("ORDO_DATABASE_URL", "")
	t.Setenv("ORDO_CONFIG", "")
}

// mustLoad loads the configuration at path and fails the test on an error.
func mustLoad(t testing.TB, path string) *config.Config {
	t.Helper()
	c, err := config.Load(path)
	if err != nil {
		t.Fatalf("Load(%q): %v", path, err)
	}
	return c
}

// problems returns the problems in err, which must be a *config.Error.
func problems(t testing.TB, err error) []config.Problem {
	t.Helper()
	var cerr *config.Error
	if !errors.As(err, &cerr) {
		t.Fatalf("error %v (%T) is not a *config.Error", err, err)
	}
	return cerr.Problems
}

// wantError checks that err is a *config.Error whose text is want.
func wantError(t testing.TB, err error, want string) {
	t.Helper()
	problems(t, err)
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}
}

// simulated returns a simulated location as loading fills it in when the
// file gives only its id, connector and mode.
func simulated(id, mode string) config.Location {
	return config.Location{
		ID: id, Connector: "simulated", Mode: mode,
		Simulated:   config.Simulated{HandlingTime: config.Duration(30 * time.Second)},
		MaxAttempts: 10,
		Backoff:     config.Duration(time.Second), MaxBackoff: config.Duration(10 * time.Minute),
		Breaker:  config.Breaker{Failures: 5, Cooldown: config.Duration(30 * time.Second)},
		Statuses: config.DefaultStatuses(),
	}
}
