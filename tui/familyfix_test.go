package tui

import (
	"context"
	"strings"
	"testing"

	"carekiosk/demo"
	"carekiosk/model"
	"carekiosk/store"
)

// attendedChild finds a family of one child and one caregiver whose child
// attended sessions and whose name no other child has.
func attendedChild(t *testing.T, st *store.Store) (model.Family, []model.Attendance) {
	t.Helper()
	ctx := context.Background()
	var names []string
	if err := st.View(ctx, func(v *store.Snapshot) error {
		return v.EachChild(model.Date{}, model.Date{}, func(c model.Child) error {
			names = append(names, c.Name)
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		fams, err := st.FindFamilies(ctx, model.FamilyQuery{ChildName: n})
		if err != nil || len(fams) != 1 || len(fams[0].Children) != 1 || len(fams[0].Caregivers) != 1 || fams[0].Children[0].Name != n {
			continue
		}
		att, err := st.Attendance(ctx, fams[0].Children[0].ID)
		if err == nil && len(att) >= 2 {
			return fams[0], att
		}
	}
	t.Fatal("no family with a child of its own name who came twice")
	return model.Family{}, nil
}

// openFamily goes to the families screen and opens the family of child.
func openFamily(k *kiosk, child string) {
	k.keys("f")
	k.waitFor("家庭名单需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("手机后4位 / 手机号")
	k.keys(child, "enter")
	k.waitFor("> " + child + " ")
	k.keys("enter")
	k.waitFor("家庭卡号", "e 更正/合并/拆分")
}

// fixFamily opens the correction (with the PIN) from the family's page.
func fixFamily(k *kiosk) {
	k.keys("e")
	k.waitFor("更正家庭信息需要指导员 PIN")
	k.keys(demo.PIN, "enter")
	k.waitFor("更正家庭信息（每项更正都记录原因、时间和更正人）")
}

// TestFamilyCorrectionsFromScreen: on the families screen, behind the PIN,
// the instructor corrects a child's birth date (the 月龄 of its earlier
// sign-ins follow), its name, a caregiver's relation, name and phone, each
// with a reason; merges another family into it by card code; splits it again.
// The family's page lists every correction; no sign-in is lost.
func TestFamilyCorrectionsFromScreen(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	ctx := context.Background()
	fam, att := attendedChild(t, st)
	kid := fam.Children[0]
	total := allSignIns(t, st)
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession)
	openFamily(k, kid.Name)

	// The birth date: a month and a day earlier, so every age is one more.
	birth := kid.BirthDate
	if birth.IsZero() {
		birth = kid.BirthMonth
	}
	birth = birth.AddMonths(-1).AddDays(-1)
	fixFamily(k)
	k.keys("down", "enter")
	k.waitFor("改为")
	k.keys(birth.String(), "enter")
	k.waitFor("原因")
	k.keys("enter")
	k.waitFor("请写明更正的原因")
	k.keys("出生证明", "enter")
	k.waitFor("已更正出生日期", "更正记录", "出生证明")
	after, err := st.Attendance(ctx, kid.ID)
	if err != nil || len(after) != len(att) {
		t.Fatalf("attendance after %v %v", after, err)
	}
	for i := range att {
		if after[i].SignIn.AgeMonths != att[i].SignIn.AgeMonths+1 {
			t.Errorf("%s: %d月龄, was %d", after[i].Date, after[i].SignIn.AgeMonths, att[i].SignIn.AgeMonths)
		}
	}

	// The name, and the caregiver's relation (left/right chooses it).
	fixFamily(k)
	k.keys("enter", "ctrl+u", "欧阳晓明", "enter", "家长说写错了", "enter")
	k.waitFor("已更正儿童姓名", "欧阳晓明")
	fixFamily(k)
	k.keys("down", "down", "down", "enter")
	k.waitFor("◀")
	rel := fam.Caregivers[0].Relation
	k.keys("right", "enter", "是外婆带来的", "enter")
	k.waitFor("已更正养育人与儿童关系")
	// The caregiver's name and phone (a number of no other family).
	fixFamily(k)
	k.keys("down", "down", "enter", "ctrl+u", "王桂兰", "enter", "身份证上的名字", "enter")
	k.waitFor("已更正养育人姓名")
	fixFamily(k)
	k.keys("down", "down", "down", "down", "enter", "ctrl+u", "199 0000 1234", "enter", "换了号码", "enter")
	k.waitFor("已更正联系电话")
	got, _ := st.Family(ctx, fam.ID)
	if got.Children[0].Name != "欧阳晓明" || got.Caregivers[0].Relation == rel || got.Caregivers[0].Name != "王桂兰" || got.Caregivers[0].Phone != "19900001234" {
		t.Errorf("family after: %+v", got)
	}

	// Another family is this one: merged by its card code.
	other, err := st.FindFamilies(ctx, model.FamilyQuery{PhoneLast4: otherLast4(t, st, fam)})
	if err != nil || len(other) == 0 {
		t.Fatal(err)
	}
	fixFamily(k)
	for range 5 {
		k.keys("down")
	}
	k.keys("enter")
	k.waitFor("卡号")
	k.keys(other[0].CardCode, "enter", "同一家人", "enter")
	k.waitFor("已合并两个家庭")
	merged, _ := st.Family(ctx, fam.ID)
	if len(merged.Children) != 1+len(other[0].Children) {
		t.Fatalf("merged family %+v", merged)
	}
	if n := allSignIns(t, st); n != total {
		t.Errorf("%d sign-ins after the merge, were %d", n, total)
	}

	// And split again: the other family's first child and caregiver move.
	fixFamily(k)
	for range 20 { // the last item is the split
		k.keys("down")
	}
	k.keys("enter")
	k.waitFor("空格选出要分到新家庭的人")
	k.keys("down", "space")
	for range len(merged.Children) - 1 {
		k.keys("down")
	}
	k.keys("down", "space", "enter", "合并错了", "enter")
	k.waitFor("已拆分为两个家庭")
	split, _ := st.Family(ctx, fam.ID)
	if len(split.Children) != len(merged.Children)-1 || len(split.Caregivers) != len(merged.Caregivers)-1 {
		t.Errorf("after the split %d children %d caregivers", len(split.Children), len(split.Caregivers))
	}
	if n := allSignIns(t, st); n != total {
		t.Errorf("%d sign-ins after the split, were %d", n, total)
	}
	list, err := st.FamilyCorrections(ctx, fam.ID)
	if err != nil || len(list) != 7 {
		t.Errorf("%d corrections kept (%v)", len(list), err)
	}
	v := k.waitFor("更正记录（最新在前）", "拆分家庭")
	if strings.Index(v, "拆分家庭") > strings.Index(v, "联系电话：") {
		t.Errorf("the newest correction is not first:\n%s", v)
	}
}

// allSignIns counts every sign-in of the station.
func allSignIns(t *testing.T, st *store.Store) int {
	t.Helper()
	n := 0
	if err := st.View(context.Background(), func(v *store.Snapshot) error {
		return v.EachSignInInRange(model.Date{}, model.Date{}, false, func(model.SignIn) error { n++; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// otherLast4 returns the last four phone digits of another family that
// they alone have.
func otherLast4(t *testing.T, st *store.Store, not model.Family) string {
	t.Helper()
	ctx := context.Background()
	for _, d := range []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		for _, e := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
			q := "00" + d + e
			for _, x := range []string{q, "1" + q[1:], "2" + q[1:], "5" + q[1:]} {
				fams, err := st.FindFamilies(ctx, model.FamilyQuery{PhoneLast4: x})
				if err == nil && len(fams) == 1 && fams[0].ID != not.ID && len(fams[0].Caregivers) == 1 && len(fams[0].Children) == 1 {
					return x
				}
			}
		}
	}
	t.Fatal("no other family")
	return ""
}
