package rules

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ordo-oms/ordo/yamlfile"
)

// decode parses data into f. It checks the document's shape against file's
// types first, so that every unknown key, duplicate key and value of the
// wrong type is reported with its place, and it returns where each setting
// is so that later checks can place their problems too. Values of the
// wrong type are left at their zero value. It returns false when the file
// is not YAML at all, or holds more than one document.
func decode(data []byte, f *fileDef) (*places, []Problem, bool) {
	pl := &places{nodes: map[string]*yaml.Node{}, keys: map[string]*yaml.Node{}}
	var doc yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return pl, nil, true
		}
		return pl, []Problem{yamlfile.SyntaxProblem(err)}, false
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		p := Problem{Line: next.Line, Column: next.Column,
			Message: "a rule set file holds one YAML document, not more"}
		if err != nil {
			p = yamlfile.SyntaxProblem(err)
		}
		return pl, []Problem{p}, false
	}
	root := doc.Content[0]
	if expandedSize(root, map[*yaml.Node]int{}) > maxValues {
		p := Problem{Line: root.Line, Column: root.Column, Message: "the file repeats " +
			"itself through aliases (*name) too much to be a rule set"}
		return pl, []Problem{p}, false
	}
	w := &shapeWalker{places: pl}
	w.walk(root, reflect.TypeFor[fileDef](), "")
	// Values of the wrong type have been reported; the rest decodes.
	var terr *yaml.TypeError
	if err := root.Decode(f); err != nil && !errors.As(err, &terr) {
		w.problems = append(w.problems, yamlfile.SyntaxProblem(err))
	}
	return pl, w.problems, true
}

// places records where each setting of a file is: the value node by path,
// such as locations[1].time_zone, and for the entries of a mapping with
// keys of the user's choosing, such as zones.BE, the key node too. bad holds
// the paths whose values had the wrong shape.
type places struct {
	nodes map[string]*yaml.Node
	keys  map[string]*yaml.Node
	bad   []string
}

// maxValues bounds the values in a file, an alias counted each time it is
// used, so that a small file of nested aliases cannot make loading take
// for ever. Real rule sets hold a few thousand.
const maxValues = 200_000

// expandedSize returns the number of nodes in the tree under n with every
// alias expanded, counting no further than maxValues.
func expandedSize(n *yaml.Node, memo map[*yaml.Node]int) int {
	if size, ok := memo[n]; ok {
		return size
	}
	size := 1
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		size += expandedSize(n.Alias, memo)
	}
	for _, c := range n.Content {
		if size > maxValues {
			break
		}
		size += expandedSize(c, memo)
	}
	size = min(size, maxValues+1)
	memo[n] = size
	return size
}

// shapeWalker checks a YAML node tree against the Go type it decodes into.
type shapeWalker struct {
	*places
	problems []Problem
}

func (w *shapeWalker) problem(n *yaml.Node, path, format string, args ...any) {
	w.problems = append(w.problems, Problem{Line: n.Line, Column: n.Column,
		Field: path, Message: fmt.Sprintf(format, args...)})
	w.bad = append(w.bad, path)
}

func (w *shapeWalker) walk(n *yaml.Node, t reflect.Type, path string) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if path != "" {
		w.nodes[path] = n
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return // An empty value sets nothing.
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			w.problem(n, path, "expected keys and values (key: value), found %s", yamlfile.Describe(n))
			return
		}
		w.walkStruct(n, t, path)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			w.problem(n, path, "expected keys and values (key: value), found %s", yamlfile.Describe(n))
			return
		}
		w.walkMap(n, t, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			w.problem(n, path, "expected a list ([a, b] or - a), found %s", yamlfile.Describe(n))
			return
		}
		for i, item := range n.Content {
			w.walk(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
		}
	default:
		w.walkScalar(n, t, path)
	}
}

