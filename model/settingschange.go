package model

// SettingsChange is one save of the settings screen, stored together or not
// at all: the settings, the unit and the station by name (each made when it
// does not exist yet), an instructor to add, and the units' quotas for a
// year. The store fills in Settings.UnitID and StationID.
type SettingsChange struct {
	Settings Settings
	// UnitName and StationName name this kiosk's unit and station.
	UnitName, StationName string
	// Instructor is a new instructor of the unit; "" adds none.
	Instructor string
	// QuotaYear is the year of Quotas.
	QuotaYear int
	// Quotas are sessions per unit ID for QuotaYear.
	Quotas map[string]int
}

// Validate checks the change before anything is stored.
func (c SettingsChange) Validate() error {
	if err := c.Settings.Validate(); err != nil {
		return err
	}
	if c.UnitName == "" || c.StationName == "" {
		return FieldErrorf("unit", "请填写单位和活动地点", "enter the unit and the station")
	}
	if err := CheckText("unit", c.UnitName, 1, 40); err != nil {
		return err
	}
	if err := CheckText("station", c.StationName, 1, 40); err != nil {
		return err
	}
	if c.Instructor != "" {
		if err := CheckName("instructor", c.Instructor); err != nil {
			return err
		}
	}
	for unit, n := range c.Quotas {
		if err := (Quota{UnitID: unit, Year: c.QuotaYear, Sessions: n}).Validate(); err != nil {
			return err
		}
	}
	return nil
}
