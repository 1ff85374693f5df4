package model

import (
	"context"
	"strings"
	"sync"
	"time"
)

// Settings are the installation's choices, edited behind the PIN.
type Settings struct {
	County    string // county name in form titles, e.g. 青田县
	UnitID    string // the unit this kiosk reports for
	StationID string // where this kiosk stands
	Lang      Lang   // LangZH (default) or LangEN
	Zone      string // IANA zone of the station, default Asia/Shanghai
	Bands     []AgeBand
	PINHash   string
	// Listen is the phone check-in server's address, default ":8080".
	Listen string
	// PublicURL overrides the base URL printed in the QR code.
	PublicURL string
	// StationPhone is where families reach the station about their data;
	// the consent notice names it.
	StationPhone string `json:",omitempty"`
	// RetentionYears is how long a family's personal data is kept after
	// its last visit before it is anonymised; 0 means DefaultRetentionYears.
	RetentionYears int `json:",omitempty"`
}

// DefaultRetentionYears is the retention the consent notice promises when
// the settings name none.
const DefaultRetentionYears = 3

// MaxRetentionYears bounds the retention setting.
const MaxRetentionYears = 30

// Retention returns the retention in years, DefaultRetentionYears when unset.
func (s Settings) Retention() int {
	if s.RetentionYears <= 0 {
		return DefaultRetentionYears
	}
	return s.RetentionYears
}

// DefaultSettings is what a new installation starts with.
func DefaultSettings() Settings {
	return Settings{County: "青田县", Lang: LangZH, Zone: "Asia/Shanghai", Bands: append([]AgeBand(nil), DefaultAgeBands...), Listen: ":8080"}
}

