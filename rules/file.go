package rules

// The types below are the rule set file as written, before it is checked.
// rules.example.yaml at the root of the repository documents every key.

// fileDef is a whole rule set file.
type fileDef struct {
	Currency   string        `yaml:"currency"`
	Products   []productDef  `yaml:"products"`
	Calendars  []calendarDef `yaml:"calendars"`
	Locations  []locationDef `yaml:"locations"`
	Carriers   []carrierDef  `yaml:"carriers"`
	Candidates []ruleDef     `yaml:"candidates"`
	Scoring    scoringDef    `yaml:"scoring"`
	Split      splitDef      `yaml:"split"`
	Priority   priorityDef   `yaml:"priority"`
	Bundling   bundlingDef   `yaml:"bundling"`
}

type productDef struct {
	SKU     string   `yaml:"sku"`
	Tags    []string `yaml:"tags"`
	WeightG int64    `yaml:"weight_g"`
}

type calendarDef struct {
	ID       string   `yaml:"id"`
	Holidays []string `yaml:"holidays"`
}

type locationDef struct {
	ID           string         `yaml:"id"`
	Kind         string         `yaml:"kind"`
	Country      string         `yaml:"country"`
	TimeZone     string         `yaml:"time_zone"`
	Serves       []string       `yaml:"serves"`
	Zones        map[string]int `yaml:"zones"`
	Methods      []string       `yaml:"methods"`
	Carriers     []string       `yaml:"carriers"`
	Tags         []string       `yaml:"tags"`
	Cutoffs      []cutoffDef    `yaml:"cutoffs"`
	Calendars    []string       `yaml:"calendars"`
	Holidays     []string       `yaml:"holidays"`
	HandlingCost string         `yaml:"handling_cost"`
	UnitCost     string         `yaml:"unit_cost"`
	Capacity     int            `yaml:"capacity"`
}

type cutoffDef struct {
	Days []string `yaml:"days"`
	At   string   `yaml:"at"`
}

type carrierDef struct {
	ID          string    `yaml:"id"`
	WorkingDays []string  `yaml:"working_days"`
	Calendars   []string  `yaml:"calendars"`
	Holidays    []string  `yaml:"holidays"`
	Zones       []zoneDef `yaml:"zones"`
}

type zoneDef struct {
	Name    string         `yaml:"name"`
	To      []string       `yaml:"to"`
	Transit map[string]int `yaml:"transit"`
	Rates   []bandDef      `yaml:"rates"`
}

type bandDef struct {
	UpToG int64  `yaml:"up_to_g"`
	Cost  string `yaml:"cost"`
}

type ruleDef struct {
	Name    string   `yaml:"name"`
	When    string   `yaml:"when"`
	Require string   `yaml:"require"`
	Only    []string `yaml:"only"`
	Never   []string `yaml:"never"`
}

type scoringDef struct {
	ShipDelay  float64        `yaml:"ship_delay"`
	Cost       float64        `yaml:"cost"`
	Margin     float64        `yaml:"margin"`
	Zone       float64        `yaml:"zone"`
	StockDepth float64        `yaml:"stock_depth"`
	Load       float64        `yaml:"load"`
	Rules      []scoreRuleDef `yaml:"rules"`
}

type scoreRuleDef struct {
	Name   string `yaml:"name"`
	When   string `yaml:"when"`
	Points string `yaml:"points"`
}

type splitDef struct {
	Allow       string `yaml:"allow"`
	MaxParts    int    `yaml:"max_parts"`
	MaxWaitDays int    `yaml:"max_wait_days"`
	Backorder   string `yaml:"backorder"`
}

type priorityDef struct {
	Order []string `yaml:"order"`
	VIP   string   `yaml:"vip"`
}

type bundlingDef struct {
	Enabled      bool   `yaml:"enabled"`
	Window       string `yaml:"window"`
	CutoffMargin string `yaml:"cutoff_margin"`
}
