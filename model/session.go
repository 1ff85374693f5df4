package model

import (
	"strings"
	"time"
)

// SessionState is where a session is in its life.
type SessionState string

// The states of a session, in order. A closed session changes only through
// corrections.
const (
	StatePlanned SessionState = "planned" // created, families cannot sign in yet
	StateOpen    SessionState = "open"    // open for check-in
	StateRunning SessionState = "running" // the segments are under way; late arrivals may still sign in
	StateClosed  SessionState = "closed"  // summary written, record final
)

// Label renders the state for a screen.
func (s SessionState) Label(lang Lang) string {
	zh := map[SessionState]string{StatePlanned: "计划中", StateOpen: "签到中", StateRunning: "进行中", StateClosed: "已结束"}
	en := map[SessionState]string{StatePlanned: "planned", StateOpen: "check-in", StateRunning: "running", StateClosed: "closed"}
	if lang.English() {
		return en[s]
	}
	return zh[s]
}

// AcceptsSignIns reports whether families may sign in in this state.
func (s SessionState) AcceptsSignIns() bool { return s == StateOpen || s == StateRunning }

// NextState returns the state a session moves to from s, and whether s may move on.
func (s SessionState) NextState() (SessionState, bool) {
	switch s {
	case StatePlanned:
		return StateOpen, true
	case StateOpen:
		return StateRunning, true
	case StateRunning:
		return StateClosed, true
	}
	return s, false
}

// ContentArea is one of the five areas every session draws on.
type ContentArea string

// The five content areas.
const (
	AreaNutrition     ContentArea = "nutrition"
	AreaHygiene       ContentArea = "hygiene"
	AreaResponsive    ContentArea = "responsive"
	AreaSafety        ContentArea = "safety"
	AreaEarlyLearning ContentArea = "learning"
)

// ContentAreas lists the five areas in the order of the county plan.
var ContentAreas = []ContentArea{AreaNutrition, AreaHygiene, AreaResponsive, AreaSafety, AreaEarlyLearning}

// areaLabels holds each area's name in Chinese and in English.
var areaLabels = map[ContentArea][2]string{
	AreaNutrition:     {"营养", "nutrition"},
	AreaHygiene:       {"卫生与健康", "hygiene & health"},
	AreaResponsive:    {"回应性照护", "responsive caregiving"},
	AreaSafety:        {"安全与保护", "safety & protection"},
	AreaEarlyLearning: {"早期学习和探索", "early learning & exploration"},
}

// Label renders the area ("" for an unknown one).
func (a ContentArea) Label(lang Lang) string {
	if lang.English() {
		return areaLabels[a][1]
	}
	return areaLabels[a][0]
}

// Valid reports whether a is one of the five areas.
func (a ContentArea) Valid() bool {
	for _, x := range ContentAreas {
		if x == a {
			return true
		}
	}
	return false
}

// SegmentKind is one of the four parts of a session, in order.
type SegmentKind int

// The four segments.
const (
	SegIntroductions       SegmentKind = iota // 自我介绍
	SegHealthEducation                        // 健康宣教
	SegParentingSharing                       // 育儿分享
	SegParentChildActivity                    // 亲子活动
)

// SegmentKinds lists the four segments in the order they are held.
var SegmentKinds = []SegmentKind{SegIntroductions, SegHealthEducation, SegParentingSharing, SegParentChildActivity}

// Label renders the segment name.
func (k SegmentKind) Label(lang Lang) string {
	zh := []string{"自我介绍", "健康宣教", "育儿分享", "亲子活动"}
	en := []string{"Introductions", "Health education", "Parenting sharing", "Parent-child activity"}
	if k < 0 || int(k) >= len(zh) {
		return ""
	}
	if lang.English() {
		return en[k]
	}
	return zh[k]
}

// FormLabel names the segment as 附件4 (活动记录表) heads its column:
// 健康教育, 育儿分享, 亲子互动; the introductions, which have no column of
// their own on the form (they are written in 活动标题's), 自我介绍.
func (k SegmentKind) FormLabel(lang Lang) string {
	zh := []string{"自我介绍", "健康教育", "育儿分享", "亲子互动"}
	en := []string{"Introductions", "Health education", "Parenting sharing", "Parent-child activity"}
	if k < 0 || int(k) >= len(zh) {
		return ""
	}
	return lang.Pick(zh[k], en[k])
}

// RecordColumns are the four columns under 活动内容 on 附件4 (活动记录表),
// in lang: 活动标题, then the form labels of the three segments after the
// introductions.
func RecordColumns(lang Lang) []string {
	out := []string{lang.Pick("活动标题", "Title")}
	for _, k := range SegmentKinds[SegHealthEducation:] {
		out = append(out, k.FormLabel(lang))
	}
	return out
}

// Segment is one part of a session with what was planned and what happened.
type Segment struct {
	Kind           SegmentKind
	Planned        string // planned content
	PlannedMinutes int
	Notes          string
	StartedAt      time.Time // zero until started
	EndedAt        time.Time // zero until ended
}

