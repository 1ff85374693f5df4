package countydb

import (
	"strings"
	"sync"
)

// A bundle's rows go into the database in multi-row INSERTs: a statement
// that carries many rows costs SQLite and database/sql one statement's
// overhead (binding, stepping, resetting) instead of one per row. Rows wait
// in their batch until the next statement that is not batched runs, or the
// bundle's records end (applyState.flush): every statement therefore sees
// the rows added before it, as when each row had its own statement.

// batchKind names one multi-row INSERT of the import.
type batchKind int

// The batches, in the order they are flushed: a session's row before its
// segments, corrections and sign-ins (their foreign keys).
const (
	batchRecords batchKind = iota
	batchSessions
	batchSegments
	batchCorrections
	batchFamilies
	batchChildren
	batchCaregivers
	batchSignIns
	numBatches
)

// batchSpec is one multi-row INSERT: head, then rows of the form row (one
// per row, comma-separated), then tail (an ON CONFLICT clause).
type batchSpec struct {
	head, row, tail string
	cols            int
}

// batchSpecs are the import's multi-row INSERTs, by batchKind. Each row
// inserts or upserts as the one-row statement it replaces did.
var batchSpecs = [numBatches]batchSpec{
	batchRecords: {
		head: `INSERT INTO records (record_id, type, entity_id, revision, station, sequence, sha256, body) VALUES `,
		// The line arrives as bytes and is kept as the text it is.
		row: `(?,?,?,?,?,?,?,CAST(? AS TEXT))`, cols: 8,
	},
	batchSessions: {
		head: `INSERT INTO sessions (id, station, unit_id, revision, sequence, date, station_name, band_min, band_max, title, instructor, areas, state,
		sum_handover, sum_cooperation, sum_incidents, sum_other, created_at, opened_at, closed_at, voided, origin) VALUES `,
		row: `(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, cols: 22,
		tail: ` ON CONFLICT (id) DO UPDATE SET unit_id = excluded.unit_id, revision = excluded.revision, sequence = excluded.sequence, date = excluded.date,
		station_name = excluded.station_name, band_min = excluded.band_min, band_max = excluded.band_max, title = excluded.title,
		instructor = excluded.instructor, areas = excluded.areas, state = excluded.state, sum_handover = excluded.sum_handover,
		sum_cooperation = excluded.sum_cooperation, sum_incidents = excluded.sum_incidents, sum_other = excluded.sum_other,
		created_at = excluded.created_at, opened_at = excluded.opened_at, closed_at = excluded.closed_at, voided = excluded.voided, origin = excluded.origin`,
	},
	batchSegments: {
		head: `INSERT INTO segments (session_id, kind, name, planned, planned_minutes, notes, started_at, ended_at) VALUES `,
		row:  `(?,?,?,?,?,?,?,?)`, cols: 8,
	},
	batchCorrections: {
		head: `INSERT INTO corrections (id, session_id, revision, who, at, field, old_value, new_value, reason) VALUES `,
		row:  `(?,?,?,?,?,?,?,?,?)`, cols: 9,
		tail: ` ON CONFLICT (id) DO NOTHING`,
	},
	batchFamilies: {
		head: `INSERT INTO families (id, station, sequence, card_code, created_at) VALUES `,
		row:  `(?,?,?,?,?)`, cols: 5,
		tail: ` ON CONFLICT (id) DO UPDATE SET card_code = excluded.card_code, created_at = excluded.created_at, sequence = excluded.sequence
			WHERE excluded.sequence >= families.sequence`,
	},
	batchChildren: {
		head: `INSERT INTO children (id, station, sequence, family_id, name, birth_date, birth_month) VALUES `,
		row:  `(?,?,?,?,?,?,?)`, cols: 7,
		tail: ` ON CONFLICT (id) DO UPDATE SET family_id = excluded.family_id, name = excluded.name, birth_date = excluded.birth_date,
			birth_month = excluded.birth_month, sequence = excluded.sequence WHERE excluded.sequence >= children.sequence`,
	},
	batchCaregivers: {
		head: `INSERT INTO caregivers (id, station, sequence, family_id, name, phone, relation) VALUES `,
		row:  `(?,?,?,?,?,?,?)`, cols: 7,
		tail: ` ON CONFLICT (id) DO UPDATE SET family_id = excluded.family_id, name = excluded.name, phone = excluded.phone,
			relation = excluded.relation, sequence = excluded.sequence WHERE excluded.sequence >= caregivers.sequence`,
	},
	batchSignIns: {
		head: `INSERT INTO sign_ins (id, session_id, seq, child_id, child_name, family_id, caregiver_id, caregiver, phone, relation,
			age_months, method, signed_name, signature_png, consent_version, signed_at, outside_band) VALUES `,
		row: `(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, cols: 17,
		tail: ` ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, child_id = excluded.child_id, child_name = excluded.child_name,
			family_id = excluded.family_id, caregiver_id = excluded.caregiver_id, caregiver = excluded.caregiver, phone = excluded.phone,
			relation = excluded.relation, age_months = excluded.age_months, method = excluded.method, signed_name = excluded.signed_name,
			signature_png = excluded.signature_png, consent_version = excluded.consent_version, signed_at = excluded.signed_at,
			outside_band = excluded.outside_band`,
	},
}

// batchSizes are the numbers of rows a batch's statements carry, largest
// first: a batch is flushed in as many of the largest as fit, then the
// smaller ones, so each kind needs at most this many prepared statements.
var batchSizes = [...]int{16, 4, 1}

// batchQueries holds each batch's statements, by batchKind and the index
// of their size in batchSizes.
var batchQueries = func() (q [numBatches][len(batchSizes)]string) {
	for k := range q {
		for i, n := range batchSizes {
			q[k][i] = batchSpecs[k].query(n)
		}
	}
	return q
}()

// batchBufs keeps the batches' argument slices from one bundle to the
// next (emptied: they hold no bundle's values once it is stored).
var batchBufs = sync.Pool{New: func() any { return new([numBatches][]any) }}

// query is the statement inserting n rows.
func (s *batchSpec) query(n int) string {
	var b strings.Builder
	b.Grow(len(s.head) + n*(len(s.row)+1) + len(s.tail))
	b.WriteString(s.head)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s.row)
	}
	b.WriteString(s.tail)
	return b.String()
}

// add puts one row (len(args) == the spec's cols) into its batch. Once the
// batch holds the largest statement's rows, every batch is written, in
// order: a sign-in's session goes in before it.
func (a *applyState) add(k batchKind, args ...any) error {
	a.pending[k] = append(a.pending[k], args...)
	if len(a.pending[k]) >= batchSizes[0]*batchSpecs[k].cols {
		return a.flush()
	}
	return nil
}

// flush writes every batch's waiting rows, in batchKind order.
func (a *applyState) flush() error {
	for k := range numBatches {
		if err := a.flushBatch(k); err != nil {
			return err
		}
	}
	return nil
}

// flushBatch writes the rows waiting in one batch.
func (a *applyState) flushBatch(k batchKind) error {
	spec := &batchSpecs[k]
	args := a.pending[k]
	if len(args) == 0 {
		return nil
	}
	a.pending[k] = args[:0]
	for i, n := range batchSizes {
		for len(args) >= n*spec.cols {
			st, err := a.prepare(batchQueries[k][i])
			if err != nil {
				return err
			}
			if _, err := st.Exec(args[:n*spec.cols]...); err != nil {
				return err
			}
			args = args[n*spec.cols:]
		}
	}
	return nil
}
