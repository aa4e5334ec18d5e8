package loadtest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"sync/atomic"
	"time"
)

// An order ID is 63 bits: a 41-bit run ID above a 22-bit sequence number.
// The sequence number is the order's place in the run, scrambled by a
// permutation the seed chooses, so that IDs look unrelated while two orders
// of one run never share one.
const (
	seqBits   = 22
	runBits   = 41
	seqMask   = 1<<seqBits - 1
	runMask   = 1<<runBits - 1
	runsEpoch = 1577836800000 // 2020-01-01T00:00:00Z in Unix milliseconds
)

// MaxOrders is the number of distinct order IDs one Generator can produce.
// Beyond it, IDs repeat.
const MaxOrders = 1 << seqBits

var lastRunID atomic.Int64

// NewRunID returns a run ID from the wall clock: the milliseconds since
// 2020, which fill the 41 bits until 2089. Within one process it is strictly
// increasing, so two runs of one process never share a run ID; runs in two
// processes share one only if they start in the same millisecond.
func NewRunID() int64 {
	now := time.Now().UnixMilli() - runsEpoch
	for {
		last := lastRunID.Load()
		id := max(now, last+1)
		if lastRunID.CompareAndSwap(last, id) {
			return id & runMask
		}
	}
}

// permutation is a bijection on the 22-bit sequence numbers: n·mul + add,
// modulo 2^22. mul is odd, which makes it invertible.
type permutation struct {
	mul, inv, add uint64
}

func newPermutation(seed int64) permutation {
	h := splitmix(uint64(seed))
	p := permutation{mul: h | 1, add: splitmix(h)}
	// Newton's iteration doubles the correct low bits of the inverse on
	// each step; five steps give all 64.
	p.inv = p.mul
	for range 5 {
		p.inv *= 2 - p.mul*p.inv
	}
	return p
}

func (p permutation) apply(n uint64) uint64 { return (n*p.mul + p.add) & seqMask }

func (p permutation) invert(s uint64) uint64 { return ((s - p.add) * p.inv) & seqMask }

// splitmix is the SplitMix64 finaliser, a cheap and good 64-bit mix.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// newUUID returns a random UUID, version 4.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:]) // never returns an error; see its documentation
	return formatUUID(b)
}

// derivedUUID returns a UUID made from a hash of its inputs, so that the
// same inputs always give the same UUID. It is marked version 4 because
// Shopify's identifiers are, and its bits are as good as random.
func derivedUUID(text string, nums ...uint64) string {
	h := sha256.New()
	h.Write([]byte(text))
	for _, n := range nums {
		h.Write(binary.BigEndian.AppendUint64(nil, n))
	}
	var b [16]byte
	copy(b[:], h.Sum(nil))
	return formatUUID(b)
}

func formatUUID(b [16]byte) string {
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // the RFC 9562 variant
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}
