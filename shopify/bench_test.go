package shopify_test

import (
	"testing"

	"github.com/ordo-oms/ordo/loadtest"
	"github.com/ordo-oms/ordo/shopify"
)

// BenchmarkMap maps generated order webhooks of about 6 KB, the work every
// delivery does before it reaches the group commit.
func BenchmarkMap(b *testing.B) {
	g := loadtest.NewGenerator(1, "bench.myshopify.com")
	bodies := make([][]byte, 256)
	size := 0
	for i := range bodies {
		bodies[i] = g.Next().Body
		size += len(bodies[i])
	}
	b.SetBytes(int64(size / len(bodies)))
	b.ResetTimer()
	for i := range b.N {
		if _, err := shopify.Map("shop", bodies[i%len(bodies)]); err != nil {
			b.Fatal(err)
		}
	}
}
