package api

import (
	"embed"
	"html/template"
	"net/http"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

//go:embed home.html openapi.yaml
var assets embed.FS

var homePage = template.Must(template.New("home.html").Funcs(template.FuncMap{
	"amount": order.FormatAmount,
}).ParseFS(assets, "home.html"))

// home shows the latest orders, the first page of the management
// interface.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	var data struct {
		Orders []store.OrderRecord
		Counts map[order.Status]int
	}
	recent, err := store.RecentOrders(r.Context(), s.DB.Read, 50)
	if err != nil {
		return err
	}
	data.Orders = recent
	if data.Counts, err = store.CountByStatus(r.Context(), s.DB.Read); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return homePage.Execute(w, data)
}

func serveOpenAPI(w http.ResponseWriter, r *http.Request) error {
	spec, err := assets.ReadFile("openapi.yaml")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/yaml")
	_, err = w.Write(spec)
	return err
}
