package model

import (
	"fmt"
	"strconv"
	"strings"
)

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
	// FieldDate is the session's date (YYYY-MM-DD); the sign-ins' 月龄 are
	// recomputed for the new date.
	FieldDate CorrectionField = "date"
	// FieldBand is the session's age band (活动月龄), stored as "7-9".
	FieldBand CorrectionField = "band"
	// FieldAreas is the session's content areas, stored as their codes
	// joined by commas ("nutrition,safety").
	FieldAreas CorrectionField = "areas"
	// FieldSegmentPlanned is the prefix of a segment's planned content:
	// segment.planned.0 to segment.planned.3 (see SegmentPlannedField).
	FieldSegmentPlanned CorrectionField = "segment.planned."
	// FieldVoid voids a session opened by mistake: VoidValue when voided, ""
	// when not. It is not offered in the correction form (the void screen
	// sets it) and takes no other value.
	FieldVoid CorrectionField = "void"
)

// VoidValue is the value of FieldVoid for a voided session.
const VoidValue = "voided"

// SegmentNotesField is the correction field of segment k's notes.
func SegmentNotesField(k SegmentKind) CorrectionField {
	return FieldSegmentNotes + CorrectionField(strconv.Itoa(int(k)))
}

// SegmentPlannedField is the correction field of segment k's planned
// content.
func SegmentPlannedField(k SegmentKind) CorrectionField {
	return FieldSegmentPlanned + CorrectionField(strconv.Itoa(int(k)))
}

// CorrectionFields lists every field the correction form offers, in its
// order.
var CorrectionFields = []CorrectionField{FieldTitle, FieldInstructor, FieldDate, FieldBand, FieldAreas,
	SegmentPlannedField(SegIntroductions), SegmentPlannedField(SegHealthEducation),
	SegmentPlannedField(SegParentingSharing), SegmentPlannedField(SegParentChildActivity),
	FieldSummaryHandover, FieldSummaryCooperation,
	FieldSummaryIncidents, FieldSummaryOther, SegmentNotesField(SegIntroductions), SegmentNotesField(SegHealthEducation),
	SegmentNotesField(SegParentingSharing), SegmentNotesField(SegParentChildActivity)}

// Segment returns the segment whose notes f names, and false when f is not a
// segment's notes.
func (f CorrectionField) Segment() (SegmentKind, bool) { return f.segmentOf(FieldSegmentNotes) }

// PlannedSegment returns the segment whose planned content f names, and
// false when f is not a segment's planned content.
func (f CorrectionField) PlannedSegment() (SegmentKind, bool) {
	return f.segmentOf(FieldSegmentPlanned)
}

func (f CorrectionField) segmentOf(prefix CorrectionField) (SegmentKind, bool) {
	p := len(prefix)
	if len(f) != p+1 || f[:p] != prefix || f[p] < '0' || f[p] >= '0'+byte(len(SegmentKinds)) {
		return 0, false
	}
	return SegmentKind(f[p] - '0'), true
}

