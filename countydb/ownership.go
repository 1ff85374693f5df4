package countydb

import (
	"database/sql"
	"encoding/json"
	"errors"

	"carekiosk/model"
)

// recordTypeZH names a record type in the clerk's words.
var recordTypeZH = map[string]string{
	"session": "活动", "family": "家庭", "child": "儿童", "caregiver": "照护人", "sign_in": "签到",
	"erasure": "删除记录", "family_correction": "家庭更正", "sign_in_change": "签到更正",
}

// othersRecords refuses a bundle that carries or names a record another
// station reported: a station reports, corrects, voids, merges and erases
// only its own records, so a bundle whose erasure, correction or sign-in
// names another station's family, child, caregiver, session or sign-in
// (an altered station, or a data folder copied from another station) must
// not change that station's records. Ids no station reported are left to
// the rules of each record kind. One query looks every id up.
func (a *applyState) othersRecords() error {
	ids, err := json.Marshal(a.bundleIDs())
	if err != nil {
		return err
	}
	var id, typ, name string
	err = a.queryRow(`SELECT r.entity_id, r.type, st.name FROM json_each(?1) j JOIN records r ON r.entity_id = j.value
		JOIN stations st ON st.id = r.station WHERE r.station <> ?2 LIMIT 1`, string(ids), a.station).Scan(&id, &typ, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	zh := recordTypeZH[typ]
	if zh == "" {
		zh = typ
	}
	zh += " " + typ
	return model.Errorf(model.EINVALID, "数据包涉及另一个站点（%s）的记录（%s %s）：站点只能上报和更正自己的记录，数据包不可信，未导入任何内容",
		"the bundle names a record of another station (%[1]s): %[2]s %[3]s; a station reports and corrects only its own records; the bundle cannot be trusted, nothing was imported",
		name, zh, id)
}

// bundleIDs lists, once each, every id the bundle's records carry or name.
func (a *applyState) bundleIDs() []string {
	seen := map[string]bool{}
	var out []string
	add := func(ids ...string) {
		for _, id := range ids {
			if id != "" && !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	b := a.in.Bundle
	for _, l := range b.Sessions {
		add(l.Rec.ID)
	}
	for _, l := range b.Families {
		add(l.Rec.ID)
	}
	for _, l := range b.Children {
		add(l.Rec.ID, l.Rec.FamilyID)
	}
	for _, l := range b.Caregivers {
		add(l.Rec.ID, l.Rec.FamilyID)
	}
	for _, l := range b.SignIns {
		r := l.Rec
		add(r.ID, r.SessionID, r.ChildID, r.FamilyID, r.CaregiverID)
	}
	for _, l := range b.Erasures {
		add(l.Rec.ID, l.Rec.FamilyID)
	}
	for _, l := range b.FamilyCorrections {
		r := l.Rec
		add(r.ID, r.FamilyID, r.OtherFamilyID, r.TargetID, r.OldValue, r.NewValue)
		for _, f := range r.Follows {
			add(f.ID, f.SessionID, f.OldValue, f.NewValue)
		}
	}
	for _, l := range b.SignInChanges {
		r := l.Rec
		add(r.ID, r.SessionID, r.SignInID)
		if r.Kind != string(model.ChangeRelation) {
			add(r.OldValue, r.NewValue)
		}
	}
	return out
}
