// Package rules loads Ordo's routing rule set: a YAML file that says which
// locations may ship an order, when each dispatches, what carriers cost and
// take, how candidates are scored, when an order may be split, who gets
// short stock first and how long shipments may wait to be bundled. Loading
// checks the whole file and reports every problem with its line and column;
// rule expressions, in expr-lang/expr, are compiled and type-checked
// against the order model once, there. rules.example.yaml at the root of
// the repository describes the file key by key.
package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"slices"

	// The rule set names IANA time zones; the database is embedded so
	// that they load the same on every machine.
	_ "time/tzdata"
)

// Set is a loaded, checked and compiled rule set. It is immutable and safe
// for concurrent use; callers must not modify the slices its accessors
// return.
type Set struct {
	version, source string
	currency        string
	products        []Product
	locations       []Location
	carriers        []Carrier
	candidates      []Rule
	scoring         Scoring
	split           Split
	priority        Priority
	bundling        Bundling
}

// Load reads and parses the rule set file at path.
func Load(path string) (*Set, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rules: read %s: %w", path, err)
	}
	return Parse(data, path)
}

// Parse parses a rule set file; name is its path or another name for it,
// used in problems and by Source. Problems with the file are reported all
// at once in an *Error.
func Parse(data []byte, name string) (*Set, error) {
	var f fileDef
	pl, problems, ok := decode(data, &f)
	if !ok {
		return nil, newError(name, problems)
	}
	c := newChecker(pl, data, problems)
	s := c.compile(&f)
	if len(c.problems) > 0 {
		return nil, newError(name, c.problems)
	}
	s.version = version(data)
	s.source = name
	return s, nil
}

// version names the content of a rule set file.
func version(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])[:16]
}

// Version returns "sha256:" followed by the first 16 hexadecimal digits of
// the SHA-256 of the file, which every decision records.
func (s *Set) Version() string { return s.version }

// Source returns the path or name the rule set was loaded from.
func (s *Set) Source() string { return s.source }

// Currency returns the ISO 4217 code of every cost in the rule set.
func (s *Set) Currency() string { return s.currency }

// Products returns the product entries, in the order of the file.
func (s *Set) Products() []Product { return s.products }

// ProductIndex returns the index in Products of the first entry that
// matches sku, or len(Products) when none does.
func (s *Set) ProductIndex(sku string) int {
	for i := range s.products {
		if s.products[i].Matches(sku) {
			return i
		}
	}
	return len(s.products)
}

// Locations returns the locations, in the order of the file.
func (s *Set) Locations() []Location { return s.locations }

// Location returns the location with the given id.
func (s *Set) Location(id string) (*Location, bool) {
	i := slices.IndexFunc(s.locations, func(l Location) bool { return l.ID == id })
	if i < 0 {
		return nil, false
	}
	return &s.locations[i], true
}

// Carriers returns the carriers, in the order of the file.
func (s *Set) Carriers() []Carrier { return s.carriers }

// Candidates returns the candidate rules, in the order of the file.
func (s *Set) Candidates() []Rule { return s.candidates }

// Scoring returns how candidate locations are weighed.
func (s *Set) Scoring() Scoring { return s.scoring }

// Split returns when orders may be split and what happens to what is not
// in stock.
func (s *Set) Split() Split { return s.split }

// Priority returns who gets short stock first.
func (s *Set) Priority() Priority { return s.priority }

// Bundling returns the bundling policy.
func (s *Set) Bundling() Bundling { return s.bundling }
