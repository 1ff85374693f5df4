package checkin

import (
	"encoding/binary"
	"os"
	"testing"
)

// walState is what the SQLite write-ahead log says about the transactions
// committed since it was last reset: a count that timing cannot blur, used
// to show that a burst of check-ins shares a few durable transactions.
type walState struct {
	salt    uint64 // changes when the log restarts after a checkpoint
	commits int    // commit frames of the current generation
}

// readWAL parses the -wal file of a database: a 32-byte header, then frames
// of a 24-byte header and one page; a frame whose second word (the database
// size after the commit) is not zero ends a transaction.
func readWAL(t testing.TB, dbPath string) walState {
	t.Helper()
	b, err := os.ReadFile(dbPath + "-wal")
	if err != nil || len(b) < 32 {
		return walState{}
	}
	pageSize := int(binary.BigEndian.Uint32(b[8:12]))
	if pageSize == 1 {
		pageSize = 65536
	}
	st := walState{salt: binary.BigEndian.Uint64(b[16:24])}
	for off := 32; off+24+pageSize <= len(b); off += 24 + pageSize {
		h := b[off : off+24]
		if binary.BigEndian.Uint64(h[8:16]) != st.salt {
			break // a frame of an earlier generation: the log ends here
		}
		if binary.BigEndian.Uint32(h[4:8]) != 0 {
			st.commits++
		}
	}
	return st
}

// commitsBetween is how many transactions were committed between two
// readings, and false when a checkpoint restarted the log in between.
func commitsBetween(a, b walState) (int, bool) {
	if a.salt != b.salt {
		return 0, false
	}
	return b.commits - a.commits, true
}

func TestWALCountsOneCommitPerCheckIn(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.phone()
	for i, name := range []string{"王小明", "李小花", "赵大宝"} {
		before := readWAL(t, e.st.Path())
		v := fullForm(p.scan(e.sess.ID)) // a fresh page: a fresh nonce
		v.Set("name1", name)
		if code, _ := p.post("/f", v); code != 200 {
			t.Fatal(code)
		}
		if n, ok := commitsBetween(before, readWAL(t, e.st.Path())); !ok || n != 1 {
			t.Fatalf("check-in %d: %d commits (%v)", i, n, ok)
		}
	}
}

// A retried submission (same nonce) writes nothing at all.
func TestRetryWritesNothing(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.phone()
	v := fullForm(p.scan(e.sess.ID))
	if code, _ := p.post("/f", v); code != 200 {
		t.Fatal(code)
	}
	before := readWAL(t, e.st.Path())
	if code, body := p.post("/f", v); code != 200 || len(seqs(body)) != 1 {
		t.Fatalf("retry: %d", code)
	}
	if n, ok := commitsBetween(before, readWAL(t, e.st.Path())); !ok || n != 0 {
		t.Fatalf("a retry committed %d transactions", n)
	}
}
