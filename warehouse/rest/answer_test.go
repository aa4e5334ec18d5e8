package rest_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/warehouse"
	"github.com/ordo-oms/ordo/warehouse/rest"
)

// answering starts a location that gives every call the same answer.
func answering(t testing.TB, status int, contentType, body string) string {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		if status == http.StatusFound {
			w.Header().Set("Location", "/elsewhere")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(s.Close)
	return s.URL
}

func TestAnswers(t *testing.T) {
	const (
		jsonType    = "application/json"
		problemType = "application/problem+json; charset=utf-8"
	)
	long := strings.Repeat("x", 2000)
	tests := []struct {
		name              string
		kind              warehouse.Kind
		status            int
		contentType, body string
		want              warehouse.Outcome // or, if empty, an error
		permanent         bool
		mentions          string // in the detail or the error
	}{
		{"release, empty 200", warehouse.KindRelease, 200, "", "", warehouse.Accepted, false, ""},
		{"release, 201 with detail", warehouse.KindRelease, 201, jsonType,
			`{"outcome":"accepted","detail":"wave 12"}`, warehouse.Accepted, false, "wave 12"},
		{"release, 202 not JSON", warehouse.KindRelease, 202, "text/plain", "OK",
			warehouse.Accepted, false, ""},
		{"release, answered as a cancel", warehouse.KindRelease, 200, jsonType,
			`{"outcome":"cancelled"}`, "", false, "a release takes only accepted"},
		{"release, 409", warehouse.KindRelease, 409, problemType,
			`{"detail":"we have F-1/release"}`, warehouse.Accepted, false, "we have F-1/release"},
		{"cancel, 200 cancelled", warehouse.KindCancel, 200, jsonType,
			`{"outcome":"cancelled"}`, warehouse.Cancelled, false, ""},
		{"cancel, 200 too late", warehouse.KindCancel, 200, jsonType,
			`{"outcome":"too_late","detail":"left at 14:02"}`, warehouse.TooLate, false, "left at 14:02"},
		{"cancel, empty 204", warehouse.KindCancel, 204, "", "", "", false,
			"204 No Content with an empty body; Ordo must know whether the cancel took effect"},
		{"cancel, accepted", warehouse.KindCancel, 200, jsonType,
			`{"outcome":"accepted"}`, "", false, "must answer cancelled or too_late"},
		{"cancel, 409 with outcome", warehouse.KindCancel, 409, jsonType,
			`{"outcome":"too_late"}`, warehouse.TooLate, false, ""},
		{"cancel, 409 without outcome", warehouse.KindCancel, 409, "", "", "", false,
			"409 Conflict with an empty body"},
		{"408", warehouse.KindRelease, 408, "", "", "", false, "408 Request Timeout"},
		{"425", warehouse.KindRelease, 425, "", "", "", false, "425 Too Early"},
		{"429", warehouse.KindRelease, 429, "text/plain", "slow down", "", false,
			"429 Too Many Requests: slow down"},
		{"500", warehouse.KindRelease, 500, "text/plain", "database\n  down", "", false,
			"500 Internal Server Error: database down"},
		{"redirect", warehouse.KindRelease, 302, "", "", "", false, "302 Found"},
		{"long 502", warehouse.KindRelease, 502, "text/html", long, "", false,
			"502 Bad Gateway: " + long[:512] + " …"},
		{"400, plain text", warehouse.KindRelease, 400, "text/plain", "no lines\n", "", true,
			"400 Bad Request: no lines"},
		{"404, empty", warehouse.KindRelease, 404, "", "", "", true, "404 Not Found"},
		{"422, problem title only", warehouse.KindRelease, 422, problemType,
			`{"title":"Invalid address","status":422}`, "", true,
			"422 Unprocessable Entity: Invalid address"},
		{"403, problem detail", warehouse.KindCancel, 403, problemType,
			`{"title":"Forbidden","detail":"dc-utrecht may not cancel"}`, "", true,
			"403 Forbidden: dc-utrecht may not cancel"},
		{"400, long", warehouse.KindRelease, 400, "text/plain", long, "", true,
			"400 Bad Request: " + long[:512] + " …"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := connect(t, answering(t, tt.status, tt.contentType, tt.body), rest.Options{})
			in := release("F-1")
			in.Kind = tt.kind
			answer, err := send(t, c, in)
			switch {
			case tt.want != "":
				if err != nil || answer.Outcome != tt.want || answer.Detail != tt.mentions {
					t.Fatalf("Send = %+v, %v; want %s with detail %q", answer, err, tt.want, tt.mentions)
				}
			case tt.permanent:
				p, ok := errors.AsType[*warehouse.PermanentError](err)
				if !ok || p.Detail != tt.mentions {
					t.Fatalf("Send = %v, want a PermanentError with detail %q", err, tt.mentions)
				}
			default:
				if err == nil || warehouse.IsPermanent(err) || !strings.Contains(err.Error(), tt.mentions) {
					t.Fatalf("Send = %v, want an error to retry that mentions %q", err, tt.mentions)
				}
			}
		})
	}
}

func TestAnswerReadsAtMost64KiB(t *testing.T) {
	huge := `{"outcome":"too_late","detail":"` + strings.Repeat("y", 70<<10) + `"}`
	c := connect(t, answering(t, 200, "application/json", huge), rest.Options{})
	_, err := send(t, c, cancel("F-1"))
	if err == nil || !strings.Contains(err.Error(), "must answer cancelled or too_late") {
		t.Fatalf("Send = %v, want the cut-off answer read as having no outcome", err)
	}
}

func TestRequest(t *testing.T) {
	type request struct {
		*http.Request
		body []byte
	}
	requests := make(chan request, 1)
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body) // a short body fails the signature below
		requests <- request{r.Clone(r.Context()), body}
	}))
	t.Cleanup(s.Close)
	c := connect(t, s.URL+"/api/v2/", rest.Options{Token: "static-token"})
	in := release("F-1")
	if _, err := send(t, c, in); err != nil {
		t.Fatal(err)
	}
	got := <-requests

	if got.Method != http.MethodPost || got.URL.Path != "/api/v2/instructions" {
		t.Errorf("request = %s %s, want POST /api/v2/instructions", got.Method, got.URL.Path)
	}
	for header, want := range map[string]string{
		"Content-Type":    "application/json",
		"Idempotency-Key": in.Reference,
		"Authorization":   "Bearer static-token",
	} {
		if got.Header.Get(header) != want {
			t.Errorf("%s = %q, want %q", header, got.Header.Get(header), want)
		}
	}
	err := warehouse.Verify(secret, got.Header.Get(warehouse.HeaderTimestamp),
		got.Header.Get(warehouse.HeaderSignature), got.body, time.Now())
	if err != nil {
		t.Errorf("signature: %v", err)
	}
}
