package order

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// DecodeError is the one error type Decode returns: the body cannot be
// accepted as an order, and nothing was recorded.
type DecodeError struct {
	// Field is the JSON path of the part at fault, such as
	// "lines[0].quantity", or empty when the body as a whole is at fault.
	Field string
	// Offset is the byte offset in the body where the fault was found.
	Offset int64
	// Message says what is wrong and what to do about it.
	Message string

	err error
}

// Error returns the message with the field and offset, prefixed with
// "order: decode: ".
func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString("order: decode: ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	fmt.Fprintf(&b, "%s (at byte %d)", e.Message, e.Offset)
	return b.String()
}

// Unwrap returns the error beneath e, such as the reader's error when the
// body could not be read, or nil.
func (e *DecodeError) Unwrap() error { return e.err }

// ordoFields are the order fields that Ordo sets and a sender may not.
var ordoFields = map[string]bool{"oms_order_id": true, "status": true, "hold_reasons": true}

// requiredFields are the order fields a body must set, not to null.
var requiredFields = []string{"order_id", "currency"}

// Decode reads an order in canonical JSON, as sent to POST /api/v1/orders,
// and returns it normalised (see Order.Normalize). It is strict: the body
// must be one JSON object, with no data after it, no unknown or repeated
// fields (names match exactly, case included) and a value of the right type
// for every field. The body must set order_id, to a non-empty string, and
// currency, and must not set oms_order_id, status or hold_reasons, which
// Ordo sets. Every error is a *DecodeError.
//
// Decode does not judge the content: an unknown currency, an order without
// lines or a negative quantity decode without error, for Validate to report
// so that the order is recorded and held. Decode reads the whole body into
// memory; callers limit its size, as with http.MaxBytesReader, whose error
// the DecodeError then wraps.
func Decode(r io.Reader) (*Order, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &DecodeError{Offset: int64(len(data)), err: err,
			Message: "the body could not be read: " + err.Error()}
	}
	present, err := scan(data)
	if err != nil {
		return nil, err
	}
	var o Order
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		return nil, fromJSON(err)
	}
	if strings.TrimSpace(o.OrderID) == "" {
		return nil, &DecodeError{Field: "order_id", Offset: present["order_id"],
			Message: "order_id is empty; send the channel's identifier of the order"}
	}
	o.Normalize()
	return &o, nil
}

// Normalize brings o into canonical form, the way Decode returns it, so
// that channel mappers building an Order can call it too. It upper-cases
// and trims the currency and the country codes, trims spaces around SKUs,
// takes the delivery country from the shipping address when it is not set,
// defaults an empty delivery method to standard, carrier to any and
// priority to normal, makes empty tags nil, and puts its times in UTC, so
// that the same order read from two sources is the same. It judges
// nothing: that is Validate's work. Normalize is idempotent.
func (o *Order) Normalize() {
	o.PlacedAt, o.UpdatedAt = o.PlacedAt.UTC(), o.UpdatedAt.UTC()
	o.Currency = upperTrim(o.Currency)
	for i := range o.Lines {
		o.Lines[i].SKU = strings.TrimSpace(o.Lines[i].SKU)
	}
	if len(o.Tags) == 0 {
		o.Tags = nil
	}
	o.Customer.Shipping.Country = upperTrim(o.Customer.Shipping.Country)
	o.Customer.Billing.Country = upperTrim(o.Customer.Billing.Country)
	o.Delivery.normalize(o.Customer.Shipping.Country)
}

// normalize upper-cases the delivery country, taking shipTo when it is
// empty, and fills in the default method, carrier and priority.
func (d *Delivery) normalize(shipTo string) {
	d.Country = upperTrim(d.Country)
	if d.Country == "" {
		d.Country = shipTo
	}
	if d.Method == "" {
		d.Method = MethodStandard
	}
	if d.Carrier == "" {
		d.Carrier = CarrierAny
	}
	if d.Priority == "" {
		d.Priority = PriorityNormal
	}
}

