package countyweb

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"carekiosk/county"
	"carekiosk/model"
)

// importRow is one file's line of the import report.
type importRow struct {
	File    string
	Unit    string
	Station string
	Seq     int
	Refused bool
	Text    string
	Notes   []string
}

// maxFiles bounds the files of one upload.
const maxFiles = 500

// importBundles takes the files the clerk dropped or picked, imports them
// with the county's import (one transaction per bundle, refused ones
// stored not at all) and shows the board with the import report above it.
func (s *Server) importBundles(w http.ResponseWriter, r *http.Request) {
	dir, err := os.MkdirTemp(s.opt.TempDir, "carekiosk-upload-")
	if err != nil {
		s.failErr(w, r, model.Errorf(model.ESTORAGE, "无法保存上传的文件：%v", "cannot keep the uploaded files: %v", err))
		return
	}
	defer os.RemoveAll(dir)
	files, names, err := saveUploads(r, dir, "bundle", nil)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		s.fail(w, r, http.StatusRequestEntityTooLarge, "tooLarge")
		return
	case err != nil:
		s.failErr(w, r, err)
		return
	}
	l := lang(r)
	t := wordsFor(l)
	var rows []importRow
	if len(files) == 0 {
		rows = append(rows, importRow{Refused: true, Text: t["noFiles"]})
	} else {
		s.importMu.Lock()
		res := county.Import(r.Context(), s.db, files, s.now())
		s.importMu.Unlock()
		for i, x := range res {
			rows = append(rows, importRowOf(x, names[i], t, l))
		}
	}
	d, err := s.boardData(r.Context(), l, 0)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	d.Import, d.Imported = rows, true
	s.render(w, r, http.StatusOK, "board", t["importReport"], d)
}

// importRowOf says what importing one file did.
func importRowOf(x county.Result, name string, t map[string]string, lang model.Lang) importRow {
	row := importRow{File: name, Unit: x.Unit, Station: x.Station, Seq: x.Sequence, Notes: x.Notes}
	switch {
	case x.Err != nil:
		row.Refused, row.Text = true, t["refused"]+"："+model.ErrorMessage(x.Err, lang)
		if lang.English() {
			row.Text = t["refused"] + ": " + model.ErrorMessage(x.Err, lang)
		}
	case x.Duplicate:
		row.Text = t["duplicate"]
	default:
		row.Text = fmt.Sprintf(t["counts"], x.Counts.New, x.Counts.Changed, x.Counts.Unchanged)
		if x.Counts.Older > 0 {
			row.Text += "，" + fmt.Sprintf(t["older"], x.Counts.Older)
		}
	}
	for _, g := range x.Gaps {
		note := t["notCovered"]
		if g.Covered {
			note = t["covered"]
		}
		row.Notes = append(row.Notes, fmt.Sprintf(t["missingNo"], g.Sequence)+"（"+note+"）")
	}
	return row
}

// saveUploads streams each file uploaded as field into a folder of its
// own under dir, keeping its base name (the import reports it), and
// returns the paths and the names as given. The short text fields of the
// form go into vals when it is not nil.
func saveUploads(r *http.Request, dir, field string, vals map[string]string) (paths, names []string, err error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, model.Errorf(model.EINVALID, "没有收到文件", "no files were received")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return paths, names, nil
		}
		if err != nil {
			return nil, nil, uploadErr(err)
		}
		if vals != nil && part.FileName() == "" {
			b, _ := io.ReadAll(io.LimitReader(part, 256))
			vals[part.FormName()] = string(b)
		}
		if part.FormName() != field || part.FileName() == "" {
			part.Close()
			continue
		}
		if len(paths) == maxFiles {
			return nil, nil, model.Errorf(model.EINVALID, "一次最多导入 %d 个文件", "import at most %d files at once", maxFiles)
		}
		p, err := savePart(part, filepath.Join(dir, strconv.Itoa(len(paths))))
		if err != nil {
			return nil, nil, err
		}
		paths, names = append(paths, p), append(names, baseName(part.FileName()))
	}
}

func uploadErr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return model.Errorf(model.EINVALID, "上传中断，请重试", "the upload broke off; try again")
}

// baseName is a file's name without any folder a browser sent with it.
func baseName(name string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	// Characters Windows refuses (a colon would even name a stream).
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`:*?"<>|`, r) {
			return '_'
		}
		return r
	}, name)
	if strings.Trim(name, ". ") == "" {
		return "bundle.zip"
	}
	return name
}

func savePart(part *multipart.Part, dir string) (string, error) {
	defer part.Close()
	if err := os.Mkdir(dir, 0o700); err != nil {
		return "", model.Errorf(model.ESTORAGE, "无法保存上传的文件：%v", "cannot keep the uploaded file: %v", err)
	}
	p := filepath.Join(dir, baseName(part.FileName()))
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", model.Errorf(model.ESTORAGE, "无法保存上传的文件：%v", "cannot keep the uploaded file: %v", err)
	}
	_, err = io.Copy(f, part)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", uploadErr(err)
	}
	return p, nil
}
