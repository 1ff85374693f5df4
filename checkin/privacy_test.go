package checkin

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestStrangerWithKnownNumberLearnsNothing: a stranger scans the QR code and
// submits the new-family form with another family's phone number. Nothing
// is filed under that family: the stranger's child becomes a new family
// marked as a possible duplicate for the instructor, and neither the answer
// nor the stranger's next scan shows anything the stranger did not type.
func TestStrangerWithKnownNumberLearnsNothing(t *testing.T) {
	e := newEnv(t, Options{})
	ctx := context.Background()
	victim := e.phone()
	v := fullForm(victim.scan(e.sess.ID))
	v.Set("name1", "李宇轩")
	v.Set("name2", "李锦程")
	v.Set("birth2", "2026-03-10")
	if code, body := victim.post("/f", v); code != http.StatusOK {
		t.Fatalf("the family's own sign-in: %d\n%s", code, excerpt(body))
	}
	victimFam := e.signIns(e.sess.ID)[0].FamilyID

	stranger := e.phone()
	v = fullForm(stranger.scan(e.sess.ID))
	v.Set("name1", "张三")
	v.Set("phone", "13812345678") // the victim's number
	v.Set("rel", "奶奶")
	code, body := stranger.post("/f", v)
	if code != http.StatusOK {
		t.Fatalf("stranger's submission: %d\n%s", code, excerpt(body))
	}
	for _, leak := range []string{"李", "*"} {
		if strings.Contains(excerpt(body), leak) {
			t.Fatalf("the answer to the stranger shows %q:\n%s", leak, excerpt(body))
		}
	}
	sis := e.signIns(e.sess.ID)
	if len(sis) != 3 || sis[2].ChildName != "张三" || sis[2].FamilyID == victimFam {
		t.Fatalf("the stranger's child was filed under the family of the number: %+v", sis)
	}
	fam, err := e.st.Family(ctx, victimFam)
	if err != nil {
		t.Fatal(err)
	}
	if len(fam.Children) != 2 || len(fam.Caregivers) != 1 {
		t.Fatalf("the family of the number changed: %+v", fam)
	}
	dup, err := e.st.Family(ctx, sis[2].FamilyID)
	if err != nil {
		t.Fatal(err)
	}
	if dup.DuplicateOf != victimFam {
		t.Fatalf("the new family is not marked as a possible duplicate of the family with that number: %+v", dup)
	}

	// The stranger's next scan shows only the child the stranger typed.
	next := e.newSession("回应性照护", band1318(), true)
	page := stranger.scan(next.ID)
	if !strings.Contains(page, "张三") || strings.Contains(page, "李") || strings.Contains(page, "*明") {
		t.Fatalf("the stranger's next scan:\n%s", excerpt(page))
	}
	// The family's own phone is unaffected.
	if page := victim.scan(next.ID); !strings.Contains(page, "李宇轩") || strings.Contains(page, "张三") {
		t.Fatalf("the family's own phone:\n%s", excerpt(page))
	}
}
