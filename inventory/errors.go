package inventory

import (
	"errors"
	"fmt"
	"regexp"
)

// Errors returned by the package.
var (
	// ErrShort means a location holds too little available stock for a
	// reservation; the error is a *ShortError that says how much.
	ErrShort = errors.New("inventory: short of stock")
	// ErrNotReserved means a consumption asked for more than the open
	// reservation of a line holds, or for a line with none.
	ErrNotReserved = errors.New("inventory: not reserved")
	// ErrInvalid means the input itself is wrong: an empty SKU, an unknown
	// pool, a negative on-hand figure and the like.
	ErrInvalid = errors.New("inventory: invalid input")
	// ErrBadCursor is returned for a cursor that Levels did not make.
	ErrBadCursor = errors.New("inventory: bad cursor")
)

// ShortError reports the line of a reservation that a location cannot
// fill. It matches ErrShort with errors.Is.
type ShortError struct {
	OMSOrderID string
	LineID     string
	Location   string
	SKU        string
	// Wanted is the quantity the line asked for.
	Wanted int64
	// Available is what the location could still promise when asked.
	Available int64
}

// Error says what was short, where and by how much.
func (e *ShortError) Error() string {
	return fmt.Sprintf("inventory: %s at %s: want %d, %d available (line %s of order %s)",
		e.SKU, e.Location, e.Wanted, e.Available, e.LineID, e.OMSOrderID)
}

// Is reports whether target is ErrShort.
func (e *ShortError) Is(target error) bool { return target == ErrShort }

// invalidError is a problem with the input. It matches ErrInvalid with
// errors.Is.
type invalidError struct{ problem string }

// Error says what is wrong with the input.
func (e *invalidError) Error() string { return "inventory: " + e.problem }

// Is reports whether target is ErrInvalid.
func (e *invalidError) Is(target error) bool { return target == ErrInvalid }

// invalid returns the problem with the input that format describes.
func invalid(format string, args ...any) error {
	return &invalidError{problem: fmt.Sprintf(format, args...)}
}

// within names what holds the input that err, a problem with it, is
// about, such as a delta.
func within(err error, format string, args ...any) error {
	var ie *invalidError
	if !errors.As(err, &ie) {
		return err
	}
	return invalid(format+": %s", append(args, ie.problem)...)
}

var locationID = regexp.MustCompile(`^[a-z0-9-]+$`)

// checkKey validates the parts of a level's name.
func checkKey(location, sku string, pool Pool) error {
	if err := checkLocation(location); err != nil {
		return err
	}
	if err := checkSKU(sku); err != nil {
		return err
	}
	if !pool.Valid() {
		return invalid("pool %q: want sellable, b_grade or quarantine", pool)
	}
	return nil
}

func checkLocation(location string) error {
	if !locationID.MatchString(location) {
		return invalid("location %q: want lower-case letters, digits and hyphens", location)
	}
	return nil
}

func checkSKU(sku string) error {
	if sku == "" {
		return invalid("empty sku")
	}
	return nil
}
