package routing

import (
	"time"

	"github.com/expr-lang/expr/vm"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/rules"
)

// scratch is the working memory of one decision. Decide takes one from a
// pool and returns it, so that a decision allocates little beyond what it
// returns.
type scratch struct {
	e   *Engine
	req *Request
	vm  vm.VM     // runs the expressions that are not compiled to Go
	env rules.Env // what the expressions see

	country, method int           // indexes; -1 when no location knows it
	carrier         order.Carrier // the carrier asked for, or "" for any
	lines           []routeLine
	lineFacts       []rules.LineFacts
	lineTags        []string
	orderVals       []bool // by Engine.perOrder index
	lineVals        []bool // by line, then Engine.perLine index

	locs     []locState
	lineOut  []bool  // by location, then line: excluded by a rule
	avail    []int64 // by location, then line
	servable []bool  // by line: some location may ship it, stock permitting
	refDay   int     // the earliest dispatch day of a location with stock

	excl       []exclusion
	ends       []int // by location: where its exclusions end, then start
	matches    []match
	ruledOut   []int32 // locations excluded by rules, by match
	scoreMatch []bool  // by score rule: applied to a location scored
	errors     []string

	wholes    []int // locations that can ship the whole order, best first
	parts     []partPlan
	takes     []int64 // by part, then line
	trial     []int64 // by line: what a location could take
	remaining []int64 // by line: what no part takes yet
}

// routeLine is an order line to ship.
type routeLine struct {
	line       *order.Line
	product    int
	unitWeight int64
}

// locState is what a decision finds about one location.
type locState struct {
	reason   Reason // for the whole order, when not a rule's; 0 for none
	ruled    bool   // excluded for the whole order by a rule
	dispatch time.Time
	day      int
	anyStock bool
	whole    bool
	score    Score
	load     int
	pointsOK bool    // points holds the score rules' points
	points   float64 // from score rules
	used     bool    // a part ships from it
}

// exclusion is an Exclusion of one location, kept free of pointers so
// that recording it costs the garbage collector nothing.
type exclusion struct {
	loc    int32
	line   int32 // index in scratch.lines, or -1
	reason Reason
	avail  int64 // for NoStock
}

// exclude records that location i may not ship the order, or line l.
func (s *scratch) exclude(i int, reason Reason, l int, avail int64) {
	s.excl = append(s.excl, exclusion{loc: int32(i), line: int32(l), reason: reason,
		avail: avail})
}

// match is a Match of a candidate rule: the rule, the line or -1, and the
// locations it excluded, in ruledOut[start:end].
type match struct {
	rule, line int
	start, end int
}

// partPlan is a part as planned: the location, what it takes (a slice of
// takes) and how it scored.
type partPlan struct {
	loc     int
	take    []int64
	option  *carrierOption
	cost    int64
	weightG int64
	score   Score
}

func (e *Engine) newScratch() *scratch {
	n := len(e.locs)
	return &scratch{e: e, orderVals: make([]bool, len(e.perOrder)),
		locs: make([]locState, n), scoreMatch: make([]bool, len(e.score))}
}

// start readies s for a decision on req.
func (s *scratch) start(req *Request) {
	s.req = req
	s.lines, s.lineFacts, s.lineTags = s.lines[:0], s.lineFacts[:0], s.lineTags[:0]
	s.excl, s.matches, s.errors = s.excl[:0], s.matches[:0], s.errors[:0]
	s.ruledOut = s.ruledOut[:0]
	s.wholes, s.parts = s.wholes[:0], s.parts[:0]
	clear(s.scoreMatch)
	s.env = rules.Env{}
}

// finish lets go of the request, so that a scratch waiting in the pool
// keeps no order alive.
func (s *scratch) finish() {
	s.req, s.env = nil, rules.Env{}
	clear(s.lines)
	clear(s.lineFacts)
	clear(s.lineTags)
}

// sized readies the slices that depend on the number of lines.
func (s *scratch) sized() {
	n, locs := len(s.lines), len(s.locs)
	s.lineVals = grow(s.lineVals, n*len(s.e.perLine))
	s.lineOut = grow(s.lineOut, n*locs)
	s.avail = grow(s.avail, n*locs)
	s.servable = grow(s.servable, n)
	s.takes = grow(s.takes, n*locs)
	s.trial = grow(s.trial, n)
	s.remaining = grow(s.remaining, n)
}

// grow returns a zeroed slice of n elements, reusing b when it is large
// enough.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	b = b[:n]
	clear(b)
	return b
}