// Location returns the station's time zone, Asia/Shanghai when unset or unknown.
func (s Settings) Location() *time.Location {
	name := s.Zone
	if name == "" {
		name = "Asia/Shanghai"
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	zones.Store(name, loc)
	return loc
}

// zones keeps the zones Location has loaded, by name: loading one reads
// and parses the zone database each time.
var zones sync.Map

// SessionFilter narrows a list of sessions. Zero fields match all.
type SessionFilter struct {
	From, To Date // inclusive
	UnitID   string
	Band     AgeBand
	States   []SessionState
	Limit    int
	// Newest lists newest first; otherwise by date ascending.
	Newest bool
}

// SegmentUpdate changes one segment of a session that is not closed. Nil
// fields are left as they are.
type SegmentUpdate struct {
	Planned        *string
	PlannedMinutes *int
	Notes          *string
	Start          bool // mark started now (restarts a finished one)
	End            bool // mark ended now
}

// FamilyQuery finds families. Exactly one field is normally set.
type FamilyQuery struct {
	PhoneLast4 string
	Phone      string
	ChildName  string // substring of a child's name
	CardCode   string
	Limit      int
}

// Attendance is one session a child attended.
type Attendance struct {
	SignIn  SignIn
	Date    Date
	Title   string
	Band    AgeBand
	Station string
}

// DueChild is a child in the band of an upcoming session who has not come lately.
type DueChild struct {
	Child     Child
	Family    Family
	AgeMonths int
	LastSeen  Date // zero when never
}

// Stats summarises a database for `carekiosk check` and the home screen.
type Stats struct {
	Sessions      int
	Closed        int
	SignIns       int
	Families      int
	Children      int
	Corrections   int
	NewestSession Date
	NewestRecord  time.Time
}

// SessionService plans, runs, closes and corrects sessions.
type SessionService interface {
	CreateSession(ctx context.Context, in NewSessionInput) (*Session, error)
	// UpdatePlannedSession changes what was planned for a session not yet
	// open for check-in; DeletePlannedSession deletes one. A started
	// session is refused (ECONFLICT): it changes only by correction.
	UpdatePlannedSession(ctx context.Context, id string, in NewSessionInput) (*Session, error)
	// WithdrawSignIn takes back a sign-in made by mistake while its session
	// is open or running (kept aside with who, when and why).
	WithdrawSignIn(ctx context.Context, in WithdrawInput) error
	// WithdrawnSignIns lists a session's withdrawn sign-ins by 序号.
	WithdrawnSignIns(ctx context.Context, sessionID string) ([]WithdrawnSignIn, error)
	DeletePlannedSession(ctx context.Context, id string) error
	// OpenPlannedToday opens a planned session for check-in, moving it to
	// today when it was planned for another day.
	OpenPlannedToday(ctx context.Context, id string) (*Session, error)
	Session(ctx context.Context, id string) (*Session, error)
	Sessions(ctx context.Context, f SessionFilter) ([]Session, error)
	// AdvanceSession moves a session to its next state (planned → open →
	// running); closing goes through CloseSession.
	AdvanceSession(ctx context.Context, id string, to SessionState) (*Session, error)
	UpdateSegment(ctx context.Context, id string, kind SegmentKind, u SegmentUpdate) (*Session, error)
	UpdateSummary(ctx context.Context, id string, s Summary) (*Session, error)
	CloseSession(ctx context.Context, id string) (*Session, error)
	Correct(ctx context.Context, in CorrectionInput) (*Correction, error)
	Corrections(ctx context.Context, sessionID string) ([]Correction, error)
}

// SignInService records and lists sign-ins.
type SignInService interface {
	SignIn(ctx context.Context, in SignInInput) (*SignInResult, error)
	SignIns(ctx context.Context, sessionID string) ([]SignIn, error)
	// SignInsAfter lists the sign-ins with a 序号 above afterSeq, without
	// their signature images (a live list shows none).
	SignInsAfter(ctx context.Context, sessionID string, afterSeq int) ([]SignIn, error)
}

// FamilyService finds families and their history.
type FamilyService interface {
	Family(ctx context.Context, id string) (*Family, error)
	FindFamilies(ctx context.Context, q FamilyQuery) ([]Family, error)
	Attendance(ctx context.Context, childID string) ([]Attendance, error)
	FamiliesDue(ctx context.Context, band AgeBand, on Date, notSince Date, limit int) ([]DueChild, error)
}

// UnitService keeps units, stations, instructors and quotas.
type UnitService interface {
	Units(ctx context.Context) ([]Unit, error)
	CreateUnit(ctx context.Context, name string, order int) (*Unit, error)
	Stations(ctx context.Context) ([]Station, error)
	CreateStation(ctx context.Context, name, unitID string) (*Station, error)
	Instructors(ctx context.Context) ([]Instructor, error)
	CreateInstructor(ctx context.Context, name, unitID string) (*Instructor, error)
	SetQuota(ctx context.Context, q Quota) error
	QuotaProgress(ctx context.Context, year int) ([]QuotaProgress, error)
}

// SettingsService loads and saves the installation's settings.
type SettingsService interface {
	Settings(ctx context.Context) (Settings, error)
	SaveSettings(ctx context.Context, s Settings) error
	// SaveSettingsChange stores the settings screen's whole change in one
	// transaction and returns the settings as stored.
	SaveSettingsChange(ctx context.Context, ch SettingsChange) (Settings, error)
}

// Store is everything the kiosk needs from storage.
type Store interface {
	SessionService
	SignInService
	FamilyService
	UnitService
	SettingsService
	Stats(ctx context.Context) (Stats, error)
	Close() error
}

// Validate checks the settings a person entered.
func (s Settings) Validate() error {
	if err := CheckStationPhone(s.StationPhone); err != nil {
		return err
	}
	if s.RetentionYears < 0 || s.RetentionYears > MaxRetentionYears {
		return FieldErrorf("retention", "保存年限须在 1–%d 年之间", "the retention must be 1–%d years", MaxRetentionYears)
	}
	if !s.Lang.Valid() {
		return FieldErrorf("lang", "语言只能是中文或英文", "the language must be zh or en")
	}
	if s.Zone != "" {
		if _, err := time.LoadLocation(s.Zone); err != nil {
			return FieldErrorf("zone", "未知的时区：%s", "unknown time zone: %s", s.Zone)
		}
	}
	if _, err := ValidateAgeBands(s.Bands); err != nil {
		return err
	}
	if s.Listen != "" {
		if _, err := NormalizeListen(s.Listen); err != nil {
			return err
		}
	}
	if _, err := NormalizePublicURL(s.PublicURL); err != nil {
		return err
	}
	return CheckText("county", s.County, 1, 20)
}

// ChangeKind says what a Change is about.
type ChangeKind string

// The kinds of change a store publishes.
const (
	ChangeSignIn  ChangeKind = "signin"  // new sign-ins in a session
	ChangeSession ChangeKind = "session" // a session was created or changed
)

// Change is published by a store after it committed something, so screens
// can update without polling.
type Change struct {
	Kind      ChangeKind
	SessionID string
	// SignIns holds the new sign-ins of a ChangeSignIn.
	SignIns []SignIn
}

// Notifier lets a reader follow committed changes.
type Notifier interface {
	// Subscribe returns a channel of changes and a cancel function.
	Subscribe() (<-chan Change, func())
}

// CheckStationPhone accepts an empty station phone or one of digits, spaces,
// '-' and '+', at most 20 characters (a landline with its area code, a
// mobile number).
func CheckStationPhone(p string) error {
	if len(p) > 20 || strings.Trim(p, "0123456789 -+") != "" {
		return FieldErrorf("station_phone", "站点电话只能包含数字、空格、- 和 +，最多 20 位", "the station phone may hold only digits, spaces, - and +, at most 20")
	}
	return nil
}
