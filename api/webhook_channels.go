package api

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"slices"

	"github.com/ordo-oms/ordo/amazon"
	"github.com/ordo-oms/ordo/bol"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/square"
	"github.com/ordo-oms/ordo/store"
)

// Marketplace and POS notifications name an order that changed rather
// than carry it whole, so each is answered once a job that reads the order
// from the channel's API is committed. The job holds the notification,
// for an operator to see; reading the same order twice records it once.

// bolWebhook takes a push notification from a bol.com subscription,
// verified against the keys bol.com publishes.
func (s *Server) bolWebhook(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	ch, err := s.channelFor(r, "bol")
	if err != nil {
		return err
	}
	client, ok := s.Bol[ch.ID]
	if !ok {
		return errorf(codeUnavailable, "Channel not connected",
			"bol channel %s has no API client; check its api settings", ch.ID)
	}
	push, err := client.VerifyPush(r.Context(), r.Header, body)
	switch {
	case errors.Is(err, bol.ErrSignature):
		return s.refused(r, ch.ID, err, "the push message's signature does not verify against "+
			"the keys bol.com publishes")
	case errors.Is(err, bol.ErrMalformed):
		return s.quarantine(r, ch.ID, body, errorf(codeInvalid, "Unreadable push message",
			"%v", err))
	case err != nil:
		return &Error{Code: codeUnavailable, Title: "Keys unavailable",
			Detail: "bol.com's signature keys could not be read; the message can be sent again",
			Err:    err}
	}
	if push.Resource != "ORDER" {
		s.Log.InfoContext(r.Context(), "bol push message needs no order read",
			"channel_id", ch.ID, "resource", push.Resource, "type", push.Type,
			"resource_id", push.ResourceID)
		writeJSON(w, http.StatusOK, map[string]string{"outcome": "ignored"})
		return nil
	}
	return s.fetchLater(w, r, ch.ID, push.ResourceID, body)
}

// amazonWebhook takes an ORDER_CHANGE notification that an EventBridge API
// destination posts with the channel's API key.
func (s *Server) amazonWebhook(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	ch, found := s.verifiedChannel("amazon", func(c config.Channel) bool {
		got := r.Header.Get(c.API.APIKeyHeader)
		return got != "" &&
			subtle.ConstantTimeCompare([]byte(got), []byte(c.API.APIKey.Reveal())) == 1
	})
	if !found {
		s.Log.WarnContext(r.Context(), "amazon notification without a known API key")
		return errorf(codeUnauthorized, "API key refused",
			"no Amazon channel has the API key this notification carries; check the "+
				"EventBridge connection's API key and the channel's api.api_key")
	}
	change, err := amazon.ParseNotification(body)
	if err != nil {
		return s.quarantine(r, ch.ID, body, errorf(codeInvalid, "Unreadable notification",
			"%v", err))
	}
	return s.fetchLater(w, r, ch.ID, change.AmazonOrderID, body)
}

// squareWebhook takes a Square webhook, verified by the signature Square
// makes over the subscription's URL and the body.
func (s *Server) squareWebhook(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	sig := r.Header.Get(square.HeaderSignature)
	ch, found := s.verifiedChannel("square", func(c config.Channel) bool {
		return square.Verify([]byte(c.Secret.Reveal()), c.API.NotificationURL, body, sig) == nil
	})
	if !found {
		s.Log.WarnContext(r.Context(), "square webhook signature refused")
		detail := "x-square-hmacsha256-signature matches no Square channel; check the " +
			"channel's secret and that api.notification_url is the subscription's URL exactly"
		if sig == "" {
			detail = "the request has no x-square-hmacsha256-signature header"
		}
		return errorf(codeUnauthorized, "Signature refused", "%s", detail)
	}
	ev, err := square.ParseWebhook(body)
	if err != nil {
		return s.quarantine(r, ch.ID, body, errorf(codeInvalid, "Unreadable webhook", "%v", err))
	}
	if ev.IsTest() {
		writeJSON(w, http.StatusOK, map[string]string{"outcome": "ignored"})
		return nil
	}
	return s.fetchLater(w, r, ch.ID, ev.OrderID, body)
}

// fetchLater commits a job that reads the order from the channel, and
// answers 202 once it is committed.
func (s *Server) fetchLater(w http.ResponseWriter, r *http.Request, channelID, orderID string,
	body []byte) error {
	if orderID == "" {
		return s.quarantine(r, channelID, body, errorf(codeInvalid, "No order",
			"the notification names no order"))
	}
	err := s.Orders.Batcher.Do(r.Context(), func(ctx context.Context, tx *store.Tx) error {
		return s.Queue.EnqueueFetch(ctx, tx, channelID, orderID, body)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"outcome": "fetching",
		"channel_id": channelID, "order_id": orderID})
	return nil
}

// channelFor finds the channel of a kind that a request is for: the one
// its channel query parameter names, or the only one of that kind.
func (s *Server) channelFor(r *http.Request, kind string) (config.Channel, error) {
	var of []config.Channel
	for _, c := range s.Config.Channels {
		if c.Kind == kind {
			of = append(of, c)
		}
	}
	id := r.URL.Query().Get("channel")
	if id == "" && len(of) == 1 {
		return of[0], nil
	}
	if i := slices.IndexFunc(of, func(c config.Channel) bool { return c.ID == id }); i >= 0 {
		return of[i], nil
	}
	s.Metrics.Unverified.WithLabelValues("unknown").Inc()
	if id == "" {
		return config.Channel{}, errorf(codeUnauthorized, "Unknown channel",
			"%d %s channels are configured; add ?channel=ID to the webhook URL to say which",
			len(of), kind)
	}
	return config.Channel{}, errorf(codeUnauthorized, "Unknown channel",
		"no %s channel %q is configured", kind, id)
}

// verifiedChannel returns the first channel of a kind whose credentials
// verified judges the request to carry. When none does, it counts the
// request as unverified.
func (s *Server) verifiedChannel(kind string, verified func(config.Channel) bool) (
	config.Channel, bool) {
	for _, c := range s.Config.Channels {
		if c.Kind == kind && verified(c) {
			return c, true
		}
	}
	s.Metrics.Unverified.WithLabelValues("unknown").Inc()
	return config.Channel{}, false
}

// refused counts and logs a delivery whose signature failed, and returns
// the error that answers it. Nothing of it is stored.
func (s *Server) refused(r *http.Request, channelID string, err error, detail string) error {
	s.Metrics.Unverified.WithLabelValues(channelID).Inc()
	s.Log.WarnContext(r.Context(), "webhook signature refused", "channel_id", channelID,
		"error", err)
	return errorf(codeUnauthorized, "Signature refused", "%s", detail)
}