// upperTrim returns s upper-cased without surrounding spaces.
func upperTrim(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// fromJSON turns an error of encoding/json into a DecodeError. Scan finds
// nearly every problem first, with a better path; this is the safety net.
func fromJSON(err error) *DecodeError {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return &DecodeError{Offset: se.Offset, err: err,
			Message: "the body is not valid JSON: " + se.Error()}
	case errors.As(err, &te):
		return &DecodeError{Field: te.Field, Offset: te.Offset, err: err,
			Message: fmt.Sprintf("expected %s, got %s", te.Type, te.Value)}
	default:
		return &DecodeError{err: err, Message: "the body is not a valid order: " + err.Error()}
	}
}

// scan checks the body token by token against the Order type, before it is
// decoded, so that each problem is reported with its path and offset. It
// returns the offsets of the values of the top-level fields that are set.
func scan(data []byte) (map[string]int64, error) {
	s := &scanner{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	s.dec.UseNumber()
	tok, off, err := s.next()
	if err == io.EOF {
		return nil, &DecodeError{Message: "the body is empty; send the order as a JSON object"}
	}
	if err != nil {
		return nil, s.syntax(err, "", off)
	}
	if tok != json.Delim('{') {
		return nil, &DecodeError{Offset: off,
			Message: fmt.Sprintf("the body is %s; send the order as a JSON object", kind(tok))}
	}
	present, err := s.object(reflect.TypeFor[Order](), "")
	if err != nil {
		return nil, err
	}
	if _, end, err := s.next(); err != io.EOF {
		return nil, &DecodeError{Offset: end,
			Message: "there is data after the JSON object; send one object only"}
	}
	return present, checkRequired(present, off)
}

// checkRequired returns an error when a required field is not set.
func checkRequired(present map[string]int64, off int64) error {
	for _, f := range requiredFields {
		if _, ok := present[f]; !ok {
			return &DecodeError{Field: f, Offset: off,
				Message: fmt.Sprintf("%s is missing or null; the order must set it", f)}
		}
	}
	return nil
}

// scanner walks the tokens of a JSON body.
type scanner struct {
	data []byte
	dec  *json.Decoder
}

// next reads the next token and the offset where it starts.
func (s *scanner) next() (json.Token, int64, error) {
	off := s.dec.InputOffset()
	tok, err := s.dec.Token()
	for off < int64(len(s.data)) && strings.IndexByte(" \t\r\n:,", s.data[off]) >= 0 {
		off++
	}
	return tok, off, err
}

// syntax turns an error of the tokenizer into a DecodeError.
func (s *scanner) syntax(err error, path string, off int64) *DecodeError {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return &DecodeError{Field: path, Offset: se.Offset, err: err,
			Message: "the body is not valid JSON: " + se.Error()}
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return &DecodeError{Field: path, Offset: int64(len(s.data)), err: err,
			Message: "the body ends before its JSON is complete"}
	default:
		return &DecodeError{Field: path, Offset: off, err: err,
			Message: "the body is not valid JSON: " + err.Error()}
	}
}

// object checks the members of an object of type t, whose '{' has been
// read, up to and including its '}'. It returns the offsets of the values
// of the members that are set to something other than null.
func (s *scanner) object(t reflect.Type, path string) (map[string]int64, error) {
	fields := jsonFields(t)
	seen := map[string]bool{}
	present := map[string]int64{}
	for s.dec.More() {
		tok, off, err := s.next()
		if err != nil {
			return nil, s.syntax(err, path, off)
		}
		key, _ := tok.(string)
		p := join(path, key)
		if err := checkKey(fields, seen, key, p, path == ""); err != nil {
			err.Offset = off
			return nil, err
		}
		seen[key] = true
		null, voff, err := s.value(fields[key], p)
		if err != nil {
			return nil, err
		}
		if !null {
			present[key] = voff
		}
	}
	if _, off, err := s.next(); err != nil {
		return nil, s.syntax(err, path, off)
	}
	return present, nil
}

// checkKey returns an error for a key that an order may not have at path:
// one Ordo sets, one the type lacks, or one already seen.
func checkKey(fields map[string]reflect.Type, seen map[string]bool,
	key, path string, top bool) *DecodeError {
	if top && ordoFields[key] {
		return &DecodeError{Field: path,
			Message: fmt.Sprintf("%s is set by Ordo, not by the sender; remove it", key)}
	}
	if _, ok := fields[key]; !ok {
		msg := fmt.Sprintf("unknown field %q", key)
		if near := nearField(fields, key); near != "" {
			msg += fmt.Sprintf("; did you mean %q?", near)
		} else {
			msg += "; remove it or check its spelling"
		}
		return &DecodeError{Field: path, Message: msg}
	}
	if seen[key] {
		return &DecodeError{Field: path,
			Message: fmt.Sprintf("field %q appears more than once; send it once", key)}
	}
	return nil
}

