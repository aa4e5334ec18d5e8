package rest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/warehouse"
	"github.com/ordo-oms/ordo/warehouse/rest"
	"github.com/ordo-oms/ordo/warehouse/resttest"
)

var secret = []byte("shared-by-ordo-and-dc-utrecht")

// connect returns a connector for the location at url, configured by o
// with the location, URL and secret filled in where o leaves them empty.
func connect(t testing.TB, url string, o rest.Options) *rest.Connector {
	t.Helper()
	o.Location, o.URL = "dc-utrecht", url
	if o.Secret == nil {
		o.Secret = secret
	}
	c, err := rest.New(o)
	if err != nil {
		t.Fatalf("rest.New: %v", err)
	}
	return c
}

// release is a release of the fulfilment order with the given id.
func release(fulfilment string) warehouse.Instruction {
	return warehouse.Instruction{
		Reference:    fulfilment + "/release",
		Kind:         warehouse.KindRelease,
		FulfilmentID: fulfilment,
		Location:     "dc-utrecht",
		Carrier:      "postnl",
		ShipTo: &warehouse.Address{Name: "A. de Vries", Line1: "Oudegracht 1",
			Postcode: "3511 AA", City: "Utrecht", Country: "NL"},
		Lines:     []warehouse.Line{{OrderID: "1001", LineID: "1", SKU: "MUG-BLUE", Quantity: 2}},
		CreatedAt: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
	}
}

// cancel is a cancel of the fulfilment order with the given id.
func cancel(fulfilment string) warehouse.Instruction {
	return warehouse.Instruction{
		Reference:    fulfilment + "/cancel",
		Kind:         warehouse.KindCancel,
		FulfilmentID: fulfilment,
		Location:     "dc-utrecht",
		CreatedAt:    time.Date(2024, 5, 1, 12, 5, 0, 0, time.UTC),
	}
}

// send sends in alone and returns its answer.
func send(t testing.TB, c *rest.Connector, in warehouse.Instruction) (warehouse.Answer, error) {
	t.Helper()
	answers, err := c.Send(t.Context(), []warehouse.Instruction{in})
	if err != nil {
		return warehouse.Answer{}, err
	}
	if len(answers) != 1 {
		t.Fatalf("Send returned %d answers for one instruction", len(answers))
	}
	return answers[0], nil
}

// mustAnswer sends in alone and fails the test unless the answer is want.
func mustAnswer(t testing.TB, c *rest.Connector, in warehouse.Instruction, want warehouse.Outcome) {
	t.Helper()
	answer, err := send(t, c, in)
	if err != nil {
		t.Fatalf("Send %s: %v", in.Reference, err)
	}
	if answer.Reference != in.Reference || answer.Outcome != want {
		t.Fatalf("Send %s = %+v, want %s", in.Reference, answer, want)
	}
}

func TestSendReleaseWithStaticToken(t *testing.T) {
	wms := resttest.Start(t, resttest.Options{Secret: secret, Token: "static-token"})
	c := connect(t, wms.URL(), rest.Options{Token: "static-token"})
	in := release("F-1")
	mustAnswer(t, c, in, warehouse.Accepted)

	if got := wms.Picks(); got[in.Reference] != 1 || len(got) != 1 {
		t.Errorf("Picks = %v, want one for %s", got, in.Reference)
	}
	want, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if got := wms.Bodies()[in.Reference]; string(got) != string(want) {
		t.Errorf("body received = %s\nwant the instruction's JSON %s", got, want)
	}
}

func TestOAuth2TokenIsFetchedOnceAndReused(t *testing.T) {
	wms := resttest.Start(t, resttest.Options{Secret: secret,
		ClientID: "ordo", ClientSecret: "client-secret"})
	c := connect(t, wms.URL(), rest.Options{TokenURL: wms.URL() + "/oauth/token",
		ClientID: "ordo", ClientSecret: "client-secret"})
	for _, id := range []string{"F-1", "F-2", "F-3"} {
		mustAnswer(t, c, release(id), warehouse.Accepted)
	}
	if got := wms.TokensIssued(); got != 1 {
		t.Errorf("tokens issued = %d, want 1 for three sends", got)
	}
	if got := len(wms.Picks()); got != 3 {
		t.Errorf("picks = %d, want 3", got)
	}
}

func TestRefusedCredentialsArePermanent(t *testing.T) {
	tests := []struct {
		name     string
		options  func(url string) rest.Options
		withheld string
	}{
		{"static token", func(string) rest.Options {
			return rest.Options{Token: "stolen-token"}
		}, "stolen-token"},
		{"OAuth2 client secret", func(url string) rest.Options {
			return rest.Options{TokenURL: url + "/oauth/token",
				ClientID: "ordo", ClientSecret: "guessed-secret"}
		}, "guessed-secret"},
		{"signing secret", func(string) rest.Options {
			return rest.Options{Token: "static-token", Secret: []byte("other-secret")}
		}, "other-secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wms := resttest.Start(t, resttest.Options{Secret: secret, Token: "static-token",
				ClientID: "ordo", ClientSecret: "client-secret"})
			c := connect(t, wms.URL(), tt.options(wms.URL()))
			_, err := send(t, c, release("F-1"))
			if !warehouse.IsPermanent(err) {
				t.Fatalf("Send = %v, want a *warehouse.PermanentError", err)
			}
			if strings.Contains(err.Error(), tt.withheld) {
				t.Errorf("error %q shows the credential", err)
			}
			if len(wms.Picks()) != 0 {
				t.Errorf("Picks = %v, want none", wms.Picks())
			}
		})
	}
}

