package countydb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"carekiosk/county"
	"carekiosk/export"
	"carekiosk/model"
	"carekiosk/store"
)

// How a bundle's bundle-wide rules work (see README, the county center):
// every record line is kept in records by record_id; the typed tables hold
// each entity as the newest bundle of its station says (highest revision
// first, then highest bundle number), so bundles may arrive in any order;
// a session's sign-ins are those of the newest bundle holding the session,
// and a sign-in that bundle no longer carries was withdrawn at the station.

// applyState is one bundle's import in progress, inside its transaction.
type applyState struct {
	db      *DB
	tx      *sql.Tx
	in      *county.Incoming
	station string
	seq     int
	now     string
	counts  county.Counts
	// stmts caches the statements bound to the transaction: the same few
	// run once per record.
	stmts map[string]*sql.Stmt
	// fresh holds the sessions this bundle brings to the county for the
	// first time: nothing of theirs is stored yet, so there is nothing to
	// replace or withdraw.
	fresh map[string]bool
	// pending holds each batch's rows not yet written (see batch.go).
	pending *[numBatches][]any
	// held are the record_ids of the bundle's lines the county held before
	// it; taken are those of lines this bundle stored already. A line in
	// neither is new: it is inserted without a look at what is stored.
	held, taken map[string]bool
	// first: the bundle is the first the county receives of its station.
	first bool
	// counted lists the sessions whose sign-ins the bundle set: their
	// counts are set once all are stored (countSignIns).
	counted []string
}

// prepare returns q prepared for the transaction: the statement the
// writer connection keeps for q bound to it (parsed with an earlier
// bundle), else q prepared in the transaction (and kept after it).
func (a *applyState) prepare(q string) (*sql.Stmt, error) {
	if st, ok := a.stmts[q]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if kept := a.db.keptStmt(q); kept != nil {
		st = a.tx.Stmt(kept)
	} else {
		var err error
		if st, err = a.tx.Prepare(q); err != nil {
			return nil, err
		}
	}
	a.stmts[q] = st
	return st, nil
}

// exec, queryRow and query run q after writing the rows waiting in the
// batches, so q sees every row added before it.
func (a *applyState) exec(q string, args ...any) (sql.Result, error) {
	if err := a.flush(); err != nil {
		return nil, err
	}
	st, err := a.prepare(q)
	if err != nil {
		return nil, err
	}
	return st.Exec(args...)
}

// scanner is what queryRow returns: a row, or the error of preparing it.
type scanner interface{ Scan(dest ...any) error }

type errRow struct{ err error }

func (e errRow) Scan(...any) error { return e.err }

func (a *applyState) queryRow(q string, args ...any) scanner {
	if err := a.flush(); err != nil {
		return errRow{err}
	}
	st, err := a.prepare(q)
	if err != nil {
		return errRow{err}
	}
	return st.QueryRow(args...)
}

func (a *applyState) query(q string, args ...any) (*sql.Rows, error) {
	if err := a.flush(); err != nil {
		return nil, err
	}
	st, err := a.prepare(q)
	if err != nil {
		return nil, err
	}
	return st.Query(args...)
}

func (a *applyState) close() {
	for _, st := range a.stmts {
		st.Close()
	}
	for k := range a.pending {
		clear(a.pending[k][:cap(a.pending[k])])
		a.pending[k] = a.pending[k][:0]
	}
	batchBufs.Put(a.pending)
}

// ApplyBundle stores a verified bundle in one transaction (see
// county.Store).
func (d *DB) ApplyBundle(ctx context.Context, in *county.Incoming) (*county.Result, error) {
	res := &county.Result{}
	m := in.Bundle.Info.Manifest
	erasing := len(in.Bundle.Erasures) > 0
	if !erasing {
		// An older bundle after one that carried erasures: they are applied
		// again over what it brings (see erasures).
		if err := d.queryRowKept(ctx, `SELECT EXISTS (SELECT 1 FROM erasures WHERE station = ? AND received_in > ?)`,
			in.Station.ID, m.Sequence).Scan(&erasing); err != nil {
			return nil, store.StorageError(err)
		}
	}
	if erasing {
		if err := d.secureDelete(ctx); err != nil {
			return nil, err
		}
	}
	err := d.write(ctx, func(tx *sql.Tx) error {
		a := &applyState{db: d, tx: tx, in: in, station: in.Station.ID, seq: m.Sequence, now: fmtTime(d.now()), stmts: map[string]*sql.Stmt{},
			fresh: map[string]bool{}, pending: batchBufs.Get().(*[numBatches][]any)}
		defer a.close()
		if err := a.apply(res); err != nil {
			return err
		}
		// The station's gaps as this bundle leaves them.
		rs, err := receipts(ctx, a, a.station)
		res.Gaps = gapsOf(rs)
		return err
	})
	if err != nil {
		return nil, err
	}
	d.keepStmts()
	if erasing {
		// The erasure is committed; a file that cannot be rebuilt now (a
		// page being read) is rebuilt with the next bundle, which carries
		// the erasures again.
		if err := d.afterErasure(ctx); err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("已删除家庭的个人信息，但数据库文件暂未重建（%v），导入下一个数据包时再重建 the families' personal data is erased, but the database file could not be rebuilt now; it is rebuilt with the next bundle", err))
		}
	}
	return res, nil
}

