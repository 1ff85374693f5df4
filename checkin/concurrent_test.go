package checkin

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"carekiosk/model"
)

// TestSixtyPhones: 60 families submit at the same moment; each is answered
// once with its own 序号 and stored once.
func TestSixtyPhones(t *testing.T) {
	e := newEnv(t, Options{})
	const n = 60
	phones := make([]*phone, n)
	pages := make([]string, n)
	for i := range phones {
		phones[i] = e.phone()
		pages[i] = phones[i].scan(e.sess.ID)
	}
	changes, cancel := e.st.Subscribe()
	defer cancel()
	before := readWAL(t, e.st.Path())
	start := make(chan struct{})
	type answer struct {
		code int
		seqs [][2]string
	}
	answers := make([]answer, n)
	var wg sync.WaitGroup
	for i := range phones {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			v := fullForm(pages[i])
			v.Set("name1", "孩子"+strings.Repeat("甲", i%5)+string(rune('一'+i)))
			v.Set("phone", fmt.Sprintf("139%08d", i))
			<-start
			code, body := phones[i].post("/f", v)
			answers[i] = answer{code, seqs(body)}
		}(i)
	}
	close(start)
	wg.Wait()
	// Group commit: the 60 sign-ins share a few durable transactions.
	if commits, ok := commitsBetween(before, readWAL(t, e.st.Path())); ok {
		t.Logf("60 check-ins in %d transactions", commits)
		if commits < 1 || commits >= n/2 {
			t.Fatalf("60 check-ins took %d transactions", commits)
		}
	}
	seen := map[string]int{}
	for i, a := range answers {
		if a.code != http.StatusOK || len(a.seqs) != 1 {
			t.Fatalf("phone %d: %d %v", i, a.code, a.seqs)
		}
		if j, dup := seen[a.seqs[0][0]]; dup {
			t.Fatalf("phones %d and %d both got 序号 %s", j, i, a.seqs[0][0])
		}
		seen[a.seqs[0][0]] = i
	}
	sis := e.signIns(e.sess.ID)
	if len(sis) != n {
		t.Fatalf("stored %d sign-ins, want %d", len(sis), n)
	}
	for i, si := range sis {
		if si.Seq != i+1 {
			t.Fatalf("序号 %d at position %d", si.Seq, i)
		}
		if _, ok := seen[strconv.Itoa(si.Seq)]; !ok {
			t.Fatalf("stored 序号 %d was never acknowledged", si.Seq)
		}
	}
	// Every sign-in reached the kiosk's subscription.
	got := 0
	for got < n {
		select {
		case c := <-changes:
			got += len(c.SignIns)
		case <-time.After(5 * time.Second):
			t.Fatalf("kiosk saw %d of %d sign-ins", got, n)
		}
	}
}

// TestRetryAtTheSameMoment: the same submission (same nonce) sent twice at
// once, as a phone on bad Wi-Fi does, stores one sign-in and both answers
// show the same 序号.
func TestRetryAtTheSameMoment(t *testing.T) {
	e := newEnv(t, Options{})
	for round := range 20 {
		p := e.phone()
		v := fullForm(p.scan(e.sess.ID))
		v.Set("name1", "重复"+string(rune('甲'+round)))
		v.Set("phone", fmt.Sprintf("137%08d", round))
		var wg sync.WaitGroup
		bodies := make([]string, 2)
		codes := make([]int, 2)
		start := make(chan struct{})
		for k := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				codes[k], bodies[k] = p.post("/f", v)
			}()
		}
		close(start)
		wg.Wait()
		a, b := seqs(bodies[0]), seqs(bodies[1])
		if codes[0] != 200 || codes[1] != 200 || len(a) != 1 || len(b) != 1 || a[0] != b[0] {
			t.Fatalf("round %d: %d %v / %d %v", round, codes[0], a, codes[1], b)
		}
		if n := len(e.signIns(e.sess.ID)); n != round+1 {
			t.Fatalf("round %d: %d sign-ins stored", round, n)
		}
		// A later retry (the phone reloads the answer) changes nothing either.
		if code, body := p.post("/f", v); code != 200 || seqs(body)[0] != a[0] {
			t.Fatalf("round %d: late retry %d %v", round, code, seqs(body))
		}
	}
	st := e.signIns(e.sess.ID)
	fams := map[string]bool{}
	for _, si := range st {
		fams[si.FamilyID] = true
	}
	if len(st) != 20 || len(fams) != 20 {
		t.Fatalf("%d sign-ins of %d families, want 20 and 20", len(st), len(fams))
	}
}

// TestSameNumberOnSecondPhone: the form filled again on a second phone with
// the same number and child's name is not taken as the same family (a number
// proves nothing): it gets its own 序号 in a new family marked as a possible
// duplicate, and the answer says nothing about the first.
func TestSameNumberOnSecondPhone(t *testing.T) {
	e := newEnv(t, Options{})
	p1, p2 := e.phone(), e.phone()
	_, first := p1.post("/f", fullForm(p1.scan(e.sess.ID)))
	v := fullForm(p2.scan(e.sess.ID))
	v.Set("rel", "爸爸")
	v.Set("sig", "")
	v.Set("signed", "王大力")
	code, again := p2.post("/f", v)
	if code != 200 || seqs(again)[0] == seqs(first)[0] || strings.Contains(again, "已签到过") {
		t.Fatalf("second check-in: %d %v vs %v\n%s", code, seqs(again), seqs(first), excerpt(again))
	}
	sis := e.signIns(e.sess.ID)
	if len(sis) != 2 || sis[0].FamilyID == sis[1].FamilyID {
		t.Fatalf("stored %+v", sis)
	}
	if fam, err := e.st.Family(context.Background(), sis[1].FamilyID); err != nil || fam.DuplicateOf != sis[0].FamilyID {
		t.Fatalf("the second family is not marked as a possible duplicate: %+v %v", fam, err)
	}
}

// TestKioskSeesSignInPromptly: the kiosk's subscription has the sign-in by
// the time the phone has its answer, well within the 100 ms the screen
// promises.
func TestKioskSeesSignInPromptly(t *testing.T) {
	e := newEnv(t, Options{})
	changes, cancel := e.st.Subscribe()
	defer cancel()
	for i := range 5 {
		p := e.phone()
		v := fullForm(p.scan(e.sess.ID))
		v.Set("name1", "及时"+string(rune('甲'+i)))
		v.Set("phone", fmt.Sprintf("136%08d", i))
		code, body := p.post("/f", v)
		answered := time.Now()
		if code != 200 {
			t.Fatalf("submit %d: %d", i, code)
		}
		select {
		case c := <-changes:
			lag := time.Since(answered)
			if c.Kind != model.ChangeSignIn || c.SessionID != e.sess.ID || len(c.SignIns) != 1 || c.SignIns[0].ChildName != v.Get("name1") {
				t.Fatalf("change: %+v", c)
			}
			if strconv.Itoa(c.SignIns[0].Seq) != seqs(body)[0][0] {
				t.Fatalf("change 序号 %d, page %v", c.SignIns[0].Seq, seqs(body))
			}
			t.Logf("change after the answer: %v", lag)
		case <-time.After(100 * time.Millisecond):
			t.Fatalf("no change within 100 ms of the answer")
		}
	}
}
