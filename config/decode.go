package config

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ordo-oms/ordo/yamlfile"
)

// decode parses a YAML configuration into c. Before decoding it expands
// references in values and checks the document against Config's fields, so
// that every unknown setting, malformed value and missing variable is
// reported at once with its place, and records where each setting is in src.
func decode(data []byte, x expander, c *Config, src *source) error {
	var doc yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // An empty file sets nothing.
		}
		return &Error{File: src.file, Problems: []Problem{yamlfile.SyntaxProblem(err)}}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		p := Problem{Line: extra.Line, Column: extra.Column,
			Message: "a configuration file holds one YAML document, not more"}
		if err != nil {
			p = yamlfile.SyntaxProblem(err)
		}
		return &Error{File: src.file, Problems: []Problem{p}}
	}

	w := walker{x: x, src: src, seen: map[*yaml.Node]bool{}}
	root := doc.Content[0]
	w.walk(root, reflect.TypeFor[Config](), "")
	if len(w.problems) > 0 {
		return yamlfile.NewError(src.file, w.problems)
	}
	if err := root.Decode(c); err != nil {
		return fmt.Errorf("config: decode %s: %w", src.file, err)
	}
	return nil
}

// walker checks a YAML node tree against the Go type it is to be decoded
// into, expanding references in scalar values on the way.
type walker struct {
	x        expander
	src      *source
	seen     map[*yaml.Node]bool // scalars already expanded, met again by alias
	problems []Problem
}

func (w *walker) problem(n *yaml.Node, field, format string, args ...any) {
	w.problems = append(w.problems, Problem{Line: n.Line, Column: n.Column,
		Field: field, Message: fmt.Sprintf(format, args...)})
}

func (w *walker) walk(n *yaml.Node, t reflect.Type, path string) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if path != "" {
		w.src.pos[path] = position{n.Line, n.Column}
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	isNull := n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
	switch {
	case t.Kind() == reflect.Struct && isNull, t.Kind() == reflect.Slice && isNull:
		return // An empty section sets nothing.
	case t.Kind() == reflect.Struct:
		if n.Kind != yaml.MappingNode {
			w.problem(n, path, "expected settings (key: value), found %s", yamlfile.Describe(n))
			return
		}
		w.walkMapping(n, t, path)
	case t.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			w.problem(n, path, "expected a list (- item), found %s", yamlfile.Describe(n))
			return
		}
		for i, item := range n.Content {
			w.walk(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
		}
	default:
		w.walkScalar(n, t, path)
	}
}

// walkMapping checks the keys of a mapping against the fields of struct
// type t.
func (w *walker) walkMapping(n *yaml.Node, t reflect.Type, path string) {
	fields := yamlFields(t)
	seen := map[string]int{} // the line of each key met, to catch one set twice
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		if key.Kind != yaml.ScalarNode {
			w.problem(key, path, "expected a setting name, found %s", yamlfile.Describe(key))
			continue
		}
		if key.ShortTag() == "!!merge" {
			w.walkMerge(val, t, path)
			continue
		}
		field := yamlfile.JoinPath(path, key.Value)
		f, ok := fields[key.Value]
		if !ok {
			w.problem(key, field, "unknown setting%s", suggest(key.Value, fields))
			continue
		}
		if line, dup := seen[key.Value]; dup {
			w.problem(key, field, "set twice; it is also set on line %d", line)
			continue
		}
		seen[key.Value] = key.Line
		w.walk(val, f.Type, field)
	}
}

// walkMerge checks the mappings a merge key (<<) brings in. Their keys may
// be set again in the mapping that merges them, to override them.
func (w *walker) walkMerge(n *yaml.Node, t reflect.Type, path string) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		w.walkMapping(n, t, path)
	case yaml.SequenceNode:
		for _, m := range n.Content {
			w.walkMerge(m, t, path)
		}
	default:
		w.problem(n, path, "<< must merge a mapping, found %s", yamlfile.Describe(n))
	}
}

// walkScalar expands references in a single value and checks that it
// decodes into type t.
func (w *walker) walkScalar(n *yaml.Node, t reflect.Type, path string) {
	if n.Kind != yaml.ScalarNode {
		w.problem(n, path, "expected a single value, found %s", yamlfile.Describe(n))
		return
	}
	if !w.seen[n] {
		w.seen[n] = true
		v, problems := w.x.expand(n.Value)
		for _, msg := range problems {
			w.problem(n, path, "%s", msg)
		}
		if v != n.Value {
			n.Value = v
			// Read the expanded text afresh: as a number for a number, even
			// if the reference was quoted, but always as text for text, so
			// that a secret such as "null" stays as it is.
			n.Tag = "!!str"
			if t.Kind() != reflect.String {
				n.Tag = ""
				n.Style &^= yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle
			}
		}
	}
	if err := n.Decode(reflect.New(t).Interface()); err != nil {
		w.problem(n, path, "%s", scalarError(n, t, err))
	}
}

// scalarError words a failure to decode a single value.
func scalarError(n *yaml.Node, t reflect.Type, err error) string {
	var terr *yaml.TypeError
	if !errors.As(err, &terr) {
		return err.Error() // From an UnmarshalYAML method, worded already.
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return fmt.Sprintf("%q is not a whole number", n.Value)
	}
	return fmt.Sprintf("%q is not a valid %s", n.Value, t.Kind())
}

// yamlFields maps the YAML names of struct type t's fields to the fields.
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	fields := make(map[string]reflect.StructField, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name != "" && name != "-" && f.IsExported() {
			fields[name] = f
		}
	}
	return fields
}
