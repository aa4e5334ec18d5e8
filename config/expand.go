package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// expander replaces references in configuration values: ${NAME} with the
// environment variable NAME, ${file:PATH} with the contents of the file at
// PATH less its trailing newlines, and $${ with a literal ${.
type expander struct {
	dir    string // makes a relative ${file:PATH} relative to the config file
	lookup func(string) (string, bool)
}

// expand returns s with its references replaced, and a message for each
// reference that could not be.
func (x expander) expand(s string) (string, []string) {
	if !strings.Contains(s, "${") {
		return s, nil
	}
	var b strings.Builder
	var problems []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), problems
		}
		if i > 0 && s[i-1] == '$' {
			b.WriteString(s[:i-1] + "${")
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			problems = append(problems, fmt.Sprintf("%q has a ${ without a }", s[i:]))
			return b.String(), problems
		}
		v, err := x.resolve(s[i+2 : i+end])
		if err != "" {
			problems = append(problems, err)
		}
		b.WriteString(v)
		s = s[i+end+1:]
	}
}

// resolve returns the value of one reference, the text between ${ and }.
func (x expander) resolve(ref string) (string, string) {
	if path, ok := strings.CutPrefix(ref, "file:"); ok {
		if path == "" {
			return "", "${file:} names no file"
		}
		if !filepath.IsAbs(path) {
			path = filepath.Join(x.dir, path)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Sprintf("${file:%s}: %v", ref[len("file:"):], err)
		}
		return strings.TrimRight(string(data), "\r\n"), ""
	}
	if !isEnvName(ref) {
		return "", fmt.Sprintf("${%s}: %q is not an environment variable name "+
			"or file:PATH", ref, ref)
	}
	v, ok := x.lookup(ref)
	if !ok {
		return "", fmt.Sprintf("environment variable %s is not set", ref)
	}
	return v, ""
}

func isEnvName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for _, r := range s {
		if r != '_' && (r < 'A' || r > 'Z') && (r < 'a' || r > 'z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}
