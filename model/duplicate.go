package model

import "strings"

// DuplicateDecision is what the instructor decides about a family marked
// 可能重复 (see Family.DuplicateOf).
type DuplicateDecision string

// The two decisions.
const (
	// DecideMerge moves the marked family's children, caregivers and
	// sign-ins into the family it duplicates.
	DecideMerge DuplicateDecision = "merge"
	// DecideApart keeps the two families apart and clears the mark.
	DecideApart DuplicateDecision = "apart"
)

// DuplicateInput asks to merge a family marked 可能重复 into the family it
// may be, or to keep the two apart. Who and Reason are kept forever.
type DuplicateInput struct {
	FamilyID string // the family marked 可能重复
	Decision DuplicateDecision
	Who      string
	Reason   string
}

// Validate checks a decision on a possible duplicate.
func (in *DuplicateInput) Validate() error {
	in.Who, in.Reason = strings.TrimSpace(in.Who), strings.TrimSpace(in.Reason)
	if in.FamilyID == "" {
		return FieldErrorf("family", "请选择要处理的家庭", "choose the family to decide on")
	}
	if in.Decision != DecideMerge && in.Decision != DecideApart {
		return FieldErrorf("decision", "请选择合并或分开", "choose merge or keep apart")
	}
	if err := CheckName("who", in.Who); err != nil {
		return err
	}
	if in.Reason == "" {
		return FieldErrorf("reason", "合并或分开家庭必须写明原因", "merging or keeping families apart needs a reason")
	}
	return CheckText("reason", in.Reason, 1, 200)
}

// PossibleDuplicate is a family marked 可能重复 beside the family it may be,
// for the instructor (behind the PIN) to compare.
type PossibleDuplicate struct {
	Family Family // the new family, marked
	Of     Family // the family that already had the phone number
}
