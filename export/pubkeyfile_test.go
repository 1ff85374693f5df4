package export

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"carekiosk/model"
)

// TestStationKeyFile: the key file names unit, station and the end of the
// station id, holds the key ParsePublicKey reads back, and is written to a
// stick once: the same file again is left alone and said so; a different
// file of that name is not overwritten.
func TestStationKeyFile(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	k, err := StationKeyOf(ctx, f.s)
	if err != nil {
		t.Fatal(err)
	}
	set, _ := f.s.Settings(ctx)
	id := strings.ReplaceAll(set.StationID, "-", "")
	want := fmt.Sprintf("站点公钥_温溪片卫生院_%s_%s.pub", k.Station, id[len(id)-6:])
	if k.Station == "" || k.FileName != want {
		t.Errorf("file name %q, want %q", k.FileName, want)
	}
	pub, err := PublicKey(ctx, f.s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParsePublicKey([]byte(k.Text))
	if err != nil || !got.Equal(pub) || k.Fingerprint != Fingerprint(pub) || !strings.Contains(k.Text, k.Fingerprint) {
		t.Fatalf("key text %q: %v", k.Text, err)
	}

	stick := t.TempDir()
	p, same, err := WriteStationKey(stick, k)
	if err != nil || same || p != filepath.Join(stick, want) {
		t.Fatalf("first write: %q same=%v %v", p, same, err)
	}
	if b, _ := os.ReadFile(p); string(b) != k.Text {
		t.Errorf("file holds %q", b)
	}
	if _, same, err = WriteStationKey(stick, k); err != nil || !same {
		t.Errorf("the same file again: same=%v %v", same, err)
	}
	os.WriteFile(p, []byte("another station's key\n"), 0o600)
	_, _, err = WriteStationKey(stick, k)
	if model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(err.Error(), "没有覆盖") {
		t.Errorf("a different file of that name: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "another station's key\n" {
		t.Error("a different file was overwritten")
	}
	if ents, _ := os.ReadDir(stick); len(ents) != 1 {
		t.Errorf("%d files on the stick, want 1", len(ents))
	}
}

// TestStationKeyWriteErrors: a full or read-only stick gets a message that
// says so in Chinese first, and no part file is left.
func TestStationKeyWriteErrors(t *testing.T) {
	for _, c := range []struct {
		err  error
		code string
		zh   string
	}{
		{syscall.ENOSPC, model.EFULL, "U盘已满"},
		{syscall.EROFS, model.EINVALID, "U盘只读"},
		{syscall.EACCES, model.EINVALID, "U盘只读"},
	} {
		err := keyWriteErr("/media/carekiosk/STICK", &os.PathError{Op: "write", Path: "x", Err: c.err})
		if model.ErrorCode(err) != c.code || !strings.HasPrefix(err.Error(), c.zh) {
			t.Errorf("%v: %v", c.err, err)
		}
	}
	if os.Geteuid() == 0 {
		return // root writes into a read-only folder
	}
	f := newFixture(t)
	k, err := StationKeyOf(context.Background(), f.s)
	if err != nil {
		t.Fatal(err)
	}
	stick := t.TempDir()
	os.Chmod(stick, 0o500)
	defer os.Chmod(stick, 0o700)
	if _, _, err := WriteStationKey(stick, k); !strings.Contains(err.Error(), "U盘只读") {
		t.Errorf("read-only stick: %v", err)
	}
	if ents, _ := os.ReadDir(stick); len(ents) != 0 {
		t.Errorf("%d files left", len(ents))
	}
}
