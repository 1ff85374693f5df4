package county

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"carekiosk/export"
	"carekiosk/model"
)

// Store is what the import needs of the county's database (package
// countydb implements it).
type Store interface {
	Keys(ctx context.Context) (Keys, error)
	StationByKey(ctx context.Context, key string) (*Station, error)
	// ApplyBundle stores a verified bundle of a registered station in one
	// transaction: the receipt, and every record upserted by record_id.
	// Nothing is stored when it fails. A bundle already received (same
	// SHA-256) changes nothing and comes back with Duplicate set.
	ApplyBundle(ctx context.Context, in *Incoming) (*Result, error)
}

// Incoming is a verified bundle on its way into the county's database.
type Incoming struct {
	Station  *Station
	Bundle   *export.Bundle
	FileName string
	Sealed   bool
}

// Result is what importing one bundle file did.
type Result struct {
	File     string
	Unit     string
	Station  string // the station's name
	Sequence int
	// Duplicate: this very bundle was imported before; nothing changed.
	Duplicate bool
	Counts    Counts
	// Gaps lists the station's bundle numbers still missing after this
	// import, each covered or not by a later cumulative bundle.
	Gaps []Gap
	// Notes are flags the clerk should see: a second bundle with the same
	// number, a broken chain, an unencrypted bundle, a clock ahead.
	Notes []string
	// Err is why the bundle was refused; nothing of it was stored.
	Err error
}

// maxBundleFile bounds a bundle file read into memory.
const maxBundleFile = 1 << 30

// BundleFiles lists the bundle files among paths: files as given, and in
// folders (searched to any depth) the files named *.zip or *.zip.age.
func BundleFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, model.Errorf(model.ENOTFOUND, "找不到 %s", "%s not found", p)
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := strings.ToLower(d.Name())
			if !d.IsDir() && (strings.HasSuffix(name, ".zip") || strings.HasSuffix(name, ".zip"+export.SealedSuffix)) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, model.Errorf(model.ENOTFOUND, "无法读取文件夹 %s：%v", "cannot read the folder %s: %v", p, err)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// Import imports each bundle file in turn (see ImportFile) and returns
// one result per file; a refused file does not stop the others.
func Import(ctx context.Context, st Store, files []string, now time.Time) []Result {
	var out []Result
	for _, f := range files {
		out = append(out, ImportFile(ctx, st, f, now))
	}
	return out
}

// ImportFile imports one bundle file: decrypt it when sealed, verify every
// byte and the signature, find the station registered with its key and
// check its unit, then store it (Store.ApplyBundle). now dates the check
// of the station's clock.
func ImportFile(ctx context.Context, st Store, path string, now time.Time) Result {
	res := Result{File: path}
	b, err := readLimited(path)
	if err != nil {
		res.Err = err
		return res
	}
	in, err := open(ctx, st, b)
	if err != nil {
		res.Err = err
		return res
	}
	in.FileName = filepath.Base(path)
	m := in.Bundle.Info.Manifest
	res.Unit, res.Station, res.Sequence = in.Station.Unit, m.Station, m.Sequence
	r, err := st.ApplyBundle(ctx, in)
	if err != nil {
		res.Err = err
		return res
	}
	r.File, r.Unit, r.Station, r.Sequence = path, res.Unit, res.Station, res.Sequence
	if n := otherUnitSessions(in); n > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("其中 %d 场活动记录写的单位不是本站登记的“%s”，已按登记的单位统计 %d sessions name another unit than the one the station is registered to (%s); they count for the registered unit",
			n, in.Station.Unit, n, in.Station.Unit))
	}
	if !in.Sealed {
		r.Notes = append(r.Notes, "数据包未加密（站点导出时还没有导入县妇计中心的计划） the bundle was not encrypted (the station had not imported the county's plan)")
	}
	if created, err := time.Parse(time.RFC3339, m.CreatedAt); err == nil && created.After(now.Add(24*time.Hour)) {
		r.Notes = append(r.Notes, "站点时钟超前：数据包的生成时间 "+m.CreatedAt+" 晚于现在，请让站点核对日期 the station's clock runs ahead: the bundle says it was made at "+m.CreatedAt+", after now; ask the station to check its date")
	}
	return *r
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, model.Errorf(model.ENOTFOUND, "无法打开 %s：%v", "cannot open %s: %v", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxBundleFile+1))
	if err != nil {
		return nil, model.Errorf(model.ESTORAGE, "无法读取 %s：%v", "cannot read %s: %v", path, err)
	}
	if len(b) > maxBundleFile {
		return nil, model.Errorf(model.EINVALID, "%s 太大，不是站点数据包", "%s is too large to be a station bundle", path)
	}
	return b, nil
}

// open decrypts (when sealed) and verifies a bundle and finds its station.
func open(ctx context.Context, st Store, b []byte) (*Incoming, error) {
	in := &Incoming{}
	var r io.ReaderAt = bytes.NewReader(b)
	size := int64(len(b))
	if export.IsSealed(b) {
		keys, err := st.Keys(ctx)
		if err != nil {
			return nil, err
		}
		if r, size, err = export.Unseal(r, size, keys.Identity); err != nil {
			return nil, err
		}
		// Decrypt once, into memory: every later read sees the same bytes.
		plain := make([]byte, size)
		if _, err := r.ReadAt(plain, 0); err != nil && err != io.EOF {
			return nil, model.Errorf(model.EINVALID, "加密数据包无法解密：文件已损坏或被改动", "the sealed bundle cannot be decrypted: the file is damaged or altered")
		}
		r, in.Sealed = bytes.NewReader(plain), true
	}
	bundle, err := export.ReadBundle(r, size, nil)
	if err != nil {
		return nil, err
	}
	in.Bundle = bundle
	m := bundle.Info.Manifest
	pub, err := export.ParsePublicKey([]byte(m.PublicKey))
	if err != nil {
		return nil, err
	}
	station, err := st.StationByKey(ctx, export.FormatPublicKey(pub))
	if model.ErrorCode(err) == model.ENOTFOUND {
		return nil, model.Errorf(model.EINVALID, "数据包来自未登记的站点（%s %s，密钥指纹 %s）：请先核对指纹并登记（carekiosk county register），未导入任何内容",
			"the bundle comes from a station that is not registered (%s %s, key %s): check the fingerprint and register it first (carekiosk county register); nothing was imported",
			m.Unit, m.Station, export.Fingerprint(pub))
	}
	if err != nil {
		return nil, err
	}
	if m.Unit != station.Unit {
		return nil, model.Errorf(model.EINVALID, "站点（指纹 %s）登记在“%s”，数据包却写着单位“%s”：未导入任何内容；请核对站点的单位设置或登记",
			"the station (key %s) is registered to %s but the bundle names the unit %s: nothing was imported; check the station's unit or its registration",
			station.Fingerprint, station.Unit, m.Unit)
	}
	in.Station = station
	return in, nil
}

// otherUnitSessions counts the bundle's sessions whose record names
// another unit than the station's registration.
func otherUnitSessions(in *Incoming) int {
	other := map[string]bool{}
	for _, l := range in.Bundle.Sessions {
		if l.Rec.Unit != in.Station.Unit {
			other[l.Rec.ID] = true
		}
	}
	return len(other)
}