func TestSignatureIsVerified(t *testing.T) {
	wms := resttest.Start(t, resttest.Options{Secret: secret})
	c := connect(t, wms.URL(), rest.Options{Secret: []byte("not-the-shared-one")})
	_, err := send(t, c, release("F-1"))
	p, ok := errors.AsType[*warehouse.PermanentError](err)
	if !ok {
		t.Fatalf("Send = %v, want a *warehouse.PermanentError", err)
	}
	if !strings.HasPrefix(p.Detail, "401 Unauthorized: ") || !strings.Contains(p.Detail, "signature") {
		t.Errorf("Detail = %q, want the 401 and the fake's words on the signature", p.Detail)
	}
}

func TestServiceUnavailableIsRetried(t *testing.T) {
	wms := resttest.Start(t, resttest.Options{Secret: secret, FailureRate: 1})
	c := connect(t, wms.URL(), rest.Options{})
	_, err := send(t, c, release("F-1"))
	if err == nil || warehouse.IsPermanent(err) {
		t.Fatalf("Send = %v, want an error to retry", err)
	}
	for _, want := range []string{
		"dc-utrecht", "F-1/release", "503 Service Unavailable", "on purpose",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if len(wms.Picks()) != 0 || wms.Requests() != 1 {
		t.Errorf("Picks = %v after %d requests, want none after 1", wms.Picks(), wms.Requests())
	}
}

func TestTimeoutIsRetriedWithoutPickingTwice(t *testing.T) {
	wms := resttest.Start(t, resttest.Options{Secret: secret, TimeoutRate: 1, Delay: 10 * time.Second})
	c := connect(t, wms.URL(), rest.Options{Timeout: 200 * time.Millisecond})
	in := release("F-1")
	_, err := send(t, c, in)
	if !errors.Is(err, context.DeadlineExceeded) || warehouse.IsPermanent(err) {
		t.Fatalf("Send = %v, want a deadline to retry", err)
	}
	if got := wms.Picks()[in.Reference]; got != 1 {
		t.Fatalf("picks after the timeout = %d, want 1: the location did take it", got)
	}

	wms.SetFaults(0, 0)
	mustAnswer(t, c, in, warehouse.Accepted)
	if got := wms.Picks()[in.Reference]; got != 1 {
		t.Errorf("picks after sending again = %d, want still 1", got)
	}
	if got := wms.Requests(); got != 2 {
		t.Errorf("requests = %d, want 2", got)
	}
}

func TestConflictIsAccepted(t *testing.T) {
	wms := resttest.Start(t, resttest.Options{Secret: secret})
	c := connect(t, wms.URL(), rest.Options{})
	in := release("F-1")
	mustAnswer(t, c, in, warehouse.Accepted)
	mustAnswer(t, c, in, warehouse.Accepted)
	if got := wms.Picks()[in.Reference]; got != 1 {
		t.Errorf("picks = %d, want 1", got)
	}
}

func TestUnprocessableIsPermanent(t *testing.T) {
	wms := resttest.Start(t, resttest.Options{Secret: secret,
		Reject: func(in warehouse.Instruction) string {
			if in.FulfilmentID == "F-2" {
				return "ship_to.postcode 3511 AA is not in the range we serve"
			}
			return ""
		}})
	c := connect(t, wms.URL(), rest.Options{})
	mustAnswer(t, c, release("F-1"), warehouse.Accepted)
	_, err := send(t, c, release("F-2"))
	p, ok := errors.AsType[*warehouse.PermanentError](err)
	if !ok {
		t.Fatalf("Send = %v, want a *warehouse.PermanentError", err)
	}
	want := "422 Unprocessable Entity: ship_to.postcode 3511 AA is not in the range we serve"
	if p.Location != "dc-utrecht" || p.Detail != want {
		t.Errorf("PermanentError = %+v, want dc-utrecht and %q", p, want)
	}
}

func TestCancel(t *testing.T) {
	t.Run("before shipping", func(t *testing.T) {
		wms := resttest.Start(t, resttest.Options{Secret: secret})
		c := connect(t, wms.URL(), rest.Options{})
		mustAnswer(t, c, release("F-1"), warehouse.Accepted)
		mustAnswer(t, c, cancel("F-1"), warehouse.Cancelled)
		mustAnswer(t, c, cancel("F-1"), warehouse.Cancelled)
		if !wms.Cancelled()["F-1/release"] {
			t.Errorf("Cancelled = %v, want F-1/release", wms.Cancelled())
		}
	})
	t.Run("after shipping", func(t *testing.T) {
		shipped := receiveShipments(t)
		wms := resttest.Start(t, resttest.Options{Secret: secret, Callback: shipped.URL})
		c := connect(t, wms.URL(), rest.Options{})
		mustAnswer(t, c, release("F-1"), warehouse.Accepted)
		select {
		case <-shipped.reports:
		case <-time.After(time.Second):
			t.Fatal("no shipment reported within a second")
		}
		mustAnswer(t, c, cancel("F-1"), warehouse.TooLate)
		if len(wms.Cancelled()) != 0 {
			t.Errorf("Cancelled = %v, want none", wms.Cancelled())
		}
	})
}

// shipments is Ordo's side of status callbacks: it passes on each report
// of a shipment signed with the shared secret.
type shipments struct {
	*httptest.Server
	reports chan warehouse.StatusUpdate
}

// receiveShipments starts a shipments receiver, closed when the test ends.
func receiveShipments(t testing.TB) *shipments {
	s := &shipments{reports: make(chan warehouse.StatusUpdate, 10)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err == nil {
			err = warehouse.Verify(secret, r.Header.Get(warehouse.HeaderTimestamp),
				r.Header.Get(warehouse.HeaderSignature), body, time.Now())
		}
		var update warehouse.StatusUpdate
		if err == nil {
			err = json.Unmarshal(body, &update)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		if update.Code == "shipped" {
			s.reports <- update
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(s.Close)
	return s
}
