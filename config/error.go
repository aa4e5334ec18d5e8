package config

import "github.com/ordo-oms/ordo/yamlfile"

// Error reports every problem found in a configuration, each with its
// place in the file. Load and Validate return it; use errors.As to get at
// the problems one by one. A problem with a setting that came from the
// environment or a Config built in code has no place.
type Error = yamlfile.Error

// Problem is one thing wrong with a configuration; its Field is the
// setting's path, such as channels[1].kind.
type Problem = yamlfile.Problem
