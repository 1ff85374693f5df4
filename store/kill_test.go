package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"carekiosk/model"
)

// TestMain lets the kill test re-run this test binary as a writer child.
func TestMain(m *testing.M) {
	if dir := os.Getenv("CAREKIOSK_KILL_CHILD"); dir != "" {
		killChild(dir, os.Getenv("CAREKIOSK_KILL_SESSION"), os.Getenv("CAREKIOSK_KILL_ROUND"))
		return
	}
	os.Exit(m.Run())
}

// killChild signs children in, one after another, printing "OK <id>" after
// each sign-in the store reported committed, until it is killed.
func killChild(dir, sessionID, round string) {
	s, err := Open(dir, Options{})
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(2)
	}
	out := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		in := model.SignInInput{SessionID: sessionID, Children: []model.ChildInput{{Name: childName(round, i), AgeMonths: 8}},
			Phone: fmt.Sprintf("138%08d", i), Relation: model.RelMother, Method: model.MethodKiosk, ConsentVersion: model.ConsentVersion, SignedName: "李丽"}
		r, err := s.SignIn(context.Background(), in)
		if err != nil {
			fmt.Fprintln(out, "ERR", err)
			out.Flush()
			os.Exit(3)
		}
		fmt.Fprintln(out, "OK", r.SignIns[0].ID)
		out.Flush()
	}
}

// childName makes a valid, unique Chinese-letter name from round and index.
func childName(round string, i int) string {
	digits := "零一二三四五六七八九"
	var b strings.Builder
	b.WriteString("孩")
	for _, r := range fmt.Sprintf("%s%d", round, i) {
		b.WriteString(string([]rune(digits)[r-'0']))
	}
	return b.String()
}

// TestKillDuringWrites kills a writing child process at random moments, 20
// times: every sign-in it reported committed must survive, and the file must
// pass integrity_check.
func TestKillDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("kill test runs 20 child processes; skipped in -short mode")
	}
	s, dir := newTestStore(t)
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	s.Close()
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	var want []string
	for round := 0; round < 20; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "CAREKIOSK_KILL_CHILD="+dir, "CAREKIOSK_KILL_SESSION="+sess.ID, fmt.Sprintf("CAREKIOSK_KILL_ROUND=%d", round))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1<<16)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Wait for the first commit, then kill at a random moment.
		first, ok := <-lines
		if !ok {
			cmd.Wait()
			t.Fatalf("round %d: child printed nothing", round)
		}
		time.Sleep(time.Duration(rng.Intn(300)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		got := []string{first}
		for l := range lines {
			got = append(got, l)
		}
		for _, l := range got {
			id, ok := strings.CutPrefix(l, "OK ")
			if !ok {
				t.Fatalf("round %d: child said %q", round, l)
			}
			want = append(want, id)
		}
		// Reopen: every reported commit is there, and the file is sound.
		s2, err := Open(dir, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		list, err := s2.SignIns(context.Background(), sess.ID)
		if err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		for _, si := range list {
			have[si.ID] = true
		}
		for _, id := range want {
			if !have[id] {
				t.Fatalf("round %d: committed sign-in %s lost", round, id)
			}
		}
		probs, err := integrity(s2.r, "integrity_check")
		if err != nil || len(probs) > 0 {
			t.Fatalf("round %d: integrity: %v %v", round, probs, err)
		}
		s2.Close()
	}
	t.Logf("%d committed sign-ins survived 20 kills", len(want))
}