// walkStruct checks the keys of mapping n against the fields of struct
// type t.
func (w *shapeWalker) walkStruct(n *yaml.Node, t reflect.Type, path string) {
	fields := map[string]reflect.Type{}
	var names []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		fields[name] = f.Type
		names = append(names, name)
	}
	w.eachEntry(n, path, func(key, val *yaml.Node, field string) {
		ft, ok := fields[key.Value]
		if !ok {
			w.problem(key, field, "unknown key%s", didYouMean(key.Value, names))
			// The key meant is not missing: it is misspelt, as reported.
			if meant := yamlfile.Closest(key.Value, names); meant != "" {
				w.bad = append(w.bad, yamlfile.JoinPath(path, meant))
			}
			return
		}
		w.walk(val, ft, field)
	})
}

// walkMap checks the values of mapping n, whose keys the user chooses,
// against the element type of map type t.
func (w *shapeWalker) walkMap(n *yaml.Node, t reflect.Type, path string) {
	w.eachEntry(n, path, func(key, val *yaml.Node, field string) {
		w.keys[field] = key
		w.walk(val, t.Elem(), field)
	})
}

// eachEntry calls fn for every key and value of mapping n, and for the
// keys that merge keys (<<) bring in and n does not set itself. It reports
// keys that are not names and keys set twice.
func (w *shapeWalker) eachEntry(n *yaml.Node, path string,
	fn func(key, val *yaml.Node, field string)) {
	seen := map[string]int{}
	w.entries(n, path, seen, true, fn)
}

// entries does the work of eachEntry for mapping m. Keys in seen have been
// met already: in the mapping itself, a duplicate; merged, an override. A
// duplicate is reported and taken out of m, so that the rest decodes.
func (w *shapeWalker) entries(m *yaml.Node, path string, seen map[string]int,
	own bool, fn func(key, val *yaml.Node, field string)) {
	var merges []*yaml.Node
	kept := m.Content[:0:0]
	defer func() { m.Content = kept }()
	for i := 0; i+1 < len(m.Content); i += 2 {
		key, val := m.Content[i], m.Content[i+1]
		kept = append(kept, key, val)
		if key.Kind != yaml.ScalarNode {
			w.problem(key, path, "expected a key name, found %s", yamlfile.Describe(key))
			continue
		}
		if key.ShortTag() == "!!merge" {
			merges = append(merges, val)
			continue
		}
		field := yamlfile.JoinPath(path, key.Value)
		if line, dup := seen[key.Value]; dup {
			if own {
				w.problem(key, field, "set twice; it is also set on line %d", line)
				kept = kept[:len(kept)-2]
			}
			continue
		}
		seen[key.Value] = key.Line
		fn(key, val, field)
	}
	for _, val := range merges {
		w.merge(val, path, func(mm *yaml.Node) { w.entries(mm, path, seen, false, fn) })
	}
}

// merge calls fn for each mapping that the value of a merge key brings in.
func (w *shapeWalker) merge(n *yaml.Node, path string, fn func(*yaml.Node)) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		fn(n)
	case yaml.SequenceNode:
		for _, m := range n.Content {
			w.merge(m, path, fn)
		}
	default:
		w.problem(n, path, "<< must merge a mapping, found %s", yamlfile.Describe(n))
	}
}

// walkScalar checks that scalar n decodes into type t.
func (w *shapeWalker) walkScalar(n *yaml.Node, t reflect.Type, path string) {
	if n.Kind != yaml.ScalarNode {
		w.problem(n, path, "expected a single value, found %s", yamlfile.Describe(n))
		return
	}
	if err := n.Decode(reflect.New(t).Interface()); err == nil {
		return
	}
	switch t.Kind() {
	case reflect.Bool:
		w.problem(n, path, "%q is not true or false", n.Value)
	case reflect.Int, reflect.Int64:
		w.problem(n, path, "%q is not a whole number", n.Value)
	case reflect.Float64:
		w.problem(n, path, "%q is not a number", n.Value)
	default:
		w.problem(n, path, "%q is not a valid value here", n.Value)
	}
}
