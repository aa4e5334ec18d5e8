package rules

import (
	"reflect"
	"strings"
)

// FileKeys returns the path of every key of the rule set file format, with
// [] for any list item, such as locations[].cutoffs[].at.
func FileKeys() []string { return typeKeys(reflect.TypeFor[fileDef](), "") }

func typeKeys(t reflect.Type, path string) []string {
	var out []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		p := strings.TrimPrefix(path+"."+name, ".")
		out = append(out, p)
		switch ft := f.Type; {
		case ft.Kind() == reflect.Struct:
			out = append(out, typeKeys(ft, p)...)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			out = append(out, typeKeys(ft.Elem(), p+"[]")...)
		}
	}
	return out
}
