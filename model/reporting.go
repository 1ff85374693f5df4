package model

import "time"

// The rule of when a monthly report is owed, one home for the county and
// the station. A reporter owes a report for a month only from the month
// it started: at the county, the month a unit's first station was
// registered; at a station, the month it first imported the county's
// plan. Nobody can send a bundle before then, so earlier months are not
// expected (as a reporting rate expects reports only for the periods a
// unit is open and assigned), are never late, and count in no rate.
// Months from the start on follow the due-day rule unchanged.

// ReportStart is the first month (its first day) a reporter that started
// at the moment started owes a report for: that moment's month in loc,
// the stations' zone. The zero time gives the zero Date: nothing is owed.
func ReportStart(started time.Time, loc *time.Location) Date {
	if started.IsZero() {
		return Date{}
	}
	d := DateOf(started.In(loc))
	return Date{Year: d.Year, Month: d.Month, Day: 1}
}

// ReportOwed reports whether the report for month (any day of it) is owed
// by a reporter whose first owed month is start (zero: it has not
// started, and owes none).
func ReportOwed(month, start Date) bool {
	if start.IsZero() {
		return false
	}
	return !(Date{Year: month.Year, Month: month.Month, Day: 1}).Before(start)
}
