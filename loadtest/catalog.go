package loadtest

// This file holds the made-up shop the generator sells from: its products,
// the countries it ships to and the shipping methods it offers there.

// product is one product of the shop. Its variants are every colour in every
// size; a product without sizes comes in one size, "OS".
type product struct {
	code   string // the SKU's first part, such as "TSHIRT"
	title  string
	eur    int64 // the price in euro cents, tax included
	grams  int
	colors []string
	sizes  []string
}

var products = []product{
	{"TSHIRT", "Organic Cotton T-Shirt", 2995, 180,
		[]string{"BLK", "WHT", "NVY", "GRN"}, []string{"XS", "S", "M", "L", "XL"}},
	{"HOODIE", "Heavyweight Hoodie", 6995, 650,
		[]string{"BLK", "GRY", "NVY"}, []string{"S", "M", "L", "XL"}},
	{"JEANS", "Straight Leg Jeans", 8995, 700,
		[]string{"IND", "BLK"}, []string{"28", "30", "32", "34", "36"}},
	{"SOCKS", "Merino Socks 3-Pack", 1995, 150,
		[]string{"BLK", "GRY"}, []string{"S", "M", "L"}},
	{"CAP", "Canvas Cap", 2495, 120, []string{"BLK", "KHA"}, nil},
	{"TOTE", "Canvas Tote Bag", 1495, 250, []string{"NAT", "BLK"}, nil},
	{"SNEAKER", "Leather Court Sneaker", 11900, 1100,
		[]string{"WHT", "BLK"}, []string{"40", "41", "42", "43", "44", "45"}},
	{"BEANIE", "Rib Knit Beanie", 2295, 90, []string{"BLK", "GRY", "RED"}, nil},
}

var colorNames = map[string]string{
	"BLK": "Black", "WHT": "White", "NVY": "Navy", "GRN": "Green",
	"GRY": "Grey", "IND": "Indigo", "KHA": "Khaki", "NAT": "Natural", "RED": "Red",
}

// city is a place orders ship to, with the range its postcodes come from.
// Dutch, Belgian, German, French and US postcodes are numbers between lo and
// hi; British ones take an outward code from outward.
type city struct {
	name         string
	provinceCode string // empty where Shopify keeps no province
	province     string
	lo, hi       int
	outward      []string
	salesTax     int // US only: the sales tax rate in units of 0.001 %
}

// country is a destination with what the shop charges there. Tax rates are
// in units of 0.001 %, so 21000 is 21 %.
type country struct {
	code, name  string
	weight      int // relative share of the orders
	currency    string
	vat         int // 0 where sales tax is added instead (the US)
	taxTitle    string
	locale      string
	numberFirst bool // the house number comes before the street
	cities      []city
	streets     []string
	address2    []string
	first, last []string
}

