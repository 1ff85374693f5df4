package export

import (
	"archive/zip"
	"bufio"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"slices"
	"time"

	"carekiosk/model"
)

// bundleWriter writes the zip of a station bundle. Entries are stored
// uncompressed with a fixed time, so the same content always gives the same
// bytes; verify rebuilds the zip from its content and compares every byte.
type bundleWriter struct {
	zw       *zip.Writer
	modified time.Time
	files    []FileEntry
	nsigs    int
}

func newBundleWriter(w io.Writer, created time.Time) *bundleWriter {
	return &bundleWriter{zw: zip.NewWriter(w), modified: created.UTC().Truncate(time.Second)}
}

// entry writes one file of the bundle and returns its SHA-256 and size.
func (b *bundleWriter) entry(name string, fill func(w io.Writer) error) (string, int64, error) {
	return writeEntry(b.zw, name, b.modified, fill)
}

func writeEntry(zw *zip.Writer, name string, modified time.Time, fill func(w io.Writer) error) (string, int64, error) {
	ew, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: modified})
	if err != nil {
		return "", 0, err
	}
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(ew, h)}
	if err := fill(cw); err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), cw.n, nil
}

// file writes a records file listed in the manifest.
func (b *bundleWriter) file(name string, fill func(w io.Writer) error) error {
	sum, n, err := b.entry(name, fill)
	if err != nil {
		return err
	}
	b.files = append(b.files, FileEntry{Name: name, SHA256: sum, Bytes: n})
	return nil
}

// signature writes one signature image; its SHA-256 is in its sign-in
// record (so the manifest stays small however many images there are).
func (b *bundleWriter) signature(name string, png []byte) error {
	_, _, err := b.entry(name, func(w io.Writer) error { _, err := w.Write(png); return err })
	b.nsigs++
	return err
}

