package export

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"carekiosk/model"
)

// fileWriter is what an export writes a file through: an *os.File, or a
// failing one in tests (a full USB stick).
type fileWriter interface {
	io.Writer
	Sync() error
	Close() error
}

// createFunc opens a new file for writing.
type createFunc func(path string) (fileWriter, error)

func osCreate(path string) (fileWriter, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // children's names: the owner only
}

// outDir is the folder one export writes into. Everything goes first into
// a folder named 未完成… (incomplete); each file is written under a
// temporary name and renamed when complete; at the end the folder is
// renamed to its final name. On any failure the incomplete folder is
// removed, so a USB stick never holds a half export that looks whole.
type outDir struct {
	final  string // the folder's final path
	tmp    string // where files are written meanwhile
	create createFunc
	files  []string // relative paths written, in order
}

func newOutDir(parent, name string, create createFunc) (*outDir, error) {
	if create == nil {
		create = osCreate
	}
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return nil, writeErr(parent, err)
	}
	final := filepath.Join(parent, name)
	for i := 2; exists(final); i++ {
		final = filepath.Join(parent, fmt.Sprintf("%s-%d", name, i))
	}
	tmp := filepath.Join(parent, "未完成-incomplete-"+filepath.Base(final))
	_ = os.RemoveAll(tmp) // left by an export that was killed
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return nil, writeErr(parent, err)
	}
	return &outDir{final: final, tmp: tmp, create: create}, nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// write creates rel (a slash path) with the content fill writes, under a
// temporary name first.
func (d *outDir) write(rel string, fill func(w io.Writer) error) error {
	path := filepath.Join(d.tmp, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return writeErr(d.tmp, err)
	}
	part := path + ".part"
	f, err := d.create(part)
	if err != nil {
		return writeErr(part, err)
	}
	werr := fill(f)
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(part)
		return writeErr(part, werr)
	}
	if err := os.Rename(part, path); err != nil {
		os.Remove(part)
		return writeErr(path, err)
	}
	d.files = append(d.files, rel)
	return nil
}

// commit renames the folder to its final name and returns the files'
// final paths.
func (d *outDir) commit() ([]string, error) {
	syncDir(d.tmp)
	if err := os.Rename(d.tmp, d.final); err != nil {
		d.abort()
		return nil, writeErr(d.final, err)
	}
	syncDir(filepath.Dir(d.final))
	out := make([]string, len(d.files))
	for i, rel := range d.files {
		out[i] = filepath.Join(d.final, filepath.FromSlash(rel))
	}
	return out, nil
}

// abort removes everything this export wrote.
func (d *outDir) abort() { _ = os.RemoveAll(d.tmp) }

func syncDir(p string) {
	if f, err := os.Open(p); err == nil {
		_ = f.Sync()
		f.Close()
	}
}

// writeErr turns a file-system failure into a message a clerk can act on.
func writeErr(path string, err error) error {
	var me *model.Error
	if errors.As(err, &me) {
		return err
	}
	switch diskFaultOf(err) {
	case diskFull:
		return model.Errorf(model.EFULL, "目标磁盘（U盘）空间已满，导出未完成，已删除不完整的文件。请换一个有空间的U盘后重试（%s）",
			"the target disk (USB stick) is full; the export did not finish and its incomplete files were removed. Use a stick with free space and try again (%s)", path)
	case diskNotWritable:
		return model.Errorf(model.EINVALID, "无法写入文件夹 %s（没有写入权限或U盘只读），导出未完成，未留下不完整的文件",
			"cannot write to %s (no permission, or the stick is read-only); the export did not finish and left no incomplete files", filepath.Dir(path))
	}
	return model.Errorf(model.ESTORAGE, "写入 %s 失败，导出未完成，已删除不完整的文件：%v",
		"writing %s failed; the export did not finish and its incomplete files were removed: %v", path, err)
}

// diskFault is what kind of file-system failure stopped a write.
type diskFault int

const (
	diskOther       diskFault = iota
	diskFull                  // no space (or quota, or file too big)
	diskNotWritable           // no permission, or a read-only stick
)

// diskFaultOf classifies a write's failure, for the message that says
// what to do about it.
func diskFaultOf(err error) diskFault {
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT), errors.Is(err, syscall.EFBIG):
		return diskFull
	case errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM), errors.Is(err, syscall.EROFS):
		return diskNotWritable
	}
	return diskOther
}

// safeName makes s usable as a file name on the FAT/exFAT file systems of
// USB sticks and on Windows.
func safeName(s string, max int) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n >= max {
			break
		}
		switch {
		case r < 0x20, r == 0x7f, strings.ContainsRune(`/\:*?"<>|`, r):
			r = '_'
		}
		b.WriteRune(r)
		n++
	}
	out := strings.Trim(b.String(), " .")
	if out == "" {
		out = "_"
	}
	return out
}
