package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/ordo-oms/ordo/warehouse"
)

// maxAnswer is the most of an answer's body that is read.
const maxAnswer = 64 << 10

// Connector sends instructions to one location over HTTP, one per call,
// as the package documentation describes. It is safe for concurrent use.
type Connector struct {
	location string
	endpoint string
	secret   []byte
	timeout  time.Duration
	client   *http.Client
	// tokens gives the bearer token, or is nil when none is sent.
	tokens oauth2.TokenSource
}

var _ warehouse.Connector = (*Connector)(nil)

// New returns a Connector configured by o, or an error naming the option
// that is wrong.
func New(o Options) (*Connector, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Connector{
		location: o.Location,
		endpoint: strings.TrimRight(o.URL, "/") + "/instructions",
		secret:   bytes.Clone(o.Secret),
		timeout:  o.Timeout,
		client:   o.Client,
		tokens:   tokenSource(o),
	}, nil
}

// tokenSource returns where the bearer token comes from, or nil if o
// configures none.
//
// An OAuth2 token is fetched with a context of its own, bounded by the
// timeout but not by a caller's context: the token is shared by all
// calls, so one caller giving up must not fail the fetch for the others.
func tokenSource(o Options) oauth2.TokenSource {
	switch {
	case o.Token != "":
		return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: o.Token})
	case o.TokenURL == "":
		return nil
	}
	client := *o.Client
	client.Timeout = o.Timeout
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, &client)
	credentials := &clientcredentials.Config{
		ClientID:     o.ClientID,
		ClientSecret: o.ClientSecret,
		TokenURL:     o.TokenURL,
	}
	return credentials.TokenSource(ctx)
}

// BatchSize is 1: the protocol takes one instruction per call.
func (c *Connector) BatchSize() int { return 1 }

// Send sends each instruction of batch in turn, and returns their answers
// or the error of the first that failed. The error is a
// *warehouse.PermanentError when the location refused the instruction,
// or when the OAuth2 token endpoint refused the client's credentials.
func (c *Connector) Send(
	ctx context.Context, batch []warehouse.Instruction,
) ([]warehouse.Answer, error) {
	answers := make([]warehouse.Answer, 0, len(batch))
	for _, in := range batch {
		answer, err := c.send(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("rest: send %s %s to %s: %w",
				in.Kind, in.Reference, c.location, err)
		}
		answers = append(answers, answer)
	}
	return answers, nil
}

// send makes one call for in and reads its answer.
func (c *Connector) send(ctx context.Context, in warehouse.Instruction) (warehouse.Answer, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return warehouse.Answer{}, fmt.Errorf("encode: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return warehouse.Answer{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, application/problem+json")
	req.Header.Set("Idempotency-Key", in.Reference)
	if err := c.authorize(req); err != nil {
		return warehouse.Answer{}, err
	}
	warehouse.SignRequest(req, c.secret, time.Now(), body)

	resp, err := c.client.Do(req)
	if err != nil {
		return warehouse.Answer{}, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return warehouse.Answer{}, fmt.Errorf("read the %s answer: %w", status(resp.StatusCode), err)
	}
	return c.interpret(in, resp, answer)
}

// authorize sets the bearer token on req, if one is configured.
func (c *Connector) authorize(req *http.Request) error {
	if c.tokens == nil {
		return nil
	}
	token, err := c.tokens.Token()
	if err != nil {
		return c.tokenError(err)
	}
	req.Header.Set("Authorization", "Bearer "+token.AccessToken)
	return nil
}

// tokenError describes a failure to get an OAuth2 token. A refusal of the
// credentials is permanent: it lasts until an operator mends them.
func (c *Connector) tokenError(err error) error {
	refusal, ok := errors.AsType[*oauth2.RetrieveError](err)
	if !ok || refusal.Response == nil || !refused(refusal.Response.StatusCode) {
		return fmt.Errorf("get an OAuth2 token: %w", err)
	}
	said := strings.TrimSpace(refusal.ErrorCode + " " + refusal.ErrorDescription)
	return &warehouse.PermanentError{Location: c.location, Detail: fmt.Sprintf(
		"the OAuth2 token endpoint answered %s: %s", status(refusal.Response.StatusCode), said)}
}
