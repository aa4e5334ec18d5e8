package rest

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/ordo-oms/ordo/warehouse"
)

// maxExcerpt is the most of an answer's body that an error quotes.
const maxExcerpt = 512

// interpret turns the location's answer to in, with status resp.StatusCode
// and the given body, into an Answer or an error, as the package
// documentation describes.
func (c *Connector) interpret(
	in warehouse.Instruction, resp *http.Response, body []byte,
) (warehouse.Answer, error) {
	code := resp.StatusCode
	switch {
	case code == http.StatusConflict && in.Kind == warehouse.KindRelease:
		detail := parseOutcome(body).Detail
		return warehouse.Answer{Reference: in.Reference, Outcome: warehouse.Accepted, Detail: detail}, nil
	case code >= 200 && code < 300, code == http.StatusConflict:
		return outcome(in, code, body)
	case refused(code):
		detail := status(code)
		if text := complaint(resp.Header, body); text != "" {
			detail += ": " + text
		}
		return warehouse.Answer{}, &warehouse.PermanentError{Location: c.location, Detail: detail}
	}
	return warehouse.Answer{}, errors.New(answered(code, body))
}

// refused reports whether code is a refusal that sending again cannot
// change: a 4xx other than 408, 425 and 429.
func refused(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusTooEarly, http.StatusTooManyRequests:
		return false
	}
	return code >= 400 && code < 500
}

// answerBody is the JSON body of a 2xx or 409 answer.
type answerBody struct {
	Outcome warehouse.Outcome `json:"outcome"`
	Detail  string            `json:"detail"`
}

// parseOutcome reads body as an answerBody. A body that is empty or not
// such JSON gives no outcome and no detail.
func parseOutcome(body []byte) answerBody {
	var a answerBody
	if json.Unmarshal(body, &a) != nil {
		return answerBody{}
	}
	return a
}

// outcome reads the outcome of in from a successful answer.
func outcome(in warehouse.Instruction, code int, body []byte) (warehouse.Answer, error) {
	a := parseOutcome(body)
	answer := warehouse.Answer{Reference: in.Reference, Outcome: a.Outcome, Detail: a.Detail}
	switch {
	case in.Kind == warehouse.KindRelease && (a.Outcome == "" || a.Outcome == warehouse.Accepted):
		answer.Outcome = warehouse.Accepted
		return answer, nil
	case in.Kind == warehouse.KindRelease:
		return answer, fmt.Errorf("%s; a release takes only accepted", answered(code, body))
	case a.Outcome == warehouse.Cancelled, a.Outcome == warehouse.TooLate:
		return answer, nil
	}
	return answer, fmt.Errorf("%s; Ordo must know whether the cancel took effect, "+
		"so the location must answer cancelled or too_late", answered(code, body))
}

// complaint is the location's text in a refusal: the detail or title of a
// problem+json body, or else the start of the body.
func complaint(header http.Header, body []byte) string {
	media, _, err := mime.ParseMediaType(header.Get("Content-Type"))
	if err == nil && media == "application/problem+json" {
		var problem struct{ Title, Detail string }
		if json.Unmarshal(body, &problem) == nil {
			switch {
			case problem.Detail != "":
				return excerpt([]byte(problem.Detail))
			case problem.Title != "":
				return excerpt([]byte(problem.Title))
			}
		}
	}
	return excerpt(body)
}

// answered describes an answer for an error: its status and the start of
// its body.
func answered(code int, body []byte) string {
	if len(body) == 0 {
		return "answered " + status(code) + " with an empty body"
	}
	return "answered " + status(code) + ": " + excerpt(body)
}

// status is code with its text, such as "503 Service Unavailable".
func status(code int) string {
	return strings.TrimSpace(fmt.Sprintf("%d %s", code, http.StatusText(code)))
}

// excerpt is the start of body on one line, at most maxExcerpt bytes.
func excerpt(body []byte) string {
	cut := body[:min(len(body), maxExcerpt)]
	text := strings.Join(strings.Fields(strings.ToValidUTF8(string(cut), "")), " ")
	if len(cut) < len(body) {
		text += " …"
	}
	return text
}
