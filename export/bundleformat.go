package export

import "time"

// Bundle layout. A station bundle is one zip file (stored, not
// compressed, so that it is byte-for-byte reproducible and every byte is
// checked) holding, in this order:
//
//	records/sessions.jsonl    every revision of every session
//	records/families.jsonl    the families that signed in
//	records/children.jsonl
//	records/caregivers.jsonl
//	records/signins.jsonl
//	records/notices.jsonl     every version of the guardian notice, in full
//	records/erasures.jsonl    every family erased (ids only, no personal data)
//	records/family_corrections.jsonl  every correction, merge and split of
//	                          a family, with what followed it
//	records/signin_changes.jsonl  every sign-in withdrawn, removed or
//	                          corrected (ids only, no personal data)
//	signatures/<sign-in id>.png  the drawn signatures, in sign-in order
//	manifest.json             what the bundle is, counts, each records
//	                          file's SHA-256 (each image's SHA-256 is in its
//	                          sign-in record)
//	manifest.sig              ed25519 signature of manifest.json (64 bytes)
const (
	BundleFormat    = "carekiosk-station-bundle"
	BundleVersion   = 1
	manifestName    = "manifest.json"
	signatureName   = "manifest.sig"
	signaturePrefix = "signatures/"
)

// recordFiles are the JSON-lines files every bundle has, in order.
var recordFiles = []string{"records/sessions.jsonl", "records/families.jsonl", "records/children.jsonl", "records/caregivers.jsonl", "records/signins.jsonl"}

// laterRecordFiles follow recordFiles in bundles of newer carekiosk
// versions, in this order; a bundle lists a leading part of them (older
// bundles none), so older bundles still verify.
var laterRecordFiles = []string{"records/notices.jsonl", "records/erasures.jsonl", familyCorrectionsFile, signInChangesFile}

// Manifest describes a station bundle. It is signed with the station's key.
type Manifest struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// The station and unit the bundle comes from.
	StationID string `json:"station_id"`
	Station   string `json:"station"`
	UnitID    string `json:"unit_id"`
	Unit      string `json:"unit"`
	County    string `json:"county"`
	// Sequence numbers the station's bundles from 1 with no gaps;
	// PreviousSHA256 is the SHA-256 of the whole previous bundle file ("" for
	// the first). Together they let the county see a missing bundle.
	Sequence       int    `json:"sequence"`
	PreviousSHA256 string `json:"previous_sha256"`
	CreatedAt      string `json:"created_at"`
	// Cumulative: the bundle holds every record, not only what changed
	// since the previous bundle. From and To are empty: only a whole bundle
	// joins the chain (an export for a date range limits its forms, never
	// its bundle). Bundles of older carekiosk versions may name a range; they
	// hold only that range's records (see Whole).
	Cumulative bool   `json:"cumulative"`
	From       string `json:"from"`
	To         string `json:"to"`
	Counts     Counts `json:"counts"`
	// Files lists every records file; each signature image's SHA-256 is in
	// its sign-in record.
	Files     []FileEntry `json:"files"`
	PublicKey string      `json:"public_key"`
}

// Whole reports whether the bundle holds every record of the station up to
// its creation: cumulative, with no date range. Every bundle this version
// writes is whole; an older carekiosk wrote partial ones for date-range
// exports, numbered in the chain although they held part of the records.
func (m Manifest) Whole() bool { return m.Cumulative && m.From == "" && m.To == "" }

// Counts counts what a bundle holds.
type Counts struct {
	Sessions         int `json:"sessions"`
	SessionRevisions int `json:"session_revisions"`
	Corrections      int `json:"corrections"`
	SignIns          int `json:"sign_ins"`
	Families         int `json:"families"`
	Children         int `json:"children"`
	Caregivers       int `json:"caregivers"`
	Signatures       int `json:"signatures"`
	// Notices counts the stored versions of the guardian notice, one per
	// version and language (absent in older bundles).
	Notices int `json:"notices,omitempty"`
	// Erasures counts the families whose personal data was erased.
	Erasures int `json:"erasures,omitempty"`
	// FamilyCorrections counts the corrections, merges and splits of
	// families (absent in older bundles).
	FamilyCorrections int `json:"family_corrections,omitempty"`
	// SignInChanges counts the sign-ins' withdrawals and corrections.
	SignInChanges int `json:"sign_in_changes,omitempty"`
}

// FileEntry is one file of a bundle with its SHA-256 (hex) and size.
type FileEntry struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
}

// Records, one JSON object a line. Every record has a type, its UUID, a
// revision and a record_id "UUID#revision" unique across all stations; a
// later revision names the one it replaces.

