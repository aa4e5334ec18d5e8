package rules

import "github.com/ordo-oms/ordo/yamlfile"

// Error reports every problem found in a rule set, each with its place in
// the file. Parse and Load return it; use errors.As to get at the problems
// one by one.
type Error = yamlfile.Error

// Problem is one thing wrong with a rule set; its Field is the path of the
// setting at fault, such as locations[1].time_zone.
type Problem = yamlfile.Problem

// newError returns an *Error with the problems sorted by their place in
// the file, those without a place first.
func newError(file string, problems []Problem) *Error {
	return yamlfile.NewError(file, problems)
}
