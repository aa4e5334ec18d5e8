package api

import (
	"net/http"

	"github.com/ordo-oms/ordo/allocation"
)

// orderRouting shows where an order goes and why: every routing decision
// with its explanation in words, and the fulfilment orders holding its
// lines.
func (s *Server) orderRouting(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.loadOrder(r)
	if err != nil {
		return err
	}
	rt, err := allocation.LoadRouting(r.Context(), s.DB.Read, rec.OMSOrderID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		allocation.Routing
		Status string `json:"status"`
	}{rt, string(rec.Status)})
	return nil
}

// liveRules shows the rule set that decisions are made under now.
func (s *Server) liveRules(w http.ResponseWriter, r *http.Request) error {
	eng := s.Allocation.Engine()
	if eng == nil {
		return errorf(codeNotFound, "No rule set",
			"no rule set is loaded; set rules: in ordo.yaml to the path of a rule set file")
	}
	rs, err := allocation.LoadRuleSet(r.Context(), s.DB.Read, eng.Rules().Version())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rs)
	return nil
}
