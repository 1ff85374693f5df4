package model

import "time"

// Anonymised is what the forms, the CSV and the bundle show where a name
// was once a family's data has been erased on request or anonymised after
// the retention.
const Anonymised = "已匿名"

// ErasureKind says why a family's personal data was erased.
type ErasureKind string

// The kinds of erasure.
const (
	// ErasureRequest: the family asked, at the kiosk, with the PIN.
	ErasureRequest ErasureKind = "request"
	// ErasureRetention: the retention after the family's last visit ran out.
	ErasureRetention ErasureKind = "retention"
)

// EraseInput asks to erase one family's personal data at its request:
// names, phone numbers, birth dates and signatures go; each session's
// counts and age distribution stay. Who is the instructor doing it.
type EraseInput struct {
	FamilyID string
	Who      string
	// WithdrawConsent records that the family also withdrew its consent.
	WithdrawConsent bool
}

// Validate checks an erasure request.
func (in EraseInput) Validate() error {
	if in.FamilyID == "" {
		return FieldErrorf("family", "请选择要删除信息的家庭", "choose the family to erase")
	}
	return CheckName("who", in.Who)
}

// Erasure is the record of one family's erasure. It holds no personal
// data: ids, the kind, when and by whom, so it can travel to the county,
// which erases its copy too.
type Erasure struct {
	ID               string
	FamilyID         string
	ChildIDs         []string
	CaregiverIDs     []string
	Kind             ErasureKind
	At               time.Time
	Who              string
	ConsentWithdrawn bool
}
