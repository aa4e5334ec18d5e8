package resttest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/warehouse"
	"github.com/ordo-oms/ordo/warehouse/resttest"
)

var secret = []byte("shared-by-ordo-and-the-fake")

// post sends body to the server's /instructions with the given
// idempotency key, signed with secret, and returns the status.
func post(t testing.TB, s *resttest.Server, key string, body []byte, sign []byte) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost,
		s.URL()+"/instructions", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	if sign != nil {
		warehouse.SignRequest(req, sign, time.Now(), body)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode
}

// instruction is the JSON of a release with the given reference.
func instruction(t testing.TB, reference string) []byte {
	t.Helper()
	body, err := json.Marshal(warehouse.Instruction{Reference: reference,
		Kind: warehouse.KindRelease, FulfilmentID: "F-" + reference})
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func TestServerRefusesBadRequests(t *testing.T) {
	s := resttest.Start(t, resttest.Options{Secret: secret})
	tests := []struct {
		name string
		key  string
		body []byte
		sign []byte
		want int
	}{
		{"unsigned", "R-1", instruction(t, "R-1"), nil, http.StatusUnauthorized},
		{"signed with another secret", "R-1", instruction(t, "R-1"), []byte("other"),
			http.StatusUnauthorized},
		{"no idempotency key", "", instruction(t, "R-1"), secret, http.StatusBadRequest},
		{"key differs from the reference", "R-2", instruction(t, "R-1"), secret,
			http.StatusBadRequest},
		{"malformed JSON", "R-1", []byte(`{"reference":`), secret, http.StatusBadRequest},
		{"unknown kind", "R-1", []byte(`{"reference":"R-1","kind":"ship"}`), secret,
			http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := post(t, s, tt.key, tt.body, tt.sign); got != tt.want {
				t.Errorf("status = %d, want %d", got, tt.want)
			}
		})
	}
	if len(s.Picks()) != 0 || s.Requests() != len(tests) {
		t.Errorf("Picks = %v after %d requests, want none after %d",
			s.Picks(), s.Requests(), len(tests))
	}
}

func TestServerFaultsFollowTheSeed(t *testing.T) {
	statuses := func() []int {
		s := resttest.Start(t, resttest.Options{Secret: secret, FailureRate: 0.5, Seed: 7})
		var got []int
		for i := range 20 {
			reference := fmt.Sprintf("R-%d", i)
			got = append(got, post(t, s, reference, instruction(t, reference), secret))
		}
		return got
	}
	first, second := statuses(), statuses()
	if !slices.Equal(first, second) {
		t.Errorf("same seed, different faults:\n%v\n%v", first, second)
	}
	if !slices.Contains(first, http.StatusServiceUnavailable) ||
		!slices.Contains(first, http.StatusOK) {
		t.Errorf("statuses = %v, want some 503 and some 200 at a rate of 0.5", first)
	}
}

// hook is Ordo's side of the status callbacks. It answers the first
// delivery of each report 503, and records those it accepts.
type hook struct {
	*httptest.Server
	mu       sync.Mutex
	seen     map[string]bool
	accepted []warehouse.StatusUpdate
	arrived  chan struct{}
}

func startHook(t testing.TB, failAlways bool) *hook {
	h := &hook{seen: map[string]bool{}, arrived: make(chan struct{}, 100)}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body) // a short body fails the signature
		err := warehouse.Verify(secret, r.Header.Get(warehouse.HeaderTimestamp),
			r.Header.Get(warehouse.HeaderSignature), body, time.Now())
		var update warehouse.StatusUpdate
		if err == nil {
			err = json.Unmarshal(body, &update)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		h.arrived <- struct{}{}
		if failAlways || !h.seen[update.EventID] {
			h.seen[update.EventID] = true
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		h.accepted = append(h.accepted, update)
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.Close)
	return h
}

// await waits for n deliveries.
func (h *hook) await(t testing.TB, n int) {
	t.Helper()
	for range n {
		select {
		case <-h.arrived:
		case <-time.After(2 * time.Second):
			t.Fatal("a status report did not arrive within 2s")
		}
	}
}

func TestServerReportsProgressUntilAnswered(t *testing.T) {
	h := startHook(t, false)
	s := resttest.Start(t, resttest.Options{Secret: secret,
		Callback:         h.URL + "/webhooks/wms/dc-utrecht",
		CallbackStatuses: []string{"picked", "packed"}})
	if got := post(t, s, "R-1", instruction(t, "R-1"), secret); got != http.StatusOK {
		t.Fatalf("release answered %d, want 200", got)
	}
	h.await(t, 6) // each of three reports twice
	s.Close()

	h.mu.Lock()
	defer h.mu.Unlock()
	var codes []string
	events := map[string]bool{}
	for _, u := range h.accepted {
		codes = append(codes, u.Code)
		events[u.EventID] = true
		if u.Reference != "R-1" || u.At.IsZero() {
			t.Errorf("report %+v, want reference R-1 and a time", u)
		}
	}
	if strings.Join(codes, ",") != "picked,packed,shipped" || len(events) != 3 {
		t.Fatalf("reports = %v with %d event ids, want picked, packed, shipped with 3",
			codes, len(events))
	}
	parcels := h.accepted[2].Parcels
	if len(parcels) != 1 || parcels[0].Carrier != "postnl" ||
		!strings.HasPrefix(parcels[0].TrackingNumber, "3S") || len(parcels[0].Lines) != 0 {
		t.Errorf("parcels = %+v, want one postnl parcel with tracking and no lines", parcels)
	}
}

func TestServerCloseStopsReporting(t *testing.T) {
	h := startHook(t, true)
	s := resttest.Start(t, resttest.Options{Secret: secret, Callback: h.URL})
	post(t, s, "R-1", instruction(t, "R-1"), secret)
	h.await(t, 2)
	closed := make(chan struct{})
	go func() {
		s.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(time.Second):
		t.Fatal("Close did not return within 1s while reports were failing")
	}
	before := len(h.arrived)
	time.Sleep(100 * time.Millisecond)
	if after := len(h.arrived); after != before {
		t.Errorf("%d reports arrived after Close", after-before)
	}
}

func TestTokenEndpoint(t *testing.T) {
	s := resttest.Start(t, resttest.Options{Secret: secret, ClientID: "ordo", ClientSecret: "pw"})
	tests := []struct {
		name string
		form url.Values
		want int
	}{
		{"credentials in the form", url.Values{"grant_type": {"client_credentials"},
			"client_id": {"ordo"}, "client_secret": {"pw"}}, http.StatusOK},
		{"wrong secret", url.Values{"grant_type": {"client_credentials"},
			"client_id": {"ordo"}, "client_secret": {"guess"}}, http.StatusUnauthorized},
		{"other grant", url.Values{"grant_type": {"password"},
			"client_id": {"ordo"}, "client_secret": {"pw"}}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.PostForm(s.URL()+"/oauth/token", tt.form)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
	if got := s.TokensIssued(); got != 1 {
		t.Errorf("TokensIssued = %d, want 1", got)
	}
}
