package model

import "strconv"

// CorrectionField names a field of a closed session that a correction may
// change. It is stored as text in the corrections table and the bundle.
//
// This file is the one home of correction fields: to make a new field
// correctable, add its constant, put it in CorrectionFields, and give it a
// label (Label, FormLabel) and a value (Value, Set) below; the store maps it
// to its column in store/sessions.go (correctionColumn).
type CorrectionField string

// Fields of a closed session that a correction may change.
const (
	FieldTitle              CorrectionField = "title"
	FieldInstructor         CorrectionField = "instructor"
	FieldSummaryHandover    CorrectionField = "summary.handover"
	FieldSummaryCooperation CorrectionField = "summary.cooperation"
	FieldSummaryIncidents   CorrectionField = "summary.incidents"
	FieldSummaryOther       CorrectionField = "summary.other"
	// FieldSegmentNotes is the prefix of a segment's notes: segment.notes.0
	// to segment.notes.3 (see SegmentNotesField).
	FieldSegmentNotes CorrectionField = "segment.notes."
)

// SegmentNotesField is the correction field of segment k's notes.
func SegmentNotesField(k SegmentKind) CorrectionField {
	return FieldSegmentNotes + CorrectionField(strconv.Itoa(int(k)))
}

// CorrectionFields lists every correctable field in the order the correction
// form offers them.
var CorrectionFields = []CorrectionField{FieldTitle, FieldInstructor, FieldSummaryHandover, FieldSummaryCooperation,
	FieldSummaryIncidents, FieldSummaryOther, SegmentNotesField(SegIntroductions), SegmentNotesField(SegHealthEducation),
	SegmentNotesField(SegParentingSharing), SegmentNotesField(SegParentChildActivity)}

// Segment returns the segment whose notes f names, and false when f is not a
// segment's notes.
func (f CorrectionField) Segment() (SegmentKind, bool) {
	p := len(FieldSegmentNotes)
	if len(f) != p+1 || f[:p] != FieldSegmentNotes || f[p] < '0' || f[p] >= '0'+byte(len(SegmentKinds)) {
		return 0, false
	}
	return SegmentKind(f[p] - '0'), true
}

// Valid reports whether f is one of CorrectionFields.
func (f CorrectionField) Valid() bool {
	for _, x := range CorrectionFields {
		if x == f {
			return true
		}
	}
	return false
}

// summaryParts names the four parts of the summary: the screens' short
// labels and the activity record's wording.
var summaryParts = map[CorrectionField][3]string{
	FieldSummaryHandover:    {"衔接情况", "hand-over", "活动总结·衔接情况"},
	FieldSummaryCooperation: {"家长孩子配合情况", "cooperation", "活动总结·家长孩子配合情况"},
	FieldSummaryIncidents:   {"突发事件处理", "incidents", "活动总结·突发事件处理"},
	FieldSummaryOther:       {"其他", "other", "活动总结·其他"},
}

// Label names f on a screen; an unknown field is shown as it is stored.
func (f CorrectionField) Label(lang Lang) string {
	switch f {
	case FieldTitle:
		return lang.Pick("活动标题", "title")
	case FieldInstructor:
		return lang.Pick("健康指导员", "instructor")
	}
	if p, ok := summaryParts[f]; ok {
		return lang.Pick(p[0], p[1])
	}
	if k, ok := f.Segment(); ok {
		return k.Label(lang) + lang.Pick("记录", " notes")
	}
	return string(f)
}

// FormLabel names f in Chinese as the county's forms list corrections.
func (f CorrectionField) FormLabel() string {
	if p, ok := summaryParts[f]; ok {
		return p[2]
	}
	return f.Label(LangZH)
}

// Value reads f from s; "" for an unknown field.
func (f CorrectionField) Value(s *Session) string {
	if p := f.ptr(s); p != nil {
		return *p
	}
	return ""
}

// Set writes v into f of s (in memory only); an unknown field is ignored.
func (f CorrectionField) Set(s *Session, v string) {
	if p := f.ptr(s); p != nil {
		*p = v
	}
}

// ptr points at the string f names in s, nil for an unknown field or a
// segment s does not have.
func (f CorrectionField) ptr(s *Session) *string {
	switch f {
	case FieldTitle:
		return &s.Title
	case FieldInstructor:
		return &s.Instructor
	case FieldSummaryHandover:
		return &s.Summary.Handover
	case FieldSummaryCooperation:
		return &s.Summary.Cooperation
	case FieldSummaryIncidents:
		return &s.Summary.Incidents
	case FieldSummaryOther:
		return &s.Summary.Other
	}
	if k, ok := f.Segment(); ok && int(k) < len(s.Segments) {
		return &s.Segments[k].Notes
	}
	return nil
}

// Check applies the rules of f to a new value beyond those of every
// correction (CorrectionInput.Validate): a title of 1 to 60 characters, an
// instructor's name.
func (f CorrectionField) Check(v string) error {
	switch f {
	case FieldTitle:
		return CheckText("title", v, 1, 60)
	case FieldInstructor:
		return CheckName("instructor", v)
	}
	return nil
}