type sessionRecord struct {
	Type       string            `json:"type"`
	ID         string            `json:"id"`
	Revision   int               `json:"revision"`
	RecordID   string            `json:"record_id"`
	Replaces   string            `json:"replaces,omitempty"`
	Correction *correctionRecord `json:"correction,omitempty"`
	Date       string            `json:"date"`
	StationID  string            `json:"station_id"`
	Station    string            `json:"station"`
	UnitID     string            `json:"unit_id"`
	Unit       string            `json:"unit"`
	BandMin    int               `json:"band_min"`
	BandMax    int               `json:"band_max"`
	Title      string            `json:"title"`
	Instructor string            `json:"instructor"`
	Areas      []string          `json:"areas"`
	State      string            `json:"state"`
	Segments   []segmentRecord   `json:"segments"`
	Summary    summaryRecord     `json:"summary"`
	CreatedAt  string            `json:"created_at"`
	OpenedAt   string            `json:"opened_at"`
	ClosedAt   string            `json:"closed_at"`
	// Origin marks a session that began on paper: "backfill" (纸质补录,
	// entered at created_at) or "imported" (from a kept sheet).
	Origin string `json:"origin,omitempty"`
	// Voided marks a session voided by a correction (field "void"): kept,
	// but left out of the statistics and the quota.
	Voided bool `json:"voided,omitempty"`
}

type correctionRecord struct {
	ID       string `json:"id"`
	Who      string `json:"who"`
	At       string `json:"at"`
	Field    string `json:"field"`
	OldValue string `json:"old_value"`
	NewValue string `json:"new_value"`
	Reason   string `json:"reason"`
}

type segmentRecord struct {
	Kind           int    `json:"kind"`
	Name           string `json:"name"`
	Planned        string `json:"planned"`
	PlannedMinutes int    `json:"planned_minutes"`
	Notes          string `json:"notes"`
	StartedAt      string `json:"started_at"`
	EndedAt        string `json:"ended_at"`
}

type summaryRecord struct {
	Handover    string `json:"handover"`
	Cooperation string `json:"cooperation"`
	Incidents   string `json:"incidents"`
	Other       string `json:"other"`
}

type signInRecord struct {
	Type        string `json:"type"`
	ID          string `json:"id"`
	Revision    int    `json:"revision"`
	RecordID    string `json:"record_id"`
	SessionID   string `json:"session_id"`
	Seq         int    `json:"seq"`
	ChildID     string `json:"child_id"`
	ChildName   string `json:"child_name"`
	FamilyID    string `json:"family_id"`
	CaregiverID string `json:"caregiver_id"`
	Caregiver   string `json:"caregiver"`
	Phone       string `json:"phone"`
	Relation    string `json:"relation"`
	AgeMonths   int    `json:"age_months"`
	Method      string `json:"method"`
	SignedName  string `json:"signed_name"`
	Signature   string `json:"signature"`
	// SignatureSHA256 is the hex SHA-256 of the image file Signature names.
	SignatureSHA256 string `json:"signature_sha256"`
	ConsentVersion  string `json:"consent_version"`
	SignedAt        string `json:"signed_at"`
	OutsideBand     bool   `json:"outside_band"`
	// SignedByInstructor: the instructor signed for the caregiver
	// (指导员代签); signed_name is the instructor's.
	SignedByInstructor bool `json:"signed_by_instructor,omitempty"`
}

type familyRecord struct {
	Type      string `json:"type"`
	ID        string `json:"id"`
	Revision  int    `json:"revision"`
	RecordID  string `json:"record_id"`
	CardCode  string `json:"card_code"`
	CreatedAt string `json:"created_at"`
}

type childRecord struct {
	Type       string `json:"type"`
	ID         string `json:"id"`
	Revision   int    `json:"revision"`
	RecordID   string `json:"record_id"`
	FamilyID   string `json:"family_id"`
	Name       string `json:"name"`
	BirthDate  string `json:"birth_date"`
	BirthMonth string `json:"birth_month"`
}

type caregiverRecord struct {
	Type     string `json:"type"`
	ID       string `json:"id"`
	Revision int    `json:"revision"`
	RecordID string `json:"record_id"`
	FamilyID string `json:"family_id"`
	Name     string `json:"name"`
	Phone    string `json:"phone"`
	Relation string `json:"relation"`
}

// noticeRecord is the full text of one version of the guardian consent
// notice in one language, as stored (placeholders {unit}, {phone} and
// {years} stand for the settings). Its id is "<version>/<lang>"; the
// sign-ins name the version in consent_version.
type noticeRecord struct {
	Type     string `json:"type"`
	ID       string `json:"id"`
	Revision int    `json:"revision"`
	RecordID string `json:"record_id"`
	Version  string `json:"version"`
	Lang     string `json:"lang"`
	Text     string `json:"text"`
}

// erasureRecord says that a family's personal data was erased at the
// station, at the family's request or after the retention: the county
// erases its copy too. It holds ids only.
type erasureRecord struct {
	Type             string   `json:"type"`
	ID               string   `json:"id"`
	Revision         int      `json:"revision"`
	RecordID         string   `json:"record_id"`
	FamilyID         string   `json:"family_id"`
	ChildIDs         []string `json:"child_ids"`
	CaregiverIDs     []string `json:"caregiver_ids"`
	Kind             string   `json:"kind"`
	At               string   `json:"at"`
	Who              string   `json:"who"`
	ConsentWithdrawn bool     `json:"consent_withdrawn"`
}

// Record types, by file.
var recordTypes = map[string]string{
	"records/sessions.jsonl": "session", "records/families.jsonl": "family", "records/children.jsonl": "child",
	"records/caregivers.jsonl": "caregiver", "records/signins.jsonl": "sign_in", "records/notices.jsonl": "notice",
	"records/erasures.jsonl": "erasure", familyCorrectionsFile: "family_correction", signInChangesFile: "sign_in_change",
}

func fmtTimeUTC(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
