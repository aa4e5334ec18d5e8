package rules

import "strings"

// Product is what the rule set says about the products whose SKU matches
// a pattern.
type Product struct {
	// Pattern is a SKU, or a pattern in which * stands for any run of
	// characters, such as HAZ-*.
	Pattern string
	// Tags are labels that rules test, such as hazardous or oversize.
	Tags []string
	// WeightG is the weight of one unit in grams.
	WeightG int64

	pieces []string // Pattern cut at each *
}

func newProduct(pattern string, tags []string, weightG int64) Product {
	return Product{Pattern: pattern, Tags: tags, WeightG: weightG,
		pieces: strings.Split(pattern, "*")}
}

// Matches reports whether sku matches the product's pattern.
func (p *Product) Matches(sku string) bool {
	if len(p.pieces) == 1 {
		return sku == p.Pattern
	}
	first, last := p.pieces[0], p.pieces[len(p.pieces)-1]
	if len(sku) < len(first)+len(last) || !strings.HasPrefix(sku, first) ||
		!strings.HasSuffix(sku, last) {
		return false
	}
	rest := sku[len(first) : len(sku)-len(last)]
	for _, piece := range p.pieces[1 : len(p.pieces)-1] {
		i := strings.Index(rest, piece)
		if i < 0 {
			return false
		}
		rest = rest[i+len(piece):]
	}
	return true
}
