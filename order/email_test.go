package order_test

import (
	"strings"
	"testing"

	"github.com/ordo-oms/ordo/order"
)

func TestValidEmail(t *testing.T) {
	long := strings.Repeat("a", 64)
	label := strings.Repeat("b", 63)
	tests := []struct {
		name, s string
		want    bool
	}{
		{"plain", "ann@example.com", true},
		{"dots and plus", "ann.de.vries+shop@mail.example.nl", true},
		{"hyphen in domain", "a@my-shop.example", true},
		{"international domain", "jörg@bücher.de", true},
		{"local part of 64", long + "@example.com", true},
		{"label of 63", "a@" + label + ".com", true},
		{"empty", "", false},
		{"no at", "ann.example.com", false},
		{"no local part", "@example.com", false},
		{"no domain", "ann@", false},
		{"domain without dot", "ann@localhost", false},
		{"domain ending in dot", "ann@example.com.", false},
		{"empty label", "ann@example..com", false},
		{"domain starting with hyphen", "ann@-example.com", false},
		{"label ending with hyphen", "ann@example-.com", false},
		{"numeric top-level label", "ann@1.2.3.4", false},
		{"domain literal", "ann@[192.168.0.1]", false},
		{"bad character in domain", "ann@exa_mple.com", false},
		{"display name", "Ann <ann@example.com>", false},
		{"angle brackets", "<ann@example.com>", false},
		{"space inside", "ann @example.com", false},
		{"leading space", " ann@example.com", false},
		{"trailing newline", "ann@example.com\n", false},
		{"two ats", "ann@bob@example.com", false},
		{"quoted local part", `"ann"@example.com`, false},
		{"comment", "ann@example.com(home)", false},
		{"local part of 65", long + "a@example.com", false},
		{"label of 64", "a@" + label + "b.com", false},
		{"longer than 254", long + "@" + label + "." + label + "." + label + ".com", false},
		{"list", "ann@example.com, bob@example.com", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := order.ValidEmail(tt.s); got != tt.want {
				t.Errorf("ValidEmail(%q) = %v; want %v", tt.s, got, tt.want)
			}
		})
	}
}
