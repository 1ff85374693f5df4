package model

import (
	"sort"
	"time"
)

// FamilyVisits is a family with the sessions it came to: how many distinct
// sessions, and the first and last of them (zero when it never came).
type FamilyVisits struct {
	Family   Family
	Sessions int
	First    Date
	Last     Date
}

// BandEntry is a child who enters a new age band during a month: the band
// and the day it completes the band's first month of age, and the family's
// last session (zero when it never came).
type BandEntry struct {
	Child  Child
	Family Family
	Band   AgeBand
	On     Date
	Last   Date
}

// Invitation is the mark 已通知: the instructor told a family about a
// planned session (by phone, message or in person).
type Invitation struct {
	SessionID string
	FamilyID  string
	At        time.Time
	Who       string
}

// FollowUp is the instructor's follow-up on one day: the families to invite
// for a planned session, the children who enter a new band this month and
// the families who came once and not again.
type FollowUp struct {
	// Today is the day the lists are for (the station's date).
	Today Date
	// Session is the planned session the invitations are for; nil when no
	// session is planned.
	Session *Session
	// Invite are the children in the session's band on its date who have
	// not come in the month before it, those never seen first.
	Invite []DueChild
	// Entering are the children entering a new band in Today's month, by day.
	Entering []BandEntry
	// Once are the families who came to one session only, a month or more
	// before Today, with a child still under MaxAgeMonths+1 months; the most
	// recent first.
	Once []FamilyVisits
	// Notified holds the marks 已通知 for Session by family id.
	Notified map[string]Invitation
}

// InviteNotSince is the day from which a visit means a child need not be
// invited to a session on date on: a child seen in the month before it has
// just come.
func InviteNotSince(on Date) Date { return on.AddMonths(-1) }

// MonthBounds returns the first and last day of d's month.
func MonthBounds(d Date) (first, last Date) {
	first = Date{Year: d.Year, Month: d.Month, Day: 1}
	return first, first.AddMonths(1).AddDays(-1)
}

// EntersBandIn reports the band a child enters during the month of d, and
// the day it does: its age on the month's last day falls in another band of
// bands than its age on the day before the month began. A child born during
// the month enters nothing.
func EntersBandIn(c Child, bands []AgeBand, d Date) (AgeBand, Date, bool) {
	first, last := MonthBounds(d)
	before, after := c.AgeOn(first.AddDays(-1)), c.AgeOn(last)
	if before < 0 || after <= before {
		return AgeBand{}, Date{}, false
	}
	to, ok := BandFor(bands, after)
	if !ok {
		return AgeBand{}, Date{}, false
	}
	if from, ok := BandFor(bands, before); ok && from == to {
		return AgeBand{}, Date{}, false
	}
	for day := first; !day.After(last); day = day.AddDays(1) {
		if c.AgeOn(day) >= to.Min {
			return to, day, true
		}
	}
	return AgeBand{}, Date{}, false
}

// BandEntries lists the children of families entering a new band during the
// month of today, by day and then name.
func BandEntries(families []FamilyVisits, bands []AgeBand, today Date) []BandEntry {
	var out []BandEntry
	for _, fv := range families {
		for _, c := range fv.Family.Children {
			if band, on, ok := EntersBandIn(c, bands, today); ok {
				out = append(out, BandEntry{Child: c, Family: fv.Family, Band: band, On: on, Last: fv.Last})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].On != out[j].On {
			return out[i].On.Before(out[j].On)
		}
		return out[i].Child.Name < out[j].Child.Name
	})
	return out
}

// CameOnce lists the families who came to exactly one session, on a day a
// month or more before today, and still have a child of the programme's
// ages (0–MaxAgeMonths) today; the most recent visit first.
func CameOnce(families []FamilyVisits, today Date) []FamilyVisits {
	limit := today.AddMonths(-1)
	var out []FamilyVisits
	for _, fv := range families {
		if fv.Sessions != 1 || fv.Last.After(limit) {
			continue
		}
		young := false
		for _, c := range fv.Family.Children {
			if a := c.AgeOn(today); a >= 0 && a <= MaxAgeMonths {
				young = true
			}
		}
		if young {
			out = append(out, fv)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Last.After(out[j].Last) })
	return out
}

// SessionFigures is a closed session with what the charts draw: its
// families (参与家庭) and its age distribution (月龄分布).
type SessionFigures struct {
	Session  Session
	Families int
	Ages     []AgeCount
}

// MonthlyHeld counts the sessions of figures per month of year (index 0 is
// January); sessions of other years are not counted.
func MonthlyHeld(figures []SessionFigures, year int) [12]int {
	var out [12]int
	for _, f := range figures {
		if f.Session.Date.Year == year {
			out[f.Session.Date.Month-1]++
		}
	}
	return out
}
