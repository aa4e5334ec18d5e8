package order

import (
	"encoding/json"
	"errors"
	"testing"
)

// TestFromJSON checks the safety net for errors that scan lets through.
func TestFromJSON(t *testing.T) {
	var v struct {
		N int64 `json:"n"`
	}
	tests := []struct {
		name, body, field, msg string
	}{
		{"syntax error", `{"n": }`, "", "the body is not valid JSON: invalid character '}' " +
			"looking for beginning of value"},
		{"type error", `{"n": "1"}`, "n", "expected int64, got string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := json.Unmarshal([]byte(tt.body), &v)
			de := fromJSON(err)
			if de.Field != tt.field || de.Message != tt.msg || de.Offset == 0 {
				t.Errorf("fromJSON(%v) = %+v; want field %q, message %q and an offset",
					err, de, tt.field, tt.msg)
			}
			if !errors.Is(de, err) {
				t.Errorf("fromJSON(%v) does not wrap the error", err)
			}
		})
	}
	t.Run("other error", func(t *testing.T) {
		err := errors.New("boom")
		if de := fromJSON(err); de.Message != "the body is not a valid order: boom" {
			t.Errorf("Message = %q", de.Message)
		}
	})
}
