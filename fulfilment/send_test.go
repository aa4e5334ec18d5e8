package fulfilment_test

import (
	"testing"

	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/warehouse"
)

func TestSendRecordsAnswersOnce(t *testing.T) {
	e := newEnv(t, store.SQLite)
	_, fo := e.released(t, 1)
	refs := e.jobs.take()
	for range 2 {
		if err := e.svc.Send(t.Context(), "dc-a", refs, store.Meta{}); err != nil {
			t.Fatal(err)
		}
	}
	if len(e.conn.sent) != 1 {
		t.Errorf("sent %d times; want once, since the answer was recorded", len(e.conn.sent))
	}
	ins := e.instructions(t, fulfilment.InstructionFilter{FulfilmentID: fo})
	if ins[0].State != fulfilment.StateAnswered || ins[0].Outcome != "accepted" {
		t.Errorf("instruction = %+v; want answered, accepted", ins[0])
	}
}

func TestSendRecordsARefusalAndAReplaySendsAgain(t *testing.T) {
	e := newEnv(t, store.SQLite)
	_, fo := e.released(t, 1)
	refs := e.jobs.take()
	e.conn.err = &warehouse.PermanentError{Location: "dc-a", Detail: "422: unknown SKU CAP-RED"}
	err := e.svc.Send(t.Context(), "dc-a", refs, store.Meta{})
	if !warehouse.IsPermanent(err) {
		t.Fatalf("Send = %v; want the permanent error", err)
	}
	ins := e.instructions(t, fulfilment.InstructionFilter{FulfilmentID: fo})
	if ins[0].State != fulfilment.StateRefused || ins[0].Detail == "" {
		t.Errorf("instruction = %+v; want refused with the location's words", ins[0])
	}

	e.conn.err = nil
	if err := e.svc.Send(t.Context(), "dc-a", refs, store.Meta{}); err != nil {
		t.Fatal(err)
	}
	if len(e.conn.sent) != 2 || e.conn.sent[1].Reference != fo {
		t.Errorf("sent %+v; want the same reference twice", e.conn.sent)
	}
}

func TestSendToAShadowLocationSendsNothing(t *testing.T) {
	e := newEnv(t, store.SQLite)
	_, fo := e.released(t, 1)
	e.loc.Active = false
	if err := e.send(t); err != nil {
		t.Fatal(err)
	}
	if len(e.conn.sent) != 0 {
		t.Errorf("sent %d to a location in shadow mode", len(e.conn.sent))
	}
	ins := e.instructions(t, fulfilment.InstructionFilter{FulfilmentID: fo})
	if ins[0].State != fulfilment.StateShadow {
		t.Errorf("state = %s; want shadow, to be sent when the location is active", ins[0].State)
	}
}
