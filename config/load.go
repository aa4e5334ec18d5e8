package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// DefaultFile is the configuration file Resolve picks when neither a flag
// nor ORDO_CONFIG names one.
const DefaultFile = "ordo.yaml"

// Resolve returns the path of the configuration file to load: flagPath if
// it is not empty, else the value of ORDO_CONFIG if that is not empty, else
// ordo.yaml if it exists in the working directory, else "", which Load takes
// to mean the defaults.
func Resolve(flagPath string) string {
	if flagPath != "" {
		return flagPath
	}
	if p := os.Getenv("ORDO_CONFIG"); p != "" {
		return p
	}
	if fi, err := os.Stat(DefaultFile); err == nil && fi.Mode().IsRegular() {
		return DefaultFile
	}
	return ""
}

// Load reads the configuration file at path and returns the configuration
// it describes. It
//
//  1. replaces ${NAME} in values with the environment variable NAME and
//     ${file:PATH} with the contents of the file at PATH, less trailing
//     newlines ($${ stands for a literal ${);
//  2. decodes the file strictly: an unknown setting is an error;
//  3. fills in defaults, as WithDefaults does;
//  4. applies ORDO_HTTP_ADDR and ORDO_DATABASE_URL, when they are set and
//     not empty, over http.addr and database.url;
//  5. validates the result.
//
// A relative ${file:PATH} and a relative rules path are taken relative to
// the directory of the configuration file. With path "", Load starts from
// Default and does steps 4 and 5.
//
// Problems with the content are reported all at once in an *Error, each
// with its line and column; an unreadable configuration file is reported as
// it is.
func Load(path string) (*Config, error) {
	src := &source{file: path, pos: map[string]position{}, env: map[string]string{}}
	c := &Config{}
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("config: read %s: %w", path, err)
		}
		dir := filepath.Dir(path)
		x := expander{dir: dir, lookup: os.LookupEnv}
		if err := decode(data, x, c, src); err != nil {
			return nil, err
		}
		if c.Rules != "" && !filepath.IsAbs(c.Rules) {
			c.Rules = filepath.Join(dir, c.Rules)
		}
	}
	c = c.WithDefaults()
	applyOverrides(c, src)
	if err := c.validate(src); err != nil {
		return nil, err
	}
	return c, nil
}

// overrides lists the environment variables that override settings.
var overrides = []struct {
	env, field string
	set        func(*Config, string)
}{
	{"ORDO_HTTP_ADDR", "http.addr", func(c *Config, v string) { c.HTTP.Addr = v }},
	{"ORDO_DATABASE_URL", "database.url", func(c *Config, v string) { c.Database.URL = URL(v) }},
}

func applyOverrides(c *Config, src *source) {
	for _, o := range overrides {
		if v := os.Getenv(o.env); v != "" {
			o.set(c, v)
			src.env[o.field] = o.env
		}
	}
}

// source records where the settings of a configuration came from, so that
// a problem can be reported at its place.
type source struct {
	file string
	pos  map[string]position // by field path, such as channels[1].kind
	env  map[string]string   // the variable that overrode a field
}

type position struct{ line, column int }

// problem returns a Problem for field placed where field, or else the
// nearest enclosing setting present, is in the file.
func (s *source) problem(field, msg string) Problem {
	p := Problem{Field: field, Message: msg}
	if s == nil {
		return p
	}
	if env, ok := s.env[field]; ok {
		p.Message += " (set by " + env + ")"
		return p
	}
	for f := field; f != ""; f = parentPath(f) {
		if pos, ok := s.pos[f]; ok {
			p.Line, p.Column = pos.line, pos.column
			break
		}
	}
	return p
}

// parentPath returns the path of the setting that holds field:
// channels[1] for channels[1].kind, channels for channels[1].
func parentPath(field string) string {
	i := strings.LastIndexAny(field, ".[")
	if i < 0 {
		return ""
	}
	return field[:i]
}