// Valid reports whether f is one of CorrectionFields or FieldVoid.
func (f CorrectionField) Valid() bool {
	if f == FieldVoid {
		return true
	}
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
	case FieldDate:
		return lang.Pick("活动日期", "date")
	case FieldBand:
		return lang.Pick("活动月龄", "age band")
	case FieldAreas:
		return lang.Pick("活动内容方面", "content areas")
	case FieldVoid:
		return lang.Pick("作废", "void")
	}
	if p, ok := summaryParts[f]; ok {
		return lang.Pick(p[0], p[1])
	}
	if k, ok := f.Segment(); ok {
		return k.Label(lang) + lang.Pick("记录", " notes")
	}
	if k, ok := f.PlannedSegment(); ok {
		return k.Label(lang) + lang.Pick("计划内容", " planned content")
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

// Value reads f from s as it is stored; "" for an unknown field.
func (f CorrectionField) Value(s *Session) string {
	switch f {
	case FieldDate:
		if s.Date.IsZero() {
			return ""
		}
		return s.Date.String()
	case FieldBand:
		if s.Band.IsZero() {
			return ""
		}
		return fmt.Sprintf("%d-%d", s.Band.Min, s.Band.Max)
	case FieldAreas:
		return JoinAreas(s.Areas)
	case FieldVoid:
		if s.Voided {
			return VoidValue
		}
		return ""
	}
	if p := f.ptr(s); p != nil {
		return *p
	}
	return ""
}

// Set writes v, a stored value, into f of s (in memory only); an unknown
// field, or a value f cannot hold, is ignored.
func (f CorrectionField) Set(s *Session, v string) {
	switch f {
	case FieldDate:
		if d, err := ParseDate(v); err == nil {
			s.Date = d
		}
		return
	case FieldBand:
		if b, err := ParseAgeBand(v); err == nil {
			s.Band = b
		}
		return
	case FieldAreas:
		if a, err := ParseAreas(v); err == nil {
			s.Areas = a
		}
		return
	case FieldVoid:
		s.Voided = v == VoidValue
		return
	}
	if p := f.ptr(s); p != nil {
		*p = v
	}
}

// Display renders a stored value of f for a person: an age band as
// 7-9月龄, content areas by their names, a void as 已作废 / 有效.
func (f CorrectionField) Display(v string, lang Lang) string {
	switch f {
	case FieldBand:
		if b, err := ParseAgeBand(v); err == nil {
			return b.Label(lang)
		}
	case FieldAreas:
		if a, err := ParseAreas(v); err == nil {
			return AreasLabel(a, lang)
		}
	case FieldVoid:
		if v == VoidValue {
			return lang.Pick("已作废", "void")
		}
		return lang.Pick("有效", "valid")
	}
	return v
}

// Normalize turns what a person typed for f into its stored value: a date
// as YYYY-MM-DD, a band as 7-9, areas (names in either language, or
// codes, separated by 、 or commas) as codes. Other fields are kept as
// typed. A value f cannot hold is an error.
func (f CorrectionField) Normalize(v string) (string, error) {
	switch f {
	case FieldDate:
		d, err := ParseDate(strings.TrimSpace(v))
		if err != nil {
			return "", FieldErrorf("value", "日期格式应为 2026-11-20：%q", "a date is written 2026-11-20: %q", v)
		}
		return d.String(), nil
	case FieldBand:
		b, err := ParseAgeBand(v)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d-%d", b.Min, b.Max), nil
	case FieldAreas:
		a, err := ParseAreas(v)
		if err != nil {
			return "", err
		}
		return JoinAreas(a), nil
	case FieldVoid:
		if v != VoidValue && v != "" {
			return "", FieldErrorf("value", "作废只能通过作废功能进行", "a session is voided only through void")
		}
	}
	return v, nil
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
	if k, ok := f.PlannedSegment(); ok && int(k) < len(s.Segments) {
		return &s.Segments[k].Planned
	}
	return nil
}

// Check applies the rules of f to a new stored value beyond those of every
// correction (CorrectionInput.Validate): a title of 1 to 60 characters, an
// instructor's name, a date, a valid band, known areas, planned content of
// at most 500 characters. Whether the band is one of the configured ones
// and the date not in the future is the store's to check.
func (f CorrectionField) Check(v string) error {
	switch f {
	case FieldTitle:
		return CheckText("title", v, 1, 60)
	case FieldInstructor:
		return CheckName("instructor", v)
	case FieldDate, FieldBand, FieldAreas, FieldVoid:
		n, err := f.Normalize(v)
		if err == nil && n != v {
			err = FieldErrorf("value", "%s的值不规范：%q", "%s is not in its stored form: %q", f.Label(LangZH), v)
		}
		return err
	}
	if _, ok := f.PlannedSegment(); ok {
		return CheckText("planned", v, 0, 500)
	}
	return nil
}

// ParseAreas reads content areas typed by a person or stored: their names
// in Chinese or English, or their codes, separated by 、 ， , ; or new
// lines; "" is no area. An unknown name is an error; each area counts once,
// in the order of ContentAreas.
func ParseAreas(v string) ([]ContentArea, error) {
	seen := map[ContentArea]bool{}
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune("、，,;；\n", r) }) {
		p := strings.TrimSpace(part)
		if p == "" {
			continue
		}
		found := false
		for _, a := range ContentAreas {
			if strings.EqualFold(p, string(a)) || p == a.Label(LangZH) || strings.EqualFold(p, a.Label(LangEN)) {
				seen[a], found = true, true
			}
		}
		if !found {
			return nil, FieldErrorf("areas", "未知的活动内容方面：%s（可选：营养、卫生与健康、回应性照护、安全与保护、早期学习和探索）",
				"unknown content area: %s (nutrition, hygiene & health, responsive caregiving, safety & protection, early learning & exploration)", p)
		}
	}
	var out []ContentArea
	for _, a := range ContentAreas {
		if seen[a] {
			out = append(out, a)
		}
	}
	return out, nil
}

// JoinAreas is the stored form of content areas: their codes joined by
// commas.
func JoinAreas(a []ContentArea) string {
	parts := make([]string, len(a))
	for i, x := range a {
		parts[i] = string(x)
	}
	return strings.Join(parts, ",")
}

// AreasLabel names content areas for a person, joined by 、 (or ", ").
func AreasLabel(a []ContentArea, lang Lang) string {
	parts := make([]string, len(a))
	for i, x := range a {
		parts[i] = x.Label(lang)
	}
	return strings.Join(parts, lang.Pick("、", ", "))
}