// QueryContext runs a read of the bundle's transaction (see querier).
func (a *applyState) QueryContext(_ context.Context, q string, args ...any) (*sql.Rows, error) {
	return a.query(q, args...)
}

// apply stores the bundle, inside its transaction: the receipt and every
// record, unless the county received this very bundle before.
func (a *applyState) apply(res *county.Result) error {
	info := a.in.Bundle.Info
	m := info.Manifest
	var n, received int
	if err := a.queryRow(`SELECT count(*) FILTER (WHERE sha256 = ?2), count(*) FROM receipts WHERE station = ?1`,
		a.station, info.SHA256).Scan(&n, &received); err != nil {
		return err
	}
	if n > 0 {
		res.Duplicate = true
		return nil
	}
	// A station's first bundle: the county holds no receipt, line, session
	// or erasure of it (another station's record with one of its ids
	// refuses it, see othersRecords), so nothing of it is looked up.
	a.first = received == 0
	notes, replaced, err := a.chainNotes(info)
	if err != nil {
		return err
	}
	res.Notes = notes
	if err := a.records(); err != nil {
		return err
	}
	res.Counts = a.counts
	// The station's name as its newest bundle says.
	if _, err := a.exec(`UPDATE stations SET station_id = ?1, name = ?2 WHERE id = ?3
		AND ?4 >= coalesce((SELECT max(sequence) FROM receipts WHERE station = ?3), 0)`, m.StationID, m.Station, a.station, m.Sequence); err != nil {
		return err
	}
	_, err = a.exec(`INSERT INTO receipts (id, station, sequence, sha256, previous_sha256, created_at, received_at, range_from, range_to,
		file_name, sealed, replaced, new_records, changed_records, unchanged_records) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		newID(), a.station, m.Sequence, info.SHA256, m.PreviousSHA256, m.CreatedAt, a.now, m.From, m.To, a.in.FileName, a.in.Sealed, replaced,
		a.counts.New, a.counts.Changed, a.counts.Unchanged)
	return err
}

// chainNotes compares the bundle with those received from its station: a
// second bundle with its number, and neighbours whose previous_sha256 does
// not name the bundle received.
func (a *applyState) chainNotes(info *export.BundleInfo) (notes []string, replaced bool, err error) {
	m := info.Manifest
	if a.first {
		return nil, false, nil
	}
	rows, err := a.query(`SELECT sequence, sha256, previous_sha256 FROM receipts WHERE station = ? AND sequence BETWEEN ? AND ?`,
		a.station, m.Sequence-1, m.Sequence+1)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int
		var sum, prev string
		if err := rows.Scan(&seq, &sum, &prev); err != nil {
			return nil, false, err
		}
		switch {
		case seq == m.Sequence:
			replaced = true
			notes = append(notes, fmt.Sprintf("注意：已收到另一个第 %d 号数据包（内容不同）：站点可能用备份恢复后重新导出，请核实 warning: another bundle numbered %d, with other content, was received before; the station may have been restored from a backup, check with it", seq, seq))
		case seq == m.Sequence-1 && m.PreviousSHA256 != sum:
			notes = append(notes, fmt.Sprintf("注意：第 %d 号数据包的上一个不是收到的第 %d 号（被替换或另有一份） warning: bundle %d does not follow the bundle %d received (replaced, or there is another copy)", m.Sequence, seq, m.Sequence, seq))
		case seq == m.Sequence+1 && prev != info.SHA256:
			notes = append(notes, fmt.Sprintf("注意：收到的第 %d 号数据包的上一个不是这个第 %d 号（被替换或另有一份） warning: the bundle %d received does not follow this bundle %d (replaced, or there is another copy)", seq, m.Sequence, seq, m.Sequence))
		}
	}
	return notes, replaced, rows.Err()
}

// records upserts every record of the bundle.
func (a *applyState) records() error {
	b := a.in.Bundle
	if err := a.othersRecords(); err != nil {
		return err
	}
	if err := a.checkLines(); err != nil {
		return err
	}
	if err := a.heldLines(); err != nil {
		return err
	}
	if err := a.sessions(); err != nil {
		return err
	}
	for _, l := range b.Families {
		r := l.Rec
		if err := a.entity(batchFamilies, "family", r.ID, r.Revision, l.Raw, r.ID, a.station, a.seq, r.CardCode, r.CreatedAt); err != nil {
			return err
		}
	}
	for _, l := range b.Children {
		r := l.Rec
		if err := a.entity(batchChildren, "child", r.ID, r.Revision, l.Raw,
			r.ID, a.station, a.seq, r.FamilyID, r.Name, r.BirthDate, r.BirthMonth); err != nil {
			return err
		}
	}
	for _, l := range b.Caregivers {
		r := l.Rec
		if err := a.entity(batchCaregivers, "caregiver", r.ID, r.Revision, l.Raw,
			r.ID, a.station, a.seq, r.FamilyID, r.Name, r.Phone, r.Relation); err != nil {
			return err
		}
	}
	if err := a.signIns(); err != nil {
		return err
	}
	if err := a.familyCorrections(); err != nil {
		return err
	}
	if err := a.signInChanges(); err != nil {
		return err
	}
	if err := a.erasures(); err != nil {
		return err
	}
	return a.flush()
}

// entity keeps a record line and upserts its typed row (args, in the
// batch's columns).
func (a *applyState) entity(k batchKind, typ, id string, rev int, raw []byte, args ...any) error {
	if err := a.line(typ, id, rev, raw); err != nil {
		return err
	}
	return a.add(k, args...)
}

// recordID is the key of a record line: the record's id and revision.
func recordID(id string, rev int) string { return id + "#" + strconv.Itoa(rev) }

// heldLines reads which of the bundle's record lines the county holds
// already, in one query: the others are new (see line).
func (a *applyState) heldLines() error {
	b := a.in.Bundle
	var ids []string
	add := func(id string, rev int) { ids = append(ids, recordID(id, rev)) }
	for _, l := range b.Sessions {
		add(l.Rec.ID, l.Rec.Revision)
	}
	for _, l := range b.Families {
		add(l.Rec.ID, l.Rec.Revision)
	}
	for _, l := range b.Children {
		add(l.Rec.ID, l.Rec.Revision)
	}
	for _, l := range b.Caregivers {
		add(l.Rec.ID, l.Rec.Revision)
	}
	for _, l := range b.SignIns {
		add(l.Rec.ID, l.Rec.Revision)
	}
	for _, l := range b.FamilyCorrections {
		add(l.Rec.ID, l.Rec.Revision)
	}
	for _, l := range b.SignInChanges {
		add(l.Rec.ID, l.Rec.Revision)
	}
	for _, l := range b.Erasures {
		add(l.Rec.ID, l.Rec.Revision)
	}
	a.held, a.taken = map[string]bool{}, make(map[string]bool, len(ids))
	if a.first {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	rows, err := a.query(`SELECT record_id FROM records WHERE record_id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		a.held[id] = true
	}
	return rows.Err()
}