// finish writes the manifest and its signature and closes the zip.
func (b *bundleWriter) finish(m *Manifest, key ed25519.PrivateKey) error {
	m.Files = b.files
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	raw = append(raw, '\n')
	if _, _, err := b.entry(manifestName, func(w io.Writer) error { _, err := w.Write(raw); return err }); err != nil {
		return err
	}
	sig := ed25519.Sign(key, raw)
	if _, _, err := b.entry(signatureName, func(w io.Writer) error { _, err := w.Write(sig); return err }); err != nil {
		return err
	}
	return b.zw.Close()
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// hashWriter hashes what passes through, for the chain hash of the file.
type hashWriter struct {
	w io.Writer
	h hash.Hash
}

func (h hashWriter) Write(p []byte) (int, error) {
	n, err := h.w.Write(p)
	h.h.Write(p[:n])
	return n, err
}

// jsonLines writes one JSON object a line through a buffer.
type jsonLines struct {
	bw  *bufio.Writer
	enc *json.Encoder
	n   int
}

func newJSONLines(w io.Writer) *jsonLines {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &jsonLines{bw: bw, enc: enc}
}

func (j *jsonLines) put(v any) error {
	j.n++
	return j.enc.Encode(v)
}

func (j *jsonLines) flush() error { return j.bw.Flush() }

// bundleFileName names the bundle so that the county sees unit, station
// and number at a glance. The end of the station's id keeps two stations of
// one unit apart even when they share a name: their bundles land in one
// county inbox and must not overwrite each other.
func bundleFileName(unit, station, stationID string, seq int) string {
	return fmt.Sprintf("站点数据包_%s_第%04d号.zip", stationFileTag(unit, station, stationID), seq)
}

// bundle writes the station bundle and returns its path (inside the
// incomplete folder) and sequence number. The bundle is always whole —
// every session, family, child, caregiver and sign-in — whatever date range
// the export's forms cover: a numbered bundle in the chain promises the
// county everything up to its date, so a later one replaces all before it.
func (j *job) bundle(key ed25519.PrivateKey) (string, int, error) {
	ds := j.ds
	sessions := ds.sessions
	if !j.opt.From.IsZero() || !j.opt.To.IsZero() {
		var err error
		if sessions, err = readSessions(j.v, Options{}, ds.set.Location(), true); err != nil {
			return "", 0, err
		}
	}
	j.bundleSessions = len(sessions)
	seq := ds.bundle.Sequence + 1
	name := bundleFileName(ds.unit, ds.station, ds.set.StationID, seq)
	m := &Manifest{Format: BundleFormat, Version: BundleVersion, StationID: ds.set.StationID, Station: ds.station,
		UnitID: ds.set.UnitID, Unit: ds.unit, County: ds.set.County, Sequence: seq, PreviousSHA256: ds.bundle.SHA256,
		CreatedAt: ds.now.UTC().Truncate(time.Second).Format(time.RFC3339), Cumulative: true,
		PublicKey: FormatPublicKey(key.Public().(ed25519.PublicKey))}
	err := j.out.write(name, func(w io.Writer) error {
		h := sha256.New()
		b := newBundleWriter(hashWriter{w, h}, ds.now)
		if err := j.bundleRecords(b, m, sessions); err != nil {
			return err
		}
		if err := b.finish(m, key); err != nil {
			return err
		}
		ds.bundleHash = hex.EncodeToString(h.Sum(nil))
		return nil
	})
	if err != nil {
		return "", 0, err
	}
	return j.out.tmp + "/" + name, seq, nil
}

// bundleRecords writes every record and signature of the station (the
// zero dates mean no range: a bundle is cumulative); sessions are all its
// exported sessions.
func (j *job) bundleRecords(b *bundleWriter, m *Manifest, sessions []sessionInfo) error {
	fills := []func(w io.Writer) error{ // in the order of recordFiles
		func(w io.Writer) error { return sessionRecords(w, m, sessions) },
		j.familyRecords(m), j.childRecords(m), j.caregiverRecords(m), j.signInRecords(m),
	}
	for i, fill := range fills {
		if err := b.file(recordFiles[i], fill); err != nil {
			return err
		}
	}
	if err := j.bundleNotices(b, m); err != nil {
		return err
	}
	if err := j.bundleErasures(b, m); err != nil {
		return err
	}
	if err := j.bundleFamilyCorrections(b, m); err != nil {
		return err
	}
	if err := j.bundleSignInChanges(b, m); err != nil {
		return err
	}
	last := ""
	err := j.v.EachSignInInRange(model.Date{}, model.Date{}, true, func(si model.SignIn) error {
		if si.SessionID != last {
			last = si.SessionID
			if err := j.step(); err != nil {
				return err
			}
		}
		if len(si.SignaturePNG) == 0 {
			return nil
		}
		return b.signature(signaturePrefix+si.ID+".png", si.SignaturePNG)
	})
	m.Counts.Signatures = b.nsigs
	return err
}

// sessionRecords writes every revision of each session, counting them.
func sessionRecords(w io.Writer, m *Manifest, sessions []sessionInfo) error {
	jl := newJSONLines(w)
	for _, s := range sessions {
		for _, rec := range sessionRevisions(s) {
			if err := jl.put(rec); err != nil {
				return err
			}
		}
		m.Counts.Sessions++
		m.Counts.Corrections += len(s.corrections)
	}
	m.Counts.SessionRevisions = jl.n
	return jl.flush()
}

func (j *job) familyRecords(m *Manifest) func(w io.Writer) error {
	return func(w io.Writer) error {
		jl := newJSONLines(w)
		err := j.v.EachFamily(model.Date{}, model.Date{}, func(f model.Family) error {
			return jl.put(familyRecord{Type: "family", ID: f.ID, Revision: 1, RecordID: f.ID + "#1", CardCode: f.CardCode, CreatedAt: fmtTimeUTC(f.CreatedAt)})
		})
		m.Counts.Families = jl.n
		return firstErr(err, jl.flush())
	}
}

func (j *job) childRecords(m *Manifest) func(w io.Writer) error {
	return func(w io.Writer) error {
		jl := newJSONLines(w)
		err := j.v.EachChild(model.Date{}, model.Date{}, func(c model.Child) error {
			return jl.put(childRecord{Type: "child", ID: c.ID, Revision: 1, RecordID: c.ID + "#1", FamilyID: c.FamilyID, Name: c.Name,
				BirthDate: c.BirthDate.String(), BirthMonth: c.BirthMonth.String()})
		})
		m.Counts.Children = jl.n
		return firstErr(err, jl.flush())
	}
}

func (j *job) caregiverRecords(m *Manifest) func(w io.Writer) error {
	return func(w io.Writer) error {
		jl := newJSONLines(w)
		err := j.v.EachCaregiver(model.Date{}, model.Date{}, func(c model.Caregiver) error {
			return jl.put(caregiverRecord{Type: "caregiver", ID: c.ID, Revision: 1, RecordID: c.ID + "#1", FamilyID: c.FamilyID, Name: c.Name,
				Phone: c.Phone, Relation: string(c.Relation)})
		})
		m.Counts.Caregivers = jl.n
		return firstErr(err, jl.flush())
	}
}

func (j *job) signInRecords(m *Manifest) func(w io.Writer) error {
	return func(w io.Writer) error {
		jl := newJSONLines(w)
		err := j.v.EachSignInInRange(model.Date{}, model.Date{}, true, func(si model.SignIn) error {
			rec := signInRecord{Type: "sign_in", ID: si.ID, Revision: 1, RecordID: si.ID + "#1", SessionID: si.SessionID, Seq: si.Seq,
				ChildID: si.ChildID, ChildName: si.ChildName, FamilyID: si.FamilyID, CaregiverID: si.CaregiverID, Caregiver: si.Caregiver,
				Phone: si.Phone, Relation: string(si.Relation), AgeMonths: si.AgeMonths, Method: string(si.Method), SignedName: si.SignedName,
				ConsentVersion: si.ConsentVersion, SignedAt: fmtTimeUTC(si.SignedAt), OutsideBand: si.OutsideBand, SignedByInstructor: si.ByInstructor}
			if len(si.SignaturePNG) > 0 {
				rec.Signature = signaturePrefix + si.ID + ".png"
				sum := sha256.Sum256(si.SignaturePNG)
				rec.SignatureSHA256 = hex.EncodeToString(sum[:])
			}
			return jl.put(rec)
		})
		m.Counts.SignIns = jl.n
		return firstErr(err, jl.flush())
	}
}

// bundleNotices writes every stored version of the guardian notice, so the
// county can show the words behind each sign-in's consent version.
func (j *job) bundleNotices(b *bundleWriter, m *Manifest) error {
	notices, err := j.v.ConsentNotices()
	if err != nil {
		return err
	}
	return b.file(laterRecordFiles[0], func(w io.Writer) error {
		jl := newJSONLines(w)
		for _, n := range notices {
			id := n.Version + "/" + n.Lang
			if err := jl.put(noticeRecord{Type: "notice", ID: id, Revision: 1, RecordID: id + "#1", Version: n.Version, Lang: n.Lang, Text: n.Text}); err != nil {
				return err
			}
		}
		m.Counts.Notices = jl.n
		return jl.flush()
	})
}

// bundleErasures writes every erasure recorded, so the county erases its
// copy of those families too.
func (j *job) bundleErasures(b *bundleWriter, m *Manifest) error {
	list, err := j.v.Erasures()
	if err != nil {
		return err
	}
	return b.file(laterRecordFiles[1], func(w io.Writer) error {
		jl := newJSONLines(w)
		for _, e := range list {
			rec := erasureRecord{Type: "erasure", ID: e.ID, Revision: 1, RecordID: e.ID + "#1", FamilyID: e.FamilyID,
				ChildIDs: append([]string{}, e.ChildIDs...), CaregiverIDs: append([]string{}, e.CaregiverIDs...),
				Kind: string(e.Kind), At: fmtTimeUTC(e.At), Who: e.Who, ConsentWithdrawn: e.ConsentWithdrawn}
			if err := jl.put(rec); err != nil {
				return err
			}
		}
		m.Counts.Erasures = jl.n
		return jl.flush()
	})
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// sessionRevisions returns every revision of a session, oldest first: the
// stored session is the latest; undoing its corrections one by one gives
// the earlier ones. Each later revision carries the correction that made it
// and names the revision it replaces.
func sessionRevisions(s sessionInfo) []sessionRecord {
	cur := s.Session
	cur.Areas = slices.Clone(s.Areas)
	corr := slices.Clone(s.corrections)
	slices.SortFunc(corr, func(a, b model.Correction) int { return b.Revision - a.Revision })
	var out []sessionRecord
	rev := s.Revision
	for _, c := range corr {
		rec := sessionToRecord(cur, c.Revision)
		rec.Replaces = fmt.Sprintf("%s#%d", cur.ID, c.Revision-1)
		rec.Correction = &correctionRecord{ID: c.ID, Who: c.Who, At: fmtTimeUTC(c.At), Field: string(c.Field), OldValue: c.OldValue, NewValue: c.NewValue, Reason: c.Reason}
		out = append(out, rec)
		c.Field.Set(&cur, c.OldValue) // back to the revision before
		rev = c.Revision - 1
	}
	out = append(out, sessionToRecord(cur, max(rev, 1)))
	slices.Reverse(out)
	return out
}

func sessionToRecord(s model.Session, rev int) sessionRecord {
	r := sessionRecord{Type: "session", ID: s.ID, Revision: rev, RecordID: fmt.Sprintf("%s#%d", s.ID, rev), Date: s.Date.String(),
		StationID: s.StationID, Station: s.Station, UnitID: s.UnitID, Unit: s.Unit, BandMin: s.Band.Min, BandMax: s.Band.Max,
		Title: s.Title, Instructor: s.Instructor, Areas: []string{}, State: string(s.State),
		Summary:   summaryRecord{Handover: s.Summary.Handover, Cooperation: s.Summary.Cooperation, Incidents: s.Summary.Incidents, Other: s.Summary.Other},
		CreatedAt: fmtTimeUTC(s.CreatedAt), OpenedAt: fmtTimeUTC(s.OpenedAt), ClosedAt: fmtTimeUTC(s.ClosedAt), Origin: s.Origin,
		Voided: s.Voided}
	for _, a := range s.Areas {
		r.Areas = append(r.Areas, string(a))
	}
	for i, seg := range s.Segments {
		r.Segments = append(r.Segments, segmentRecord{Kind: i, Name: model.SegmentKind(i).Label(model.LangZH), Planned: seg.Planned,
			PlannedMinutes: seg.PlannedMinutes, Notes: seg.Notes, StartedAt: fmtTimeUTC(seg.StartedAt), EndedAt: fmtTimeUTC(seg.EndedAt)})
	}
	return r
}
