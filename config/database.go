package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ParseDatabaseURL tells which database a database URL names. For
// sqlite://PATH it returns kind "sqlite" and the file path: sqlite://ordo.db
// gives ordo.db, relative to the working directory, and
// sqlite:///var/lib/ordo/ordo.db gives /var/lib/ordo/ordo.db. For
// postgres:// and postgresql:// URLs it returns kind "postgres" and the URL
// unchanged. Error messages never include a password.
//
// An in-memory SQLite database is refused: the HTTP server and the job
// workers use separate connections, and each connection to :memory: would
// see a database of its own.
func ParseDatabaseURL(rawURL string) (kind, dsn string, err error) {
	kind, dsn, err = parseDatabaseURL(rawURL)
	if err != nil {
		return "", "", fmt.Errorf("config: database url: %w", err)
	}
	return kind, dsn, nil
}

func parseDatabaseURL(rawURL string) (kind, dsn string, err error) {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return "", "", errors.New("must be sqlite://PATH or " +
			"postgres://user@host:5432/db")
	}
	switch strings.ToLower(scheme) {
	case "sqlite":
		path, err := sqlitePath(rest)
		if err != nil {
			return "", "", err
		}
		return "sqlite", path, nil
	case "postgres", "postgresql":
		if _, err := url.Parse(rawURL); err != nil {
			var uerr *url.Error
			if errors.As(err, &uerr) {
				err = uerr.Err // url.Error repeats the URL, password and all.
			}
			return "", "", err
		}
		return "postgres", rawURL, nil
	}
	return "", "", fmt.Errorf("scheme %q is not one of sqlite, postgres, postgresql",
		scheme)
}

func sqlitePath(path string) (string, error) {
	switch {
	case path == "":
		return "", errors.New("sqlite:// names no file; " +
			"write sqlite://ordo.db or sqlite:///abs/path.db")
	case path == ":memory:" || strings.HasPrefix(path, "file::memory:") ||
		strings.Contains(path, "mode=memory"):
		return "", errors.New("in-memory SQLite is not supported: " +
			"the server and the job workers need one shared database file")
	case strings.ContainsAny(path, "?#"):
		return "", errors.New("a sqlite URL takes no parameters; " +
			"use the database settings instead")
	}
	return path, nil
}
