// Package pull reads orders from the channels' own APIs: the order a
// notification names, read whole when the notification arrives, and every
// order a channel changed since the last poll, so that a webhook lost in
// an outage of any length is made good. Everything read goes through the
// same idempotent path as a webhook, so one order delivered by webhook,
// poll and file at once is one order.
package pull

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/store"
)

// Service reads orders from channels' APIs. Every field must be set
// before use.
type Service struct {
	Orders  *ingest.Service
	Batcher *store.Batcher
	Read    store.Querier
	// Sources are the channels' APIs by channel id.
	Sources map[string]channel.Source
	// Lookback is how far back the first poll of a channel reads.
	Lookback time.Duration
	Now      func() time.Time
	Log      *slog.Logger
}

// Overlap is how far before its high-water mark a poll asks from, so that
// a change stamped in the same instant as the mark, or by a channel clock
// that runs a little behind, is not missed. What is read twice is
// recognised as unchanged.
const Overlap = time.Minute

// ErrUnknownChannel is returned, wrapped, for a channel without an API
// to read.
var ErrUnknownChannel = errors.New("pull: channel has no API to read")

// Fetch reads one order from its channel and records it.
func (s *Service) Fetch(ctx context.Context, channelID, orderID string, meta store.Meta) (
	ingest.Result, error) {
	src, err := s.source(channelID)
	if err != nil {
		return ingest.Result{}, err
	}
	rep, err := src.Fetch(ctx, orderID)
	if err != nil {
		return ingest.Result{}, fmt.Errorf("pull: %s: read order %s: %w", channelID, orderID, err)
	}
	return s.record(ctx, channelID, rep, meta)
}

// Polled is what one poll of a channel found.
type Polled struct {
	ChannelID string    `json:"channel_id"`
	Since     time.Time `json:"since"`
	Mark      time.Time `json:"mark"`
	Seen      int       `json:"seen"`
	Created   int       `json:"created"`
	Updated   int       `json:"updated"`
}

// Poll asks a channel for every order it changed since the channel's
// high-water mark, records each, and moves the mark on. The mark moves
// only once everything before it is recorded, so a poll cut short is
// repeated from where the last complete one ended.
func (s *Service) Poll(ctx context.Context, channelID string, meta store.Meta) (Polled, error) {
	src, err := s.source(channelID)
	if err != nil {
		return Polled{}, err
	}
	p := Polled{ChannelID: channelID}
	mark, found, err := s.mark(ctx, channelID)
	if err != nil {
		return p, err
	}
	p.Since = s.Now().UTC().Add(-s.Lookback)
	if found {
		p.Since = mark.Add(-Overlap)
	}
	p.Mark, err = src.Changed(ctx, p.Since, func(rep channel.Report) error {
		res, err := s.record(ctx, channelID, rep, meta)
		if err != nil {
			return err
		}
		p.Seen++
		switch {
		case res.Duplicate:
		case res.Outcome == ingest.Created:
			p.Created++
		case res.Outcome == ingest.Updated:
			p.Updated++
		}
		return nil
	})
	if err != nil {
		return p, fmt.Errorf("pull: poll %s since %s: %w", channelID, p.Since.Format(time.RFC3339),
			err)
	}
	if found && p.Mark.Before(mark) {
		p.Mark = mark
	}
	return p, s.saveMark(ctx, channelID, p)
}

func (s *Service) source(channelID string) (channel.Source, error) {
	src, ok := s.Sources[channelID]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownChannel, channelID)
	}
	return src, nil
}

// record passes what a channel's API said through ingest. Its key is the
// content's hash, so that reading the same state twice is one delivery.
func (s *Service) record(ctx context.Context, channelID string, rep channel.Report,
	meta store.Meta) (ingest.Result, error) {
	rep.Order.ChannelID = channelID
	rep.Order.Normalize()
	body, err := json.Marshal(rep)
	if err != nil {
		return ingest.Result{}, fmt.Errorf("pull: encode order %s: %w", rep.Order.OrderID, err)
	}
	sum := sha256.Sum256(body)
	key := "api:" + channelID + ":" + rep.Order.OrderID + ":" + hex.EncodeToString(sum[:16])
	meta.IdempotencyKey = key
	if meta.OccurredAt.IsZero() {
		meta.OccurredAt = rep.Order.UpdatedAt
	}
	res, err := s.Orders.Receive(ctx, ingest.Report{Key: key, Order: rep.Order,
		Cancelled: rep.Cancelled, Meta: meta})
	if err != nil {
		return res, fmt.Errorf("pull: record order %s of %s: %w", rep.Order.OrderID, channelID, err)
	}
	return res, nil
}
