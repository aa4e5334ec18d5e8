package routing

// Decide routes one order: it excludes the locations that may not ship it,
// finds when each of the others dispatches and what it has in stock,
// scores those that can ship the whole order, splits or backorders as the
// rules say, and records why. req.Order must not be nil.
//
// Decide reserves nothing: the caller reserves the stock a decision
// allocates, and two decisions made at once on the same stock may promise
// the same units.
func (e *Engine) Decide(req Request) Decision {
	s := e.scratch.Get().(*scratch)
	defer e.scratch.Put(s)
	defer s.finish()
	s.start(&req)
	s.orderFacts(req.Order)
	s.sized()
	s.evaluate()
	s.checkLocations()
	s.applyRules()
	s.checkStock()
	split := e.set.Split()
	allowed := s.splitAllowed(split)
	plan := s.plan(split, allowed)
	return s.decision(plan, allowed)
}