var countries = []country{
	{
		code: "NL", name: "Netherlands", weight: 40, currency: "EUR", vat: 21000,
		taxTitle: "BTW", locale: "nl-NL",
		cities: []city{
			{name: "Amsterdam", provinceCode: "NH", province: "North Holland", lo: 1011, hi: 1109},
			{name: "Rotterdam", provinceCode: "ZH", province: "South Holland", lo: 3011, hi: 3089},
			{name: "Den Haag", provinceCode: "ZH", province: "South Holland", lo: 2491, hi: 2597},
			{name: "Utrecht", provinceCode: "UT", province: "Utrecht", lo: 3511, hi: 3585},
			{name: "Eindhoven", provinceCode: "NB", province: "North Brabant", lo: 5611, hi: 5658},
			{name: "Groningen", provinceCode: "GR", province: "Groningen", lo: 9711, hi: 9747},
		},
		streets:  []string{"Prinsengracht", "Kerkstraat", "Stationsweg", "Molenweg", "Oudegracht"},
		address2: []string{"2 hoog", "Huis", "bis"},
		first:    []string{"Daan", "Emma", "Sem", "Julia", "Lucas", "Sophie", "Noah", "Tess"},
		last:     []string{"de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "de Jong"},
	},
	{
		code: "BE", name: "Belgium", weight: 15, currency: "EUR", vat: 21000,
		taxTitle: "BTW", locale: "nl-BE",
		cities: []city{
			{name: "Brussel", lo: 1000, hi: 1210},
			{name: "Antwerpen", lo: 2000, hi: 2660},
			{name: "Gent", lo: 9000, hi: 9052},
			{name: "Leuven", lo: 3000, hi: 3012},
			{name: "Liège", lo: 4000, hi: 4032},
		},
		streets:  []string{"Kerkstraat", "Rue de la Loi", "Stationsstraat", "Meir", "Veldstraat"},
		address2: []string{"bus 3", "bus 12", "boîte 2"},
		first:    []string{"Lars", "Elise", "Arthur", "Louise", "Noor", "Jules", "Marie", "Wout"},
		last:     []string{"Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Dubois"},
	},
	{
		code: "DE", name: "Germany", weight: 20, currency: "EUR", vat: 19000,
		taxTitle: "MwSt", locale: "de-DE",
		cities: []city{
			{name: "Berlin", lo: 10115, hi: 14199},
			{name: "Hamburg", lo: 20095, hi: 22769},
			{name: "München", lo: 80331, hi: 81929},
			{name: "Köln", lo: 50667, hi: 51149},
			{name: "Frankfurt am Main", lo: 60306, hi: 60599},
		},
		streets:  []string{"Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Gartenstraße"},
		address2: []string{"Hinterhaus", "3. OG", "c/o Büro"},
		first:    []string{"Lukas", "Mia", "Leon", "Hannah", "Felix", "Lena", "Jonas", "Anna"},
		last:     []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker"},
	},
	{
		code: "FR", name: "France", weight: 10, currency: "EUR", vat: 20000,
		taxTitle: "TVA", locale: "fr-FR", numberFirst: true,
		cities: []city{
			{name: "Paris", lo: 75001, hi: 75020},
			{name: "Lyon", lo: 69001, hi: 69009},
			{name: "Marseille", lo: 13001, hi: 13016},
			{name: "Lille", lo: 59000, hi: 59000},
			{name: "Bordeaux", lo: 33000, hi: 33000},
		},
		streets: []string{"rue de Rivoli", "rue Victor Hugo", "avenue Jean Jaurès",
			"rue Nationale"},
		address2: []string{"Bâtiment B", "Appartement 12", "3e étage"},
		first:    []string{"Gabriel", "Louise", "Raphaël", "Jade", "Hugo", "Chloé", "Léo", "Manon"},
		last:     []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit"},
	},
	{
		code: "GB", name: "United Kingdom", weight: 8, currency: "GBP", vat: 20000,
		taxTitle: "VAT", locale: "en-GB", numberFirst: true,
		cities: []city{
			{name: "London", outward: []string{"SW1A", "EC1A", "N1", "E2", "SE1", "W1T"}},
			{name: "Manchester", outward: []string{"M1", "M4", "M14"}},
			{name: "Birmingham", outward: []string{"B1", "B5"}},
			{name: "Leeds", outward: []string{"LS1", "LS6"}},
			{name: "Bristol", outward: []string{"BS1", "BS8"}},
			{name: "Edinburgh", outward: []string{"EH1", "EH3"}},
		},
		streets:  []string{"High Street", "Station Road", "Church Lane", "Victoria Road"},
		address2: []string{"Flat 2", "Flat 14", "Unit 3"},
		first:    []string{"Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Olivia"},
		last:     []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Evans"},
	},
	{
		code: "US", name: "United States", weight: 7, currency: "USD",
		taxTitle: "Sales Tax", locale: "en-US", numberFirst: true,
		cities: []city{
			{name: "New York", provinceCode: "NY", province: "New York",
				lo: 10001, hi: 10040, salesTax: 8875},
			{name: "Los Angeles", provinceCode: "CA", province: "California",
				lo: 90001, hi: 90068, salesTax: 9500},
			{name: "Austin", provinceCode: "TX", province: "Texas",
				lo: 78701, hi: 78759, salesTax: 8250},
			{name: "Seattle", provinceCode: "WA", province: "Washington",
				lo: 98101, hi: 98199, salesTax: 10250},
			{name: "Chicago", provinceCode: "IL", province: "Illinois",
				lo: 60601, hi: 60661, salesTax: 10250},
			{name: "Louisville", provinceCode: "KY", province: "Kentucky",
				lo: 40202, hi: 40299, salesTax: 6000},
		},
		streets:  []string{"Main Street", "Oak Avenue", "Maple Street", "Broadway", "Elm Street"},
		address2: []string{"Apt 4B", "Suite 200", "Apt 12"},
		first:    []string{"James", "Olivia", "Liam", "Emma", "Noah", "Ava", "Mason", "Sophia"},
		last:     []string{"Johnson", "Garcia", "Miller", "Davis", "Martinez", "Lee"},
	},
}

// method is a shipping method. prices holds its price, tax included where
// the currency's prices include tax, in each currency it is offered in;
// freeOver, when set, makes it free from that order subtotal up.
type method struct {
	code, title       string
	source, carrierID string // carrierID empty means a flat rate of the shop
	countries         string
	weight            int
	prices            map[string]int64
	freeOver          map[string]int64
}

// dhlExpressID stands in for the identifier Shopify gives a carrier service.
const dhlExpressID = "4f4c7a3b0e6d1c2b9a8f7e6d5c4b3a21"

var methods = []method{
	{code: "postnl-standard", title: "PostNL Standaard", source: "shopify",
		countries: "NL BE", weight: 50,
		prices: map[string]int64{"EUR": 495}, freeOver: map[string]int64{"EUR": 7500}},
	{code: "postnl-pickup", title: "PostNL Afhaalpunt", source: "shopify",
		countries: "NL BE", weight: 15, prices: map[string]int64{"EUR": 395}},
	{code: "bpost-standard", title: "bpost Standard", source: "shopify",
		countries: "BE", weight: 30, prices: map[string]int64{"EUR": 450}},
	{code: "dhl-paket", title: "DHL Paket", source: "shopify",
		countries: "DE", weight: 50,
		prices: map[string]int64{"EUR": 495}, freeOver: map[string]int64{"EUR": 7500}},
	{code: "dhl-packstation", title: "DHL Packstation", source: "shopify",
		countries: "DE", weight: 15, prices: map[string]int64{"EUR": 395}},
	{code: "dpd-classic", title: "DPD Classic", source: "shopify",
		countries: "NL BE DE FR", weight: 20, prices: map[string]int64{"EUR": 595}},
	{code: "dpd-pickup", title: "DPD Pickup Point", source: "shopify",
		countries: "FR", weight: 20, prices: map[string]int64{"EUR": 395}},
	{code: "dhl-express", title: "DHL Express", source: "dhl_express",
		carrierID: dhlExpressID, countries: "NL BE DE FR GB", weight: 8,
		prices: map[string]int64{"EUR": 1295, "GBP": 1195}},
	{code: "dpd-next-day", title: "DPD Next Day", source: "shopify",
		countries: "GB", weight: 50,
		prices: map[string]int64{"GBP": 595}, freeOver: map[string]int64{"GBP": 6000}},
	{code: "ups-next-day", title: "UPS Next Day", source: "shopify",
		countries: "GB US", weight: 15, prices: map[string]int64{"GBP": 1495, "USD": 2495}},
	{code: "ups-ground", title: "UPS Ground", source: "shopify",
		countries: "US", weight: 50,
		prices: map[string]int64{"USD": 895}, freeOver: map[string]int64{"USD": 9900}},
	{code: "usps-priority", title: "USPS Priority Mail", source: "shopify",
		countries: "US", weight: 25, prices: map[string]int64{"USD": 995}},
}

// discount is a discount code customers use. A percentage applies to every
// line; a fixed amount is spread over the lines; free shipping takes the
// whole shipping price off.
type discount struct {
	code      string
	kind      string // "percentage", "fixed_amount" or "shipping"
	percent   int64
	fixed     int64 // in cents of whatever the order's currency is
	minimum   int64 // the smallest subtotal, in cents, the code applies to
	valueText string
}

var discounts = []discount{
	{code: "WELCOME10", kind: "percentage", percent: 10, valueText: "10.0"},
	{code: "SUMMER15", kind: "percentage", percent: 15, valueText: "15.0"},
	{code: "5OFF", kind: "fixed_amount", fixed: 500, minimum: 2500, valueText: "5.00"},
	{code: "FREESHIP", kind: "shipping", valueText: "100.0"},
}

// SKUs returns every SKU the generator sells, each with its weight in
// grams, so that a demo can stock them and describe them to its rules.
func SKUs() map[string]int64 {
	out := map[string]int64{}
	for _, p := range products {
		sizes := p.sizes
		if len(sizes) == 0 {
			sizes = []string{"OS"}
		}
		for _, c := range p.colors {
			for _, s := range sizes {
				out[p.code+"-"+c+"-"+s] = int64(p.grams)
			}
		}
	}
	return out
}
