package config_test

import (
	"strings"
	"testing"

	"github.com/ordo-oms/ordo/config"
)

func TestParseDatabaseURL(t *testing.T) {
	tests := []struct {
		name, url string
		kind, dsn string
		wantErr   string
	}{
		{"relative sqlite path", "sqlite://ordo.db", "sqlite", "ordo.db", ""},
		{"relative sqlite path in a directory", "sqlite://data/ordo.db",
			"sqlite", "data/ordo.db", ""},
		{"absolute sqlite path", "sqlite:///abs/path.db", "sqlite", "/abs/path.db", ""},
		{"postgres unchanged", "postgres://ordo@db:5432/ordo?sslmode=disable",
			"postgres", "postgres://ordo@db:5432/ordo?sslmode=disable", ""},
		{"postgresql unchanged", "postgresql://ordo:pw@db/ordo",
			"postgres", "postgresql://ordo:pw@db/ordo", ""},
		{"in-memory sqlite", "sqlite://:memory:", "", "",
			"in-memory SQLite is not supported"},
		{"in-memory sqlite by mode", "sqlite://file:x?mode=memory", "", "",
			"in-memory SQLite is not supported"},
		{"sqlite without a file", "sqlite://", "", "", "sqlite:// names no file"},
		{"sqlite with parameters", "sqlite://ordo.db?_fk=1", "", "", "takes no parameters"},
		{"no scheme", "ordo.db", "", "", "must be sqlite://PATH or postgres://"},
		{"unknown scheme", "mysql://db/ordo", "", "", `scheme "mysql" is not one of`},
		{"bad postgres url hides the password", "postgres://ordo:hunter2@db:x/ordo",
			"", "", `invalid port ":x" after host`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, dsn, err := config.ParseDatabaseURL(tt.url)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) ||
					!strings.HasPrefix(err.Error(), "config: database url: ") ||
					strings.Contains(err.Error(), "hunter2") {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || kind != tt.kind || dsn != tt.dsn {
				t.Errorf("= %q, %q, %v; want %q, %q", kind, dsn, err, tt.kind, tt.dsn)
			}
		})
	}
}
