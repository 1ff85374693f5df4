package model

// Unit is a reporting unit (单位): the county center or a township health
// centre. Each has a yearly quota of sessions (任务数, 附件3).
type Unit struct {
	ID   string
	Name string
	// Order is the 序号 on the quota table.
	Order int
}

// Quota is the number of sessions a unit must hold in one year.
type Quota struct {
	UnitID   string
	Year     int
	Sessions int
}

// Validate checks a quota's number of sessions and its year.
func (q Quota) Validate() error {
	if q.Sessions < 0 || q.Sessions > 1000 {
		return FieldErrorf("quota", "任务数应在 0 到 1000 之间", "the quota must be 0 to 1000")
	}
	if q.Year < 2000 || q.Year > 2100 {
		return FieldErrorf("year", "年份无效", "invalid year")
	}
	return nil
}

// QuotaProgress is one row of the quota table with what has been done.
type QuotaProgress struct {
	Unit  Unit
	Year  int
	Quota int
	// Held counts closed sessions of the unit dated in Year.
	Held int
	// Paper counts, of Held, the sessions the county took from the unit's
	// old paper statistics tables (history before carekiosk).
	Paper int
}

// Percent returns Held as a percentage of Quota, 0 when there is no quota.
func (q QuotaProgress) Percent() float64 {
	if q.Quota <= 0 {
		return 0
	}
	return float64(q.Held) * 100 / float64(q.Quota)
}

// Station is the place a kiosk stands (活动地点) and the unit it reports to.
type Station struct {
	ID     string
	Name   string
	UnitID string
}

// Instructor is a health instructor (健康指导员) who runs sessions.
type Instructor struct {
	ID     string
	Name   string
	UnitID string
}

// CountyUnit names one unit of the county plan with its quota.
type CountyUnit struct {
	Name  string
	Quota int
}

// QingtianPlan is the county's 2022 quota table (附件3). The plan's text asks
// for 50 sessions or more; the table's quotas add up to 58.
var QingtianPlan = []CountyUnit{
	{"青田县妇计中心", 6},
	{"温溪片卫生院", 7},
	{"鹤城片卫生院", 7},
	{"瓯南片卫生院", 7},
	{"油竹片卫生院", 6},
	{"船寮片卫生院", 6},
	{"腊口片卫生院", 6},
	{"东源片卫生院", 5},
	{"山口片卫生院", 5},
	{"北山片卫生院", 3},
}
