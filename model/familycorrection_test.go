package model

import (
	"strings"
	"testing"
	"time"
)

// TestFamilyCorrectionInput: each kind normalises its new value the way
// sign-ins store it, and refuses what a sign-in would refuse.
func TestFamilyCorrectionInput(t *testing.T) {
	ok := func(kind FamilyCorrectionKind, v, want string) {
		t.Helper()
		in := FamilyCorrectionInput{FamilyID: "f", TargetID: "c", Kind: kind, NewValue: v, Who: "陈医生", Reason: "写错了"}
		if err := in.Validate(); err != nil || in.NewValue != want {
			t.Errorf("%s %q: %q %v", kind, v, in.NewValue, err)
		}
	}
	ok(FixChildName, " 李  小明 ", "李小明")
	ok(FixChildBirth, " 2025-03-08 ", "2025-03-08")
	ok(FixCaregiverPhone, "＋86 138-1234-5678", "13812345678")
	ok(FixCaregiverRelation, "外婆", "外婆")
	bad := []FamilyCorrectionInput{
		{FamilyID: "f", TargetID: "c", Kind: FixChildName, NewValue: "！！", Who: "陈医生", Reason: "r"},
		{FamilyID: "f", TargetID: "c", Kind: FixChildBirth, NewValue: "明天", Who: "陈医生", Reason: "r"},
		{FamilyID: "f", TargetID: "c", Kind: FixCaregiverRelation, NewValue: "阿姨", Who: "陈医生", Reason: "r"},
		{FamilyID: "f", TargetID: "c", Kind: FixCaregiverPhone, NewValue: "1234", Who: "陈医生", Reason: "r"},
		{FamilyID: "f", TargetID: "c", Kind: FixChildName, NewValue: "李明", Who: "陈医生", Reason: "  "},
		{FamilyID: "f", TargetID: "c", Kind: FixMerge, NewValue: "李明", Who: "陈医生", Reason: "r"},
	}
	for _, in := range bad {
		if err := in.Validate(); ErrorCode(err) != EINVALID {
			t.Errorf("%+v accepted (%v)", in, err)
		}
	}
}

// TestSplitInput: a split moves at least one child and one caregiver and
// leaves at least one of each; ids of another family are refused.
func TestSplitInput(t *testing.T) {
	f := Family{ID: "f", Children: []Child{{ID: "a"}, {ID: "b"}}, Caregivers: []Caregiver{{ID: "m"}, {ID: "d"}}}
	in := SplitInput{FamilyID: "f", ChildIDs: []string{"b", "b"}, CaregiverIDs: []string{"d"}, Who: "陈医生", Reason: "两家人"}
	if err := in.Validate(f); err != nil || len(in.ChildIDs) != 1 {
		t.Fatalf("%v %+v", err, in)
	}
	for _, bad := range []SplitInput{
		{FamilyID: "f", ChildIDs: []string{"a", "b"}, CaregiverIDs: []string{"d"}, Who: "陈医生", Reason: "r"},
		{FamilyID: "f", ChildIDs: []string{"b"}, CaregiverIDs: nil, Who: "陈医生", Reason: "r"},
		{FamilyID: "f", ChildIDs: []string{"x"}, CaregiverIDs: []string{"d"}, Who: "陈医生", Reason: "r"},
		{FamilyID: "f", ChildIDs: []string{"b"}, CaregiverIDs: []string{"d"}, Who: "陈医生"},
	} {
		if err := bad.Validate(f); ErrorCode(err) != EINVALID {
			t.Errorf("%+v accepted (%v)", bad, err)
		}
	}
}

// TestFamilyCorrectionFormNote: the forms' note names the 序号, the old
// and new value, who, the day in the station's zone and the reason.
func TestFamilyCorrectionFormNote(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	c := FamilyCorrection{Kind: FixChildBirth, Who: "陈医生", At: time.Date(2026, 11, 29, 17, 0, 0, 0, time.UTC), Reason: "出生证明"}
	got := c.FormNote(CorrectionFollow{Seq: 3, OldValue: "14", NewValue: "13"}, loc)
	for _, want := range []string{"序号 3", "“14月龄”", "“13月龄”", "陈医生", "2026-11-30", "出生证明"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
}
