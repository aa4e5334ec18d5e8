package resttest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/warehouse"
)

// callbackEvery is how often an unanswered status report is sent again.
const callbackEvery = 50 * time.Millisecond

// callbacks sends the status reports.
var callbacks = &http.Client{Timeout: 5 * time.Second}

// report tells Ordo how the release with the given reference progresses,
// up to its shipment, unless it is cancelled first or the server closes.
func (s *Server) report(reference string) {
	defer s.reports.Done()
	codes := append(append([]string(nil), s.opts.CallbackStatuses...), "shipped")
	for _, code := range codes {
		update, ok := s.progress(reference, code)
		if !ok || !s.deliver(update) {
			return
		}
	}
}

// progress moves a release to the status with the given code, and returns
// the report of it, or false if the release was cancelled.
func (s *Server) progress(reference, code string) (warehouse.StatusUpdate, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancelled[reference] {
		return warehouse.StatusUpdate{}, false
	}
	update := warehouse.StatusUpdate{
		EventID:   reference + "/" + code,
		Reference: reference,
		Code:      code,
		At:        time.Now().UTC(),
	}
	if code == "shipped" {
		s.shipped[reference] = true
		update.Parcels = []warehouse.Parcel{{
			ID:             reference + "/1",
			Carrier:        "postnl",
			TrackingNumber: tracking(reference),
		}}
	}
	return update, true
}

// tracking is the tracking number of the parcel of a release, derived
// from its reference so that it is the same every run.
func tracking(reference string) string {
	sum := sha256.Sum256([]byte(reference))
	return "3S" + strings.ToUpper(hex.EncodeToString(sum[:6]))
}

// deliver sends update until Ordo answers 2xx, and reports false if the
// server closed first.
func (s *Server) deliver(update warehouse.StatusUpdate) bool {
	body, err := json.Marshal(update)
	if err != nil {
		panic(fmt.Sprintf("resttest: encode a status update: %v", err))
	}
	for {
		if s.post(body) {
			return true
		}
		select {
		case <-s.ctx.Done():
			return false
		case <-time.After(callbackEvery):
		}
	}
}

// post sends one signed report, and reports whether it was answered 2xx.
func (s *Server) post(body []byte) bool {
	req, err := http.NewRequestWithContext(s.ctx, http.MethodPost, s.opts.Callback,
		bytes.NewReader(body))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	warehouse.SignRequest(req, s.opts.Secret, time.Now(), body)
	resp, err := callbacks.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode >= 200 && resp.StatusCode < 300
}