// line keeps one record line by record_id and counts it new, changed,
// unchanged or older.
func (a *applyState) line(typ, id string, rev int, raw []byte) error {
	rid := recordID(id, rev)
	h := sha256.Sum256(raw)
	sum := hex.EncodeToString(h[:])
	if !a.held[rid] && !a.taken[rid] {
		// A line the county never had, met first in this bundle.
		a.taken[rid] = true
		a.counts.New++
		return a.add(batchRecords, rid, typ, id, rev, a.station, a.seq, sum, raw)
	}
	a.taken[rid] = true
	res, err := a.exec(`INSERT INTO records (record_id, type, entity_id, revision, station, sequence, sha256, body) VALUES (?,?,?,?,?,?,?,?)
		ON CONFLICT (record_id) DO NOTHING`, rid, typ, id, rev, a.station, a.seq, sum, string(raw))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		a.counts.New++
		return err
	}
	var seq int
	var have, station string
	err = a.queryRow(`SELECT sequence, sha256, station FROM records WHERE record_id = ?`, rid).Scan(&seq, &have, &station)
	switch {
	case err != nil:
		return err
	case station != a.station:
		return model.Errorf(model.EINVALID, "记录 %s 已由另一个站点上报过：数据包不可信，未导入任何内容", "record %s was already reported by another station: the bundle cannot be trusted; nothing was imported", rid)
	case have == sum:
		a.counts.Unchanged++
		_, err = a.exec(`UPDATE records SET sequence = max(sequence, ?) WHERE record_id = ?`, a.seq, rid)
		return err
	case a.seq >= seq:
		a.counts.Changed++
		_, err = a.exec(`UPDATE records SET sequence = ?, sha256 = ?, body = ? WHERE record_id = ?`, a.seq, sum, string(raw), rid)
		return err
	}
	a.counts.Older++
	return nil
}

