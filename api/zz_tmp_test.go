package api_test
import ("testing";"net/http";"github.com/ordo-oms/ordo/store")
func TestZZ(t *testing.T){ e:=newTestServer(t, store.SQLite); r:=e.send(t, e.request(t, http.MethodDelete, "/api/v1/orders", nil)); t.Logf("%d %v %s", r.Status, r.Header, r.Body) }
