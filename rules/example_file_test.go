package rules_test

import (
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ordo-oms/ordo/rules"
)

const exampleFile = "../rules.example.yaml"

func TestExampleFileParses(t *testing.T) {
	s, err := rules.Load(exampleFile)
	if err != nil {
		t.Fatalf("Load(%s):\n%v", exampleFile, err)
	}
	if got := len(s.Locations()); got != 3 {
		t.Errorf("%d locations, want 3", got)
	}
}

func TestExampleFileShowsEveryKey(t *testing.T) {
	data, err := os.ReadFile(exampleFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	first := map[string]shownKey{}
	firstKeys(doc.Content[0], "", first)
	for _, key := range rules.FileKeys() {
		k, shown := first[key]
		switch {
		case !shown:
			t.Errorf("rules.example.yaml does not show %s", key)
		case k.comment == "":
			t.Errorf("rules.example.yaml:%d: %s has no comment above it or after it",
				k.line, key)
		}
	}
}

// shownKey is where the example first shows a key, and its comment.
type shownKey struct {
	line    int
	comment string
}

// firstKeys records where each key path in n is first shown, with [] for
// any list item. The comment above a list item belongs to its first key.
func firstKeys(n *yaml.Node, path string, out map[string]shownKey) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i]
			p := strings.TrimPrefix(path+"."+key.Value, ".")
			if _, ok := out[p]; !ok {
				comment := key.HeadComment + key.LineComment
				if i == 0 {
					comment += n.HeadComment
				}
				out[p] = shownKey{key.Line, comment}
			}
			firstKeys(n.Content[i+1], p, out)
		}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			firstKeys(item, path+"[]", out)
		}
	}
}
