package config_test

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ordo-oms/ordo/config"
	"go.yaml.in/yaml/v3"
)

func TestExampleFileShowsEverySetting(t *testing.T) {
	data, err := os.ReadFile("../ordo.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	shown := map[string]bool{}
	nodePaths(doc.Content[0], "", shown)
	for _, p := range typePaths(reflect.TypeFor[config.Config](), "") {
		if !shown[p] {
			t.Errorf("ordo.example.yaml does not show %s", p)
		}
	}
}

// nodePaths records the path of every setting in n, with [] for any item.
func nodePaths(n *yaml.Node, path string, out map[string]bool) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := strings.TrimPrefix(path+"."+n.Content[i].Value, ".")
			out[p] = true
			nodePaths(n.Content[i+1], p, out)
		}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			nodePaths(item, path+"[]", out)
		}
	}
}

// typePaths returns the path of every setting of struct type t.
func typePaths(t reflect.Type, path string) []string {
	var paths []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		p := strings.TrimPrefix(path+"."+name, ".")
		paths = append(paths, p)
		switch ft := f.Type; {
		case ft.Kind() == reflect.Struct:
			paths = append(paths, typePaths(ft, p)...)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			paths = append(paths, typePaths(ft.Elem(), p+"[]")...)
		}
	}
	return slices.Sorted(slices.Values(paths))
}