// nearField returns the field that key matches but for case, if any.
func nearField(fields map[string]reflect.Type, key string) string {
	for f := range fields {
		if strings.EqualFold(f, key) {
			return f
		}
	}
	return ""
}

// value checks the next value against type t. It reports whether the value
// is null, which leaves the field as it was, and where the value starts.
func (s *scanner) value(t reflect.Type, path string) (bool, int64, error) {
	tok, off, err := s.next()
	if err != nil {
		return false, off, s.syntax(err, path, off)
	}
	if tok == nil {
		return true, off, nil
	}
	if err := s.check(t, tok, path); err != nil {
		err.Offset = off
		return false, off, err
	}
	switch {
	case t.Kind() == reflect.Struct && t != timeType:
		_, err = s.object(t, path)
	case t.Kind() == reflect.Slice:
		err = s.array(t.Elem(), path)
	}
	return false, off, err
}

// array checks the elements of an array, whose '[' has been read, up to
// and including its ']'.
func (s *scanner) array(elem reflect.Type, path string) error {
	for i := 0; s.dec.More(); i++ {
		if _, _, err := s.value(elem, fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return err
		}
	}
	if _, off, err := s.next(); err != nil {
		return s.syntax(err, path, off)
	}
	return nil
}

var timeType = reflect.TypeFor[time.Time]()

// check returns an error when tok, the first token of a value, cannot
// start a value of type t.
func (s *scanner) check(t reflect.Type, tok json.Token, path string) *DecodeError {
	if t == timeType {
		return checkTime(tok, path)
	}
	ok := false
	switch t.Kind() {
	case reflect.Struct:
		ok = tok == json.Delim('{')
	case reflect.Slice:
		ok = tok == json.Delim('[')
	case reflect.String:
		_, ok = tok.(string)
	case reflect.Bool:
		_, ok = tok.(bool)
	case reflect.Int64:
		return checkInt(tok, path)
	}
	if ok {
		return nil
	}
	return &DecodeError{Field: path,
		Message: fmt.Sprintf("expected %s, got %s", describe(t), kind(tok))}
}

// checkTime returns an error when tok is not an RFC 3339 time.
func checkTime(tok json.Token, path string) *DecodeError {
	str, ok := tok.(string)
	if !ok {
		return &DecodeError{Field: path,
			Message: fmt.Sprintf("expected %s, got %s", describe(timeType), kind(tok))}
	}
	var t time.Time
	if err := t.UnmarshalText([]byte(str)); err != nil {
		return &DecodeError{Field: path, err: err,
			Message: fmt.Sprintf("%q is not %s", str, describe(timeType))}
	}
	return nil
}

// checkInt returns an error when tok is not a whole number that fits in an
// int64. Amounts get a hint, as senders often send them as decimals.
func checkInt(tok json.Token, path string) *DecodeError {
	n, ok := tok.(json.Number)
	if ok {
		if _, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
			return nil
		}
	}
	got := kind(tok)
	if ok {
		got = n.String()
	}
	msg := fmt.Sprintf("expected a whole number, got %s", got)
	if !strings.HasSuffix(path, "quantity") {
		msg += "; amounts are integer minor units, such as 1995 for 19.95 EUR"
	}
	return &DecodeError{Field: path, Message: msg}
}

// describe names what a value of type t looks like in JSON.
func describe(t reflect.Type) string {
	switch {
	case t == timeType:
		return "a time in RFC 3339 form, such as 2024-05-01T12:00:00Z"
	case t.Kind() == reflect.Struct:
		return "an object"
	case t.Kind() == reflect.Slice:
		return "an array"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() == reflect.Int64:
		return "a whole number"
	default:
		return "a string"
	}
}

// kind names the JSON kind of value that tok starts.
func kind(tok json.Token) string {
	switch tok.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	if tok == json.Delim('[') {
		return "an array"
	}
	return "an object"
}

// jsonFields maps the JSON names of the fields of struct type t to their
// types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := make(map[string]reflect.Type, t.NumField())
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	return fields
}
