package shopify

import (
	"net/url"
	"strings"
)

// nextPageInfo returns the page_info cursor of the rel="next" link in a
// Link header such as
//
//	<https://shop/admin/api/2026-10/orders.json?limit=250&page_info=abc>; rel="next"
//
// or "" when there is no next page. Only the cursor is taken, not the URL,
// so that the access token is never sent to a host the header names.
func nextPageInfo(header string) string {
	for _, link := range strings.Split(header, ",") {
		target, params, ok := strings.Cut(link, ";")
		if !ok || !isNext(params) {
			continue
		}
		target = strings.TrimSpace(target)
		target = strings.TrimSuffix(strings.TrimPrefix(target, "<"), ">")
		u, err := url.Parse(target)
		if err != nil {
			continue
		}
		return u.Query().Get("page_info")
	}
	return ""
}

// isNext reports whether the parameters of one link say rel="next".
func isNext(params string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(k, "rel") && strings.Trim(v, `"`) == "next" {
			return true
		}
	}
	return false
}
