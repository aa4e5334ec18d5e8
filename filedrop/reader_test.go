package filedrop_test

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ordo-oms/ordo/filedrop"
)

// stockColumns maps the fields of an inventory snapshot to the header of
// the files in these tests.
var stockColumns = map[string]string{"location": "location", "sku": "sku",
	"on_hand": "on_hand"}

// readAll reads every record of in, returning each as "line: field=value
// ..." in field order, after reading the fields in ints as whole numbers.
func readAll(in string, m filedrop.Mapping, ints ...string) ([]string, error) {
	r := filedrop.NewReader(strings.NewReader(in), m)
	var out []string
	fields := slices.Sorted(maps.Keys(m.Columns))
	for rec := range r.Records() {
		for _, f := range ints {
			rec.Int(f)
		}
		parts := []string{fmt.Sprint(rec.Line) + ":"}
		for _, f := range fields {
			parts = append(parts, f+"="+rec.Get(f))
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out, r.Err()
}

func TestReader(t *testing.T) {
	header := filedrop.Mapping{Header: true, Columns: stockColumns}
	tests := []struct {
		name     string
		mapping  filedrop.Mapping
		in       string
		ints     []string
		want     []string
		problems []filedrop.Problem
	}{
		{
			name:    "rows under a header",
			mapping: header,
			in:      "location,sku,on_hand\ndc-1,TEE,12\ndc-2,CAP,0\n",
			ints:    []string{"on_hand"},
			want: []string{"2: location=dc-1 on_hand=12 sku=TEE",
				"3: location=dc-2 on_hand=0 sku=CAP"},
		},
		{
			name:    "byte order mark before the header",
			mapping: header,
			in:      "\ufefflocation,sku,on_hand\r\ndc-1,TEE,12\r\n",
			want:    []string{"2: location=dc-1 on_hand=12 sku=TEE"},
		},
		{
			name: "byte order mark without a header",
			mapping: filedrop.Mapping{Columns: map[string]string{"sku": "1",
				"on_hand": "2"}},
			in:   "\ufeffTEE,4\nCAP,5",
			ints: []string{"on_hand"},
			want: []string{"1: on_hand=4 sku=TEE", "2: on_hand=5 sku=CAP"},
		},
		{
			name:    "quoted fields with delimiters, quotes and line breaks",
			mapping: header,
			in: "location,sku,on_hand\n\"dc, north\",\"TEE \"\"XL\"\"\",1\n" +
				"dc-2,\"CAP\nRED\",2\ndc-3,MUG,3\n",
			want: []string{`2: location=dc, north on_hand=1 sku=TEE "XL"`,
				"3: location=dc-2 on_hand=2 sku=CAP\nRED",
				"5: location=dc-3 on_hand=3 sku=MUG"},
		},
		{
			name: "semicolons, header names in another case and order",
			mapping: filedrop.Mapping{Delimiter: ';', Header: true,
				Columns: map[string]string{"location": "Location", "sku": " SKU ",
					"on_hand": "On_Hand"}},
			in:   "ON_HAND ; sku;LOCATION\n 7 ;TEE;dc-1\n",
			ints: []string{"on_hand"},
			want: []string{"2: location=dc-1 on_hand=7 sku=TEE"},
		},
		{
			name: "a column by number in a file with a header",
			mapping: filedrop.Mapping{Header: true, Columns: map[string]string{"sku": "2",
				"on_hand": "x"}},
			in:   "ignored,Article,x\na,TEE,zero\n",
			ints: []string{"on_hand"},
			want: []string{"2: on_hand=zero sku=TEE"},
			problems: []filedrop.Problem{{Line: 2, Column: "x",
				Message: `found "zero"; want a whole number`}},
		},
		{
			name:    "blank lines are passed over and counted",
			mapping: header,
			in:      "location,sku,on_hand\n\ndc-1,TEE,1\n\n\ndc-2,CAP,2\n",
			want: []string{"3: location=dc-1 on_hand=1 sku=TEE",
				"6: location=dc-2 on_hand=2 sku=CAP"},
		},
		{
			name:    "a missing column",
			mapping: header,
			in:      "location,sku,qty\ndc-1,TEE,1\n",
			problems: []filedrop.Problem{{Line: 1, Column: "on_hand",
				Message: "missing from the header (for field on_hand)"}},
		},
		{
			name: "a missing optional column",
			mapping: filedrop.Mapping{Header: true, Columns: map[string]string{"sku": "sku",
				"pool": "pool"}, Optional: []string{"pool"}},
			in:   "sku\nTEE\n",
			want: []string{"2: pool= sku=TEE"},
		},
		{
			name:    "a column twice in the header",
			mapping: header,
			in:      "location,sku,on_hand,SKU\n",
			problems: []filedrop.Problem{{Line: 1, Column: "sku",
				Message: "appears 2 times in the header (for field sku)"}},
		},
		{
			name:    "an empty file with a header",
			mapping: header,
			problems: []filedrop.Problem{{Line: 1,
				Message: "the file is empty; want a header row"}},
		},
		{
			name:    "an empty file without a header",
			mapping: filedrop.Mapping{Columns: map[string]string{"sku": "1"}},
		},
		{
			name:    "rows with the wrong number of fields",
			mapping: header,
			in:      "location,sku,on_hand\ndc-1,TEE\ndc-2,CAP,2\ndc-3,MUG,3,extra\n",
			want:    []string{"3: location=dc-2 on_hand=2 sku=CAP"},
			problems: []filedrop.Problem{
				{Line: 2, Message: "has 2 fields; want 3 as the header has"},
				{Line: 4, Message: "has 4 fields; want 3 as the header has"},
			},
		},
		{
			name: "a column number beyond the first row",
			mapping: filedrop.Mapping{Columns: map[string]string{"sku": "1",
				"on_hand": "4"}},
			in: "TEE,1,2\n",
			problems: []filedrop.Problem{{Line: 1, Column: "4",
				Message: "missing; the first row has 3 columns (for field on_hand)"}},
		},
		{
			name:    "numbers that are not whole, empty or too large",
			mapping: header,
			in: "location,sku,on_hand\ndc-1,TEE,12x\ndc-1,CAP,\ndc-1,MUG,1.5\n" +
				"dc-1,PEN,99999999999999999999\ndc-1,CUP,-3\n",
			ints: []string{"on_hand"},
			want: []string{"2: location=dc-1 on_hand=12x sku=TEE",
				"3: location=dc-1 on_hand= sku=CAP", "4: location=dc-1 on_hand=1.5 sku=MUG",
				"5: location=dc-1 on_hand=99999999999999999999 sku=PEN",
				"6: location=dc-1 on_hand=-3 sku=CUP"},
			problems: []filedrop.Problem{
				{Line: 2, Column: "on_hand", Message: `found "12x"; want a whole number`},
				{Line: 3, Column: "on_hand", Message: "is empty; want a whole number"},
				{Line: 4, Column: "on_hand", Message: `found "1.5"; want a whole number`},
				{Line: 5, Column: "on_hand", Message: `found "99999999999999999999", ` +
					"which is too large for a whole number"},
			},
		},
		{
			name:    "a bare quote, and reading goes on",
			mapping: header,
			in:      "location,sku,on_hand\ndc-1,TEE 12\" screen,1\ndc-2,CAP,2\n",
			want:    []string{"3: location=dc-2 on_hand=2 sku=CAP"},
			problems: []filedrop.Problem{{Line: 2, Message: `a " inside a field that ` +
				`is not quoted; quote the field and double the "`}},
		},
		{
			name:    "a quoted field that is not closed",
			mapping: header,
			in:      "location,sku,on_hand\ndc-1,\"TEE,1\ndc-2,CAP,2\n",
			problems: []filedrop.Problem{{Line: 2, Message: `a quoted field is not ` +
				`closed, or a " in it is not doubled (noticed on line 3)`}},
		},
		{
			name:    "text that is not UTF-8, or holds a NUL",
			mapping: header,
			in:      "location,sku,on_hand\ndc-1,T\xe9E,1\ndc-\x00,CAP,2\ndc-3,MUG,3\n",
			want:    []string{"4: location=dc-3 on_hand=3 sku=MUG"},
			problems: []filedrop.Problem{
				{Line: 2, Column: "sku", Message: "is not UTF-8 text; save the file as UTF-8"},
				{Line: 3, Column: "location", Message: "holds a NUL character"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAll(tt.in, tt.mapping, tt.ints...)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.problems, problems(t, err), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// problems returns the problems of err, failing the test when err is
// another kind of error.
func problems(t *testing.T, err error) []filedrop.Problem {
	t.Helper()
	if err == nil {
		return nil
	}
	var fe *filedrop.Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %v is not a *filedrop.Error", err)
	}
	return fe.Problems
}

func TestErrorMessage(t *testing.T) {
	_, err := readAll("sku,on_hand\nTEE,12x\n", filedrop.Mapping{Header: true,
		Columns: map[string]string{"sku": "sku", "on_hand": "On_Hand"}}, "on_hand")
	want := `filedrop: line 2: column "on_hand": found "12x"; want a whole number`
	if err == nil || err.Error() != want {
		t.Errorf("error is %v; want %s", err, want)
	}
	_, err = readAll("TEE,1,x\n", filedrop.Mapping{Columns: map[string]string{"sku": "1",
		"on_hand": "3"}}, "on_hand")
	want = `filedrop: line 1: column 3: found "x"; want a whole number`
	if err == nil || err.Error() != want {
		t.Errorf("error is %v; want %s", err, want)
	}
}

func TestRecordFail(t *testing.T) {
	r := filedrop.NewReader(strings.NewReader("sku,location\nTEE,dc-1\nCAP,mars\n"),
		filedrop.Mapping{Header: true, Columns: map[string]string{"sku": "SKU",
			"location": "Location"}})
	var ok []bool
	for rec := range r.Records() {
		if rec.Get("location") == "mars" {
			rec.Fail("location", "%q is not a location Ordo knows", rec.Get("location"))
		}
		ok = append(ok, rec.OK())
	}
	if diff := cmp.Diff([]bool{true, false}, ok); diff != "" {
		t.Errorf("OK of each record (-want +got):\n%s", diff)
	}
	want := []filedrop.Problem{{Line: 3, Column: "location",
		Message: `"mars" is not a location Ordo knows`}}
	if diff := cmp.Diff(want, problems(t, r.Err())); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestReaderMistakes checks that a mistake of the program rather than the
// file is not reported as the file's problem, which would refuse it.
func TestReaderMistakes(t *testing.T) {
	tests := []struct {
		name    string
		mapping filedrop.Mapping
		read    func(filedrop.Record)
		want    string
	}{
		{
			name:    "a field the mapping does not have",
			mapping: filedrop.Mapping{Header: true, Columns: map[string]string{"sku": "sku"}},
			read:    func(rec filedrop.Record) { rec.Int("qty") },
			want:    `filedrop: field "qty" is not in the mapping, which has sku`,
		},
		{
			name:    "a mapping that is not valid",
			mapping: filedrop.Mapping{Columns: map[string]string{"sku": "SKU"}},
			want: `filedrop: mapping: columns.sku: "SKU" names a column, but without ` +
				`a header only column numbers can be used`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := filedrop.NewReader(strings.NewReader("sku\nTEE\n"), tt.mapping)
			for rec := range r.Records() {
				tt.read(rec)
			}
			err := r.Err()
			var fe *filedrop.Error
			if err == nil || errors.As(err, &fe) || err.Error() != tt.want {
				t.Errorf("error is %#v; want a plain error %q", err, tt.want)
			}
		})
	}
}

func TestReaderLimitsProblems(t *testing.T) {
	in := "sku,on_hand\n" + strings.Repeat("TEE,x\n", 1005)
	_, err := readAll(in, filedrop.Mapping{Header: true,
		Columns: map[string]string{"sku": "sku", "on_hand": "on_hand"}}, "on_hand")
	got := problems(t, err)
	if len(got) != 1001 {
		t.Fatalf("%d problems; want 1000 and a last that counts the rest", len(got))
	}
	if want := (filedrop.Problem{Message: "and 5 more problems not listed"}); got[1000] != want {
		t.Errorf("last problem is %+v; want %+v", got[1000], want)
	}
}

func TestMappingValidate(t *testing.T) {
	tests := []struct {
		name    string
		mapping filedrop.Mapping
		want    []string
	}{
		{
			name:    "valid",
			mapping: filedrop.Mapping{Delimiter: '\t', Header: true, Columns: stockColumns},
		},
		{
			name:    "nothing mapped",
			mapping: filedrop.Mapping{Header: true},
			want: []string{"filedrop: mapping: columns: none given; map at least one " +
				"field to a column"},
		},
		{
			name: "every problem at once",
			mapping: filedrop.Mapping{Delimiter: '"', Columns: map[string]string{
				"sku": "SKU", "on_hand": "0", "pool": " ", "": "4"},
				Optional: []string{"bin"}},
			want: []string{
				`filedrop: mapping: delimiter '"' cannot separate fields`,
				"filedrop: mapping: columns: a field has no name",
				"filedrop: mapping: columns.on_hand: column numbers count from 1, not 0",
				"filedrop: mapping: columns.pool: no column given",
				`filedrop: mapping: columns.sku: "SKU" names a column, but without a ` +
					"header only column numbers can be used",
				`filedrop: mapping: optional: "bin" is not one of the fields in columns`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			if err := tt.mapping.Validate(); err != nil {
				got = strings.Split(err.Error(), "\n")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReaderStopsAfterABadHeader checks that a file whose header lacks a
// column yields no record however often it is read.
func TestReaderStopsAfterABadHeader(t *testing.T) {
	r := filedrop.NewReader(strings.NewReader("sku\nTEE\nCAP\n"),
		filedrop.Mapping{Header: true, Columns: stockColumns})
	for range 2 {
		for rec := range r.Records() {
			t.Errorf("yielded the record on line %d", rec.Line)
		}
	}
	if got := problems(t, r.Err()); len(got) != 2 {
		t.Errorf("problems are %+v; want the two missing columns", got)
	}
}

func TestRecordGetters(t *testing.T) {
	m := filedrop.Mapping{Header: true, Columns: map[string]string{"sku": "sku",
		"pool": "pool", "bin": "bin"}, Optional: []string{"pool", "bin"}}
	r := filedrop.NewReader(strings.NewReader("sku,bin\n  TEE  ,\n"), m)
	var got []string
	for rec := range r.Records() {
		for _, f := range []string{"sku", "pool", "bin"} {
			got = append(got, fmt.Sprintf("%s=%q %v", f, rec.Get(f), rec.Has(f)))
		}
	}
	want := []string{`sku="TEE" true`, `pool="" false`, `bin="" false`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
	if err := r.Err(); err != nil {
		t.Error(err)
	}
}
