package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/store"
)

// Send makes a recorded call and records the channel's answer. A call sent
// before is passed over; one recorded in shadow mode stays there while its
// channel is in shadow mode. An error that is a *channel.PermanentError
// has been recorded on the call; any other leaves it pending, to be sent
// again with the same key.
func (s *Service) Send(ctx context.Context, id string) error {
	c, err := s.load(ctx, id)
	if err != nil {
		return err
	}
	ch, ok := s.Channels[c.ChannelID]
	if !ok {
		return &channel.PermanentError{Channel: c.ChannelID,
			Detail: "the channel is no longer configured; call " + id + " cannot be sent"}
	}
	switch {
	case c.State == StateSent:
		return nil
	case !ch.Active:
		return nil
	}
	conf, err := s.call(ctx, ch, c)
	if channel.IsPermanent(err) {
		return errors.Join(err, s.finish(ctx, id, StateRefused, "", err.Error()))
	}
	if err != nil {
		return fmt.Errorf("outbox: %s call %s for order %s to %s: %w", c.Kind, id, c.OMSOrderID,
			c.ChannelID, err)
	}
	detail := conf.Detail
	if conf.Duplicate && detail == "" {
		detail = "the channel had it already from an earlier attempt"
	}
	s.Log.InfoContext(ctx, "call confirmed by channel", "channel_id", c.ChannelID,
		"kind", c.Kind, "oms_order_id", c.OMSOrderID, "call_id", id,
		"reference", conf.Reference, "duplicate", conf.Duplicate)
	return s.finish(ctx, id, StateSent, conf.Reference, detail)
}

// call makes c at ch by its kind.
func (s *Service) call(ctx context.Context, ch Channel, c Call) (channel.Confirmation, error) {
	switch c.Kind {
	case KindShipment:
		var sh channel.Shipment
		if err := json.Unmarshal(c.Payload, &sh); err != nil {
			return channel.Confirmation{}, fmt.Errorf("decode call %s: %w", c.ID, err)
		}
		return ch.Notifier.Ship(ctx, sh)
	case KindCancel:
		var cc channel.Cancel
		if err := json.Unmarshal(c.Payload, &cc); err != nil {
			return channel.Confirmation{}, fmt.Errorf("decode call %s: %w", c.ID, err)
		}
		if canceller, ok := ch.Notifier.(channel.Canceller); ok {
			return canceller.ConfirmCancel(ctx, cc)
		}
	}
	return channel.Confirmation{}, &channel.PermanentError{Channel: c.ChannelID,
		Detail: fmt.Sprintf("the channel takes no %s calls; call %s cannot be sent", c.Kind, c.ID)}
}

// finish records the end of a call that waits to be sent.
func (s *Service) finish(ctx context.Context, id string, state State, reference,
	detail string) error {
	return s.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE channel_calls SET state = $1, reference = $2,
			detail = $3, sent_at = $4 WHERE id = $5 AND state IN ($6, $7)`, string(state),
			reference, detail, store.Micros(s.Now()), id, string(StatePending),
			string(StateRefused))
		if err != nil {
			return fmt.Errorf("outbox: record call %s %s: %w", id, state, err)
		}
		return nil
	})
}

// load reads one call.
func (s *Service) load(ctx context.Context, id string) (Call, error) {
	calls, err := s.Calls(ctx, Filter{ID: id, Limit: 1})
	if err != nil {
		return Call{}, err
	}
	if len(calls) == 0 {
		return Call{}, fmt.Errorf("%w: %s", ErrUnknownCall, id)
	}
	return calls[0], nil
}

// Promote sends, as they were recorded, the calls recorded in shadow mode
// for channels that are now active. Ordo calls it when it starts, so that
// switching a channel to active is a change of configuration alone. It
// returns how many it scheduled.
func (s *Service) Promote(ctx context.Context) (int, error) {
	total := 0
	for _, ch := range s.Channels {
		if !ch.Active {
			continue
		}
		n := 0
		err := s.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
			n = 0
			ids, err := shadowed(ctx, tx, ch.ID)
			if err != nil {
				return err
			}
			for _, id := range ids {
				_, err := tx.ExecContext(ctx, `UPDATE channel_calls SET state = $1
					WHERE id = $2 AND state = $3`, string(StatePending), id, string(StateShadow))
				if err != nil {
					return fmt.Errorf("outbox: promote call %s: %w", id, err)
				}
				if err := s.Jobs.EnqueueCall(ctx, tx, ch.ID, id); err != nil {
					return err
				}
			}
			n = len(ids)
			return nil
		})
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

func shadowed(ctx context.Context, q store.Querier, channelID string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM channel_calls WHERE channel_id = $1
		AND state = $2 ORDER BY created_at, id`, channelID, string(StateShadow))
	if err != nil {
		return nil, fmt.Errorf("outbox: shadow calls of %s: %w", channelID, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("outbox: shadow calls of %s: %w", channelID, err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
