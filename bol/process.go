package bol

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/ordo-oms/ordo/channel"
)

// ProcessStatus is bol.com's report on an asynchronous request, such as a
// shipment or a cancellation.
type ProcessStatus struct {
	// ID is the process status id.
	ID string
	// EntityID is what is processed; for a shipment, an order item id.
	EntityID string
	// EventType is the request, such as CONFIRM_SHIPMENT or CANCEL_ORDER.
	EventType string
	// Description says what is processed, in bol.com's words.
	Description string
	// Status is PENDING, SUCCESS, FAILURE or TIMEOUT.
	Status string
	// ErrorMessage says why a FAILURE failed.
	ErrorMessage string
	// CreatedAt is when bol.com created the process status.
	CreatedAt time.Time
}

// The process statuses bol.com reports.
const (
	StatusPending = "PENDING"
	StatusSuccess = "SUCCESS"
	StatusFailure = "FAILURE"
	StatusTimeout = "TIMEOUT"
)

// processStatusPayload is a process status as bol.com sends it. Before v10
// the id was a number named "id"; it is read too.
type processStatusPayload struct {
	ProcessStatusID string          `json:"processStatusId"`
	LegacyID        json.RawMessage `json:"id"`
	EntityID        string          `json:"entityId"`
	EventType       string          `json:"eventType"`
	Description     string          `json:"description"`
	Status          string          `json:"status"`
	ErrorMessage    string          `json:"errorMessage"`
	CreateTimestamp string          `json:"createTimestamp"`
}

// ParseProcessStatus reads a process status body, as returned by a 202 or
// by GET /shared/process-status/{process-status-id}. Every error wraps
// ErrMalformed.
func ParseProcessStatus(body []byte) (ProcessStatus, error) {
	var p processStatusPayload
	if err := decodeObject(body, &p); err != nil {
		return ProcessStatus{}, err
	}
	return p.status()
}

func (p processStatusPayload) status() (ProcessStatus, error) {
	r := &reader{}
	ps := ProcessStatus{
		ID:           p.ProcessStatusID,
		EntityID:     p.EntityID,
		EventType:    p.EventType,
		Description:  p.Description,
		Status:       p.Status,
		ErrorMessage: p.ErrorMessage,
		CreatedAt:    r.time("createTimestamp", p.CreateTimestamp),
	}
	if ps.ID == "" && len(p.LegacyID) > 0 {
		ps.ID = scalar(p.LegacyID)
	}
	if r.err != nil {
		return ProcessStatus{}, r.err
	}
	if ps.ID == "" || ps.Status == "" {
		return ProcessStatus{}, fmt.Errorf("%w: process status without id or status",
			ErrMalformed)
	}
	return ps, nil
}

// ProcessStatus reads one process status with GET
// /shared/process-status/{process-status-id}.
func (c *Client) ProcessStatus(ctx context.Context, id string) (ProcessStatus, error) {
	var p processStatusPayload
	r := request{method: http.MethodGet, path: "/shared/process-status/" + url.PathEscape(id)}
	if err := c.send(ctx, r, &p); err != nil {
		return ProcessStatus{}, fmt.Errorf("bol: read process status %s: %w", id, err)
	}
	ps, err := p.status()
	if err != nil {
		return ProcessStatus{}, fmt.Errorf("bol: read process status %s: %w", id, err)
	}
	return ps, nil
}

// process sends r, which bol.com answers with a process status, and
// awaits the outcome as await does.
func (c *Client) process(ctx context.Context, r request) (ProcessStatus, error) {
	var p processStatusPayload
	if err := c.send(ctx, r, &p); err != nil {
		return ProcessStatus{}, err
	}
	ps, err := p.status()
	if err != nil {
		return ProcessStatus{}, err
	}
	return c.await(ctx, ps)
}

// await polls the process status ps until it is no longer PENDING, at most
// PollAttempts times, and returns it when it is SUCCESS. FAILURE gives a
// *channel.PermanentError with bol.com's error message; TIMEOUT and a status
// still PENDING give a plain error, for the caller to try again.
func (c *Client) await(ctx context.Context, ps ProcessStatus) (ProcessStatus, error) {
	for i := 0; ps.Status == StatusPending && i < c.opts.PollAttempts; i++ {
		if err := channel.Sleep(ctx, c.opts.PollInterval); err != nil {
			return ps, fmt.Errorf("wait for process status %s: %w", ps.ID, err)
		}
		var err error
		if ps, err = c.ProcessStatus(ctx, ps.ID); err != nil {
			return ps, err
		}
	}
	switch ps.Status {
	case StatusSuccess:
		return ps, nil
	case StatusFailure:
		return ps, &channel.PermanentError{Channel: c.opts.ChannelID,
			Detail: fmt.Sprintf("process status %s failed: %s", ps.ID,
				cmp.Or(ps.ErrorMessage, "bol.com gave no error message"))}
	case StatusTimeout:
		return ps, fmt.Errorf("process status %s timed out at bol.com", ps.ID)
	}
	return ps, fmt.Errorf("process status %s is still %s after %d reads", ps.ID, ps.Status,
		c.opts.PollAttempts)
}
