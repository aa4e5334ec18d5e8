package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/jobs"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

type deadLetters struct {
	DeadLetters []jobs.DeadLetter `json:"dead_letters"`
	NextCursor  string            `json:"next_cursor"`
}

func TestDeadLetters(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := newTestServer(t, d, func(c *config.Config) { c.Jobs.MaxAttempts = 2 })

			// A validation of an order that does not exist fails, and with
			// two attempts allowed it is dead-lettered a second later.
			err := e.Node.Batcher.Do(context.Background(), func(ctx context.Context,
				tx *store.Tx) error {
				return e.Node.Queue.EnqueueValidation(ctx, tx, "no-such-order")
			})
			if err != nil {
				t.Fatal(err)
			}
			var list deadLetters
			deadline := time.Now().Add(10 * time.Second)
			for len(list.DeadLetters) == 0 {
				if time.Now().After(deadline) {
					t.Fatal("the failing job was not dead-lettered in 10 s")
				}
				time.Sleep(20 * time.Millisecond)
				e.get(t, "/api/v1/dlq").decode(t, &list)
			}
			dl := list.DeadLetters[0]
			if dl.Kind != "validate_orders" || dl.Attempts != 2 || len(dl.Errors) != 2 {
				t.Fatalf("dead letter %+v: want validate_orders after 2 attempts with their errors",
					dl)
			}

			t.Run("a replay needs an Idempotency-Key", func(t *testing.T) {
				r := e.send(t, e.request(t, http.MethodPost,
					fmt.Sprintf("/api/v1/dlq/%d/replay", dl.ID), nil))
				if r.Status != http.StatusBadRequest {
					t.Errorf("status %d, want 400", r.Status)
				}
			})
			t.Run("a replay runs the job again with its arguments", func(t *testing.T) {
				r := e.send(t, replay(t, e, dl.ID, "replay-1"))
				if r.Status != http.StatusOK {
					t.Fatalf("status %d: %s", r.Status, r.Body)
				}
				var got struct{ Replayed jobs.DeadLetter }
				r.decode(t, &got)
				if string(got.Replayed.Args) != string(dl.Args) {
					t.Errorf("replayed args %s, want the original %s", got.Replayed.Args, dl.Args)
				}
				var max int
				err := e.DB.Read.QueryRow(`SELECT max_attempts FROM river_job WHERE id = $1`,
					dl.ID).Scan(&max)
				if err != nil || max != 4 {
					t.Errorf("max_attempts after the replay = %d, %v; want 4, a fresh two", max, err)
				}
			})
			t.Run("a job not in the dead-letter queue cannot be replayed", func(t *testing.T) {
				for _, id := range []int64{dl.ID, 999999} {
					if r := e.send(t, replay(t, e, id, "replay-2")); r.Status != http.StatusConflict {
						t.Errorf("job %d: status %d, want 409", id, r.Status)
					}
				}
			})
			t.Run("a bad cursor is refused", func(t *testing.T) {
				if r := e.get(t, "/api/v1/dlq?cursor=nonsense"); r.Status != http.StatusBadRequest {
					t.Errorf("status %d, want 400", r.Status)
				}
			})
		})
	}
}

func replay(t testing.TB, e *testEnv, id int64, key string) *http.Request {
	t.Helper()
	req := e.request(t, http.MethodPost, fmt.Sprintf("/api/v1/dlq/%d/replay", id), nil)
	req.Header.Set("Idempotency-Key", key)
	return req
}