// ActualMinutes returns the minutes the segment ran, rounded, counting up to
// now while it is running.
func (s Segment) ActualMinutes(now time.Time) int {
	if s.StartedAt.IsZero() {
		return 0
	}
	end := s.EndedAt
	if end.IsZero() {
		end = now
	}
	return int(end.Sub(s.StartedAt).Round(time.Minute) / time.Minute)
}

// Summary is the 活动总结 of a session.
type Summary struct {
	Handover    string // 本次活动衔接情况
	Cooperation string // 家长孩子配合情况
	Incidents   string // 突发事件处理情况
	Other       string // 其他需要记录的细节
}

// IsEmpty reports whether nothing has been written.
func (s Summary) IsEmpty() bool {
	return strings.TrimSpace(s.Handover+s.Cooperation+s.Incidents+s.Other) == ""
}

// Text joins the summary into the one cell of the activity record.
func (s Summary) Text(lang Lang) string {
	labels := []string{"衔接情况：", "家长孩子配合情况：", "突发事件处理：", "其他："}
	if lang.English() {
		labels = []string{"Hand-over: ", "Cooperation: ", "Incidents: ", "Other: "}
	}
	var parts []string
	for i, v := range []string{s.Handover, s.Cooperation, s.Incidents, s.Other} {
		if strings.TrimSpace(v) != "" {
			parts = append(parts, labels[i]+strings.TrimSpace(v))
		}
	}
	return strings.Join(parts, "\n")
}

// Session is one care group session (养育照护小组活动).
type Session struct {
	ID         string
	Date       Date
	StationID  string
	Station    string // the location name, as recorded
	UnitID     string
	Unit       string // the unit name, as recorded
	Band       AgeBand
	Title      string
	Instructor string
	Areas      []ContentArea
	Segments   [4]Segment
	Summary    Summary
	State      SessionState
	CreatedAt  time.Time
	OpenedAt   time.Time
	ClosedAt   time.Time
	// Revision counts changes after closing; 1 for a session never corrected.
	Revision int
	// Origin is OriginKiosk for a session held on the kiosk, OriginImported
	// or OriginBackfill for one that began on paper; CreatedAt is then when
	// it was entered.
	Origin string
	// Voided marks a session opened by mistake and voided by a correction
	// (FieldVoid): it is kept and its forms say 已作废, but the statistics
	// table and the quota leave it out.
	Voided bool
}

// StateLabel names the session's state for a screen: 已作废 for a voided
// session, else its state.
func (s Session) StateLabel(lang Lang) string {
	if s.Voided {
		return lang.Pick("已作废", "void")
	}
	return s.State.Label(lang)
}

// OriginLabel is the mark the forms and the bundle give a session that
// began on paper: 纸质补录 or 纸质记录导入; "" for one held on the kiosk.
func (s Session) OriginLabel() string {
	switch s.Origin {
	case OriginBackfill:
		return "纸质补录"
	case OriginImported:
		return "纸质记录导入"
	}
	return ""
}

// NewSessionInput is what an instructor enters to plan a session.
type NewSessionInput struct {
	Date       Date
	StationID  string
	Band       AgeBand
	Title      string
	Instructor string
	Areas      []ContentArea
	// Planned content of the segments, indexed by SegmentKind.
	Planned [4]string
}

// Validate checks a new session.
func (in NewSessionInput) Validate(bands []AgeBand) error {
	if in.Date.IsZero() {
		return FieldErrorf("date", "请填写活动日期", "the session date is required")
	}
	if in.StationID == "" {
		return FieldErrorf("station", "请先在设置中选择活动地点", "choose the station in the settings first")
	}
	if err := in.Band.Validate(); err != nil {
		return err
	}
	if len(bands) > 0 {
		found := false
		for _, b := range bands {
			found = found || b == in.Band
		}
		if !found {
			return FieldErrorf("band", "月龄段 %s 不在设置的月龄段列表中", "age band %s is not one of the configured bands", in.Band)
		}
	}
	if err := CheckText("title", in.Title, 1, 60); err != nil {
		return err
	}
	if err := CheckName("instructor", in.Instructor); err != nil {
		return err
	}
	for _, a := range in.Areas {
		if !a.Valid() {
			return FieldErrorf("areas", "未知的活动内容方面：%s", "unknown content area: %s", string(a))
		}
	}
	for _, p := range in.Planned {
		if err := CheckText("planned", p, 0, 500); err != nil {
			return err
		}
	}
	return nil
}

// Correction is a change to a closed session, kept forever.
type Correction struct {
	ID        string
	SessionID string
	Who       string
	At        time.Time
	Field     CorrectionField
	OldValue  string
	NewValue  string
	Reason    string
	// Revision is the session revision this correction produced.
	Revision int
}

// CorrectionInput is what a person enters to correct a closed session.
type CorrectionInput struct {
	SessionID string
	Who       string
	Field     CorrectionField
	NewValue  string
	Reason    string
}

// Validate checks a correction request.
func (c CorrectionInput) Validate() error {
	if err := CheckName("who", c.Who); err != nil {
		return err
	}
	if strings.TrimSpace(c.Reason) == "" {
		return FieldErrorf("reason", "更正必须写明原因", "a correction needs a reason")
	}
	if err := CheckText("reason", c.Reason, 1, 200); err != nil {
		return err
	}
	return CheckText("value", c.NewValue, 0, 2000)
}
