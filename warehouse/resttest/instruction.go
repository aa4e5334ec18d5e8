package resttest

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/warehouse"
)

// maxInstruction is the most of an instruction body the server reads.
const maxInstruction = 1 << 20

// instruction handles POST /instructions: it checks the request, carries
// out the instruction once per reference, and answers, late if so chosen.
func (s *Server) instruction(w http.ResponseWriter, r *http.Request) {
	fail, late := s.faults()
	if fail {
		reply{status: http.StatusServiceUnavailable,
			detail: "the fake WMS fails this request on purpose"}.write(w)
		return
	}
	answer := s.receive(r)
	if late {
		s.wait(r.Context())
	}
	answer.write(w)
}

// faults counts a request and chooses whether it fails or is answered
// late.
func (s *Server) faults() (fail, late bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	fail = s.chance(s.failureRate)
	return fail, !fail && s.chance(s.timeoutRate)
}

// chance reports true with probability rate. The caller holds s.mu.
func (s *Server) chance(rate float64) bool {
	return rate >= 1 || rate > 0 && s.random.Float64() < rate
}

// wait holds an answer back for the delay, until the client hangs up or
// the server closes.
func (s *Server) wait(ctx context.Context) {
	timer := time.NewTimer(s.opts.Delay)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
	case <-s.ctx.Done():
	}
}

// receive checks the request and carries out its instruction.
func (s *Server) receive(r *http.Request) reply {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxInstruction))
	if err != nil {
		return reply{status: http.StatusBadRequest, detail: "read the body: " + err.Error()}
	}
	if !s.authorized(r) {
		return reply{status: http.StatusUnauthorized, detail: "missing, wrong or expired bearer token"}
	}
	err = warehouse.Verify(s.opts.Secret, r.Header.Get(warehouse.HeaderTimestamp),
		r.Header.Get(warehouse.HeaderSignature), body, time.Now())
	if err != nil {
		return reply{status: http.StatusUnauthorized, detail: err.Error()}
	}
	in, problem := parse(r.Header.Get("Idempotency-Key"), body)
	if problem != "" {
		return reply{status: http.StatusBadRequest, detail: problem}
	}
	if s.opts.Reject != nil {
		if why := s.opts.Reject(in); why != "" {
			return reply{status: http.StatusUnprocessableEntity, detail: why}
		}
	}
	return s.apply(in, body)
}

// authorized reports whether r carries a bearer token the server accepts,
// or none is asked for.
func (s *Server) authorized(r *http.Request) bool {
	if s.opts.Token == "" && s.opts.ClientID == "" {
		return true
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return false
	}
	if s.opts.Token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(s.opts.Token)) == 1 {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	expiry, ok := s.tokens[token]
	return ok && time.Now().Before(expiry)
}

// parse reads an instruction sent with the given idempotency key, or says
// what is wrong with it.
func parse(key string, body []byte) (warehouse.Instruction, string) {
	var in warehouse.Instruction
	if key == "" {
		return in, "no Idempotency-Key header; send the instruction's reference in it"
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return in, "malformed JSON: " + err.Error()
	}
	switch {
	case in.Reference != key:
		return in, fmt.Sprintf("reference %q differs from Idempotency-Key %q", in.Reference, key)
	case in.Kind != warehouse.KindRelease && in.Kind != warehouse.KindCancel:
		return in, fmt.Sprintf("kind %q is neither release nor cancel", in.Kind)
	}
	return in, ""
}

// apply carries out in, sent as body, unless the server has its reference
// already, and returns the outcome.
func (s *Server) apply(in warehouse.Instruction, body []byte) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	if outcome, ok := s.answers[in.Reference]; ok {
		return reply{status: http.StatusConflict, outcome: outcome,
			detail: "reference " + in.Reference + " was received before"}
	}
	s.bodies[in.Reference] = bytes.Clone(body)
	if in.Kind == warehouse.KindCancel {
		s.answers[in.Reference] = s.cancel(in.FulfilmentID)
		return reply{status: http.StatusOK, outcome: s.answers[in.Reference]}
	}
	s.picks[in.Reference]++
	s.releases[in.FulfilmentID] = in.Reference
	s.answers[in.Reference] = warehouse.Accepted
	if s.opts.Callback != "" {
		s.reports.Add(1)
		go s.report(in.Reference)
	}
	return reply{status: http.StatusOK, outcome: warehouse.Accepted}
}

// cancel stops the pick of a fulfilment order unless it has shipped. The
// caller holds s.mu.
func (s *Server) cancel(fulfilment string) warehouse.Outcome {
	release := s.releases[fulfilment]
	if s.shipped[release] {
		return warehouse.TooLate
	}
	if release != "" {
		s.cancelled[release] = true
	}
	return warehouse.Cancelled
}

// reply is an answer to an instruction: an outcome as JSON, or a problem.
type reply struct {
	status  int
	outcome warehouse.Outcome
	detail  string
}

// write sends the reply as JSON: an outcome with the detail, or a
// problem+json body with the detail when there is no outcome.
func (rp reply) write(w http.ResponseWriter) {
	var body any
	if rp.outcome != "" {
		w.Header().Set("Content-Type", "application/json")
		body = struct {
			Outcome warehouse.Outcome `json:"outcome"`
			Detail  string            `json:"detail,omitempty"`
		}{rp.outcome, rp.detail}
	} else {
		w.Header().Set("Content-Type", "application/problem+json")
		body = struct {
			Title  string `json:"title"`
			Status int    `json:"status"`
			Detail string `json:"detail"`
		}{http.StatusText(rp.status), rp.status, rp.detail}
	}
	w.WriteHeader(rp.status)
	// The client may have hung up; there is nobody to tell.
	_ = json.NewEncoder(w).Encode(body)
}