// sessions keeps every revision line, every correction, and each
// session's row as its highest revision (the newest bundle wins a tie).
func (a *applyState) sessions() error {
	top := map[string]int{}
	for i, l := range a.in.Bundle.Sessions {
		r := l.Rec
		if err := a.line("session", r.ID, r.Revision, l.Raw); err != nil {
			return err
		}
		if j, ok := top[r.ID]; !ok || r.Revision > a.in.Bundle.Sessions[j].Rec.Revision {
			top[r.ID] = i
		}
	}
	held, err := a.heldSessions(top)
	if err != nil {
		return err
	}
	for id, i := range top {
		h, ok := held[id]
		if err := a.session(&a.in.Bundle.Sessions[i].Rec, h, ok); err != nil {
			return err
		}
	}
	for _, l := range a.in.Bundle.Sessions {
		r, c := l.Rec, l.Rec.Correction
		if c == nil {
			continue
		}
		if err := a.add(batchCorrections, c.ID, r.ID, r.Revision, c.Who, c.At, c.Field, c.OldValue, c.NewValue, c.Reason); err != nil {
			return err
		}
	}
	return nil
}

// heldSession is what the county holds of a session: the revision and the
// bundle its row comes from.
type heldSession struct{ rev, seq int }

// heldSessions reads, in one query, the rows the county holds of the
// sessions in top.
func (a *applyState) heldSessions(top map[string]int) (map[string]heldSession, error) {
	held := map[string]heldSession{}
	if a.first {
		return held, nil
	}
	ids := make([]string, 0, len(top))
	for id := range top {
		ids = append(ids, id)
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := a.query(`SELECT id, revision, sequence FROM sessions WHERE id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var h heldSession
		if err := rows.Scan(&id, &h.rev, &h.seq); err != nil {
			return nil, err
		}
		held[id] = h
	}
	return held, rows.Err()
}

// session replaces a session's row and segments unless the county holds
// (held) a higher revision, or the same from a newer bundle.
func (a *applyState) session(r *export.SessionRecord, h heldSession, held bool) error {
	if held && (h.rev > r.Revision || (h.rev == r.Revision && h.seq > a.seq)) {
		return nil
	}
	a.fresh[r.ID] = !held
	if err := a.add(batchSessions, r.ID, a.station, a.in.Station.UnitID, r.Revision, a.seq, r.Date, r.Station, r.BandMin, r.BandMax,
		r.Title, r.Instructor, strings.Join(r.Areas, ","), r.State, r.Summary.Handover, r.Summary.Cooperation, r.Summary.Incidents,
		r.Summary.Other, r.CreatedAt, r.OpenedAt, r.ClosedAt, r.Voided, r.Origin); err != nil {
		return err
	}
	if held {
		if _, err := a.exec(`DELETE FROM segments WHERE session_id = ?`, r.ID); err != nil {
			return err
		}
	}
	for _, s := range r.Segments {
		if err := a.add(batchSegments, r.ID, s.Kind, s.Name, s.Planned, s.PlannedMinutes, s.Notes, s.StartedAt, s.EndedAt); err != nil {
			return err
		}
	}
	return nil
}

// signIns sets each session's sign-ins to those of the bundle, unless the
// county holds the session's sign-ins from a newer bundle. A sign-in the
// bundle no longer carries was withdrawn at the station: it moves to
// withdrawn_sign_ins.
func (a *applyState) signIns() error {
	by := map[string][]int{}
	var order []string
	for _, l := range a.in.Bundle.Sessions {
		if _, ok := by[l.Rec.ID]; !ok {
			by[l.Rec.ID] = nil
			order = append(order, l.Rec.ID)
		}
	}
	for i, l := range a.in.Bundle.SignIns {
		if _, ok := by[l.Rec.SessionID]; !ok {
			order = append(order, l.Rec.SessionID)
		}
		by[l.Rec.SessionID] = append(by[l.Rec.SessionID], i)
	}
	for _, sid := range order {
		if a.fresh[sid] {
			if err := a.sessionSignIns(sid, by[sid], true); err != nil {
				return err
			}
			continue
		}
		var from int
		err := a.queryRow(`SELECT signins_sequence FROM sessions WHERE id = ?`, sid).Scan(&from)
		if errors.Is(err, sql.ErrNoRows) {
			return model.Errorf(model.EINVALID, "数据包中的签到属于不存在的活动 %s，未导入任何内容", "the bundle holds sign-ins of a session %s it does not carry; nothing was imported", sid)
		}
		if err != nil {
			return err
		}
		if err := a.sessionSignIns(sid, by[sid], a.seq >= from); err != nil {
			return err
		}
	}
	return a.countSignIns()
}

// countSignIns sets, for each session whose sign-ins the bundle set, its
// sign-in and family counts and the bundle they come from, in one
// statement once all of them are stored.
func (a *applyState) countSignIns() error {
	if len(a.counted) == 0 {
		return nil
	}
	list, err := json.Marshal(a.counted)
	if err != nil {
		return err
	}
	_, err = a.exec(`UPDATE sessions SET signins_sequence = ?2,
		signin_count = (SELECT count(*) FROM sign_ins WHERE session_id = sessions.id),
		family_count = (SELECT count(DISTINCT family_id) FROM sign_ins WHERE session_id = sessions.id)
		WHERE id IN (SELECT value FROM json_each(?1))`, string(list), a.seq)
	return err
}

// sessionSignIns keeps the sign-in lines of one session and, when apply,
// makes the session's sign-ins exactly those (and counts it in counted).
func (a *applyState) sessionSignIns(sid string, idx []int, apply bool) error {
	keep := map[string]bool{}
	for _, i := range idx {
		l := a.in.Bundle.SignIns[i]
		r := l.Rec
		if err := a.line("sign_in", r.ID, r.Revision, l.Raw); err != nil {
			return err
		}
		if !apply {
			// A newer bundle set this session's sign-ins: one it does not
			// carry was withdrawn after this bundle was made.
			if _, err := a.exec(`INSERT INTO withdrawn_sign_ins (id, session_id, seq, child_name, relation, age_months, signed_at, noticed_in, noticed_at)
				SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, signins_sequence, ?8 FROM sessions WHERE id = ?2
				AND NOT EXISTS (SELECT 1 FROM sign_ins WHERE id = ?1) AND NOT EXISTS (SELECT 1 FROM withdrawn_sign_ins WHERE id = ?1)`,
				r.ID, sid, r.Seq, r.ChildName, r.Relation, r.AgeMonths, r.SignedAt, a.now); err != nil {
				return err
			}
			continue
		}
		keep[r.ID] = true
		var png []byte
		if r.Signature != "" {
			png = a.in.Bundle.Signatures[r.Signature]
		}
		if err := a.add(batchSignIns, r.ID, sid, r.Seq, r.ChildID, r.ChildName, r.FamilyID, r.CaregiverID, r.Caregiver, r.Phone, r.Relation,
			r.AgeMonths, r.Method, r.SignedName, png, r.ConsentVersion, r.SignedAt, r.OutsideBand); err != nil {
			return err
		}
	}
	if !apply {
		return nil
	}
	if !a.fresh[sid] {
		// A sign-in the bundle carries is not withdrawn (a chain restored
		// from a backup may bring one back).
		if _, err := a.exec(`DELETE FROM withdrawn_sign_ins WHERE session_id = ?1 AND id IN (SELECT id FROM sign_ins WHERE session_id = ?1)`, sid); err != nil {
			return err
		}
		if err := a.withdrawMissing(sid, keep); err != nil {
			return err
		}
	}
	a.counted = append(a.counted, sid)
	return nil
}

// withdrawMissing moves a session's sign-ins not in keep to
// withdrawn_sign_ins.
func (a *applyState) withdrawMissing(sid string, keep map[string]bool) error {
	rows, err := a.query(`SELECT id FROM sign_ins WHERE session_id = ?`, sid)
	if err != nil {
		return err
	}
	var gone []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		if !keep[id] {
			gone = append(gone, id)
		}
	}
	rows.Close()
	for _, id := range gone {
		if _, err := a.exec(`INSERT INTO withdrawn_sign_ins (id, session_id, seq, child_name, relation, age_months, signed_at, noticed_in, noticed_at)
			SELECT id, session_id, seq, child_name, relation, age_months, signed_at, ?, ? FROM sign_ins WHERE id = ?`, a.seq, a.now, id); err != nil {
			return err
		}
		if _, err := a.exec(`DELETE FROM sign_ins WHERE id = ?`, id); err != nil {
			return err
		}
	}
	return rows.Err()
}
