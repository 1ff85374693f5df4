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

	"filippo.io/age"

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
	im := &importer{ctx: ctx, st: st, now: now}
	var out []Result
	for _, f := range files {
		out = append(out, im.file(f))
	}
	return out
}

// ImportFile imports one bundle file: decrypt it when sealed, verify every
// byte and the signature, find the station registered with its key and
// check its unit, then store it (Store.ApplyBundle). now dates the check
// of the station's clock.
func ImportFile(ctx context.Context, st Store, path string, now time.Time) Result {
	im := &importer{ctx: ctx, st: st, now: now}
	return im.file(path)
}

// importer imports bundle files one after the other. It reads the county's
// keys once and reuses its two buffers (the file, its decrypted bytes)
// from one file to the next: a bundle is read, checked and stored before
// the next one is read, and nothing read from a buffer points into it.
type importer struct {
	ctx   context.Context
	st    Store
	now   time.Time
	keys  *Keys
	raw   []byte
	plain []byte
}

// file imports one bundle file (see ImportFile).
func (im *importer) file(path string) Result {
	res := Result{File: path}
	b, err := im.read(path)
	if err != nil {
		res.Err = err
		return res
	}
	in, err := im.open(b)
	if err != nil {
		res.Err = err
		return res
	}
	in.FileName = filepath.Base(path)
	m := in.Bundle.Info.Manifest
	res.Unit, res.Station, res.Sequence = in.Station.Unit, m.Station, m.Sequence
	r, err := im.st.ApplyBundle(im.ctx, in)
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
	if created, err := time.Parse(time.RFC3339, m.CreatedAt); err == nil && created.After(im.now.Add(ClockAheadLimit)) {
		r.Notes = append(r.Notes, clockAheadNote(created, im.now))
	}
	return *r
}

// ClockAheadLimit is how far after the county's clock a bundle may say it
// was made before the station's clock is flagged as running ahead. A
// bundle is always made before it arrives, and two clocks that keep time
// differ by minutes; an hour leaves room for both to drift and still
// catches a box set to China time while it counts in UTC (8 hours ahead),
// which would date a bundle made on the due day as the day after.
const ClockAheadLimit = time.Hour

// clockAheadNote says that a bundle made at created, by the station's
// clock, arrived at now, earlier: both in China time, as the clerk reads
// times.
func clockAheadNote(created, now time.Time) string {
	const layout = "2006-01-02 15:04"
	c, n := created.In(Zone()).Format(layout), now.In(Zone()).Format(layout)
	h := int(created.Sub(now).Round(time.Hour) / time.Hour)
	return fmt.Sprintf("站点时钟超前：数据包的生成时间 %s 比县妇计中心收到的时间 %s 晚约 %d 小时，请让站点核对日期和时间 the station's clock runs ahead: the bundle says it was made at %s, about %d hours after it was received (%s); ask the station to check its date and time",
		c, n, h, c, h, n)
}

// read reads the file at path, of at most maxBundleFile bytes, into the
// importer's file buffer (made as large as the file, plus the byte that
// shows it ends there).
func (im *importer) read(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, model.Errorf(model.ENOTFOUND, "无法打开 %s：%v", "cannot open %s: %v", path, err)
	}
	defer f.Close()
	buf := im.raw[:0]
	if fi, err := f.Stat(); err == nil && fi.Size() <= maxBundleFile && int64(cap(buf)) <= fi.Size() {
		im.raw = nil // the smaller buffer can go before the larger one is made
		buf = make([]byte, 0, fi.Size()+1)
	}
	r := io.LimitReader(f, maxBundleFile+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // the file grew since
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, model.Errorf(model.ESTORAGE, "无法读取 %s：%v", "cannot read %s: %v", path, err)
		}
	}
	im.raw = buf
	if len(buf) > maxBundleFile {
		return nil, model.Errorf(model.EINVALID, "%s 太大，不是站点数据包", "%s is too large to be a station bundle", path)
	}
	return buf, nil
}

// identity returns the county's identity that decrypts sealed bundles.
func (im *importer) identity() (*age.X25519Identity, error) {
	if im.keys == nil {
		keys, err := im.st.Keys(im.ctx)
		if err != nil {
			return nil, err
		}
		im.keys = &keys
	}
	return im.keys.Identity, nil
}

// open decrypts (when sealed) and verifies a bundle and finds its station.
func (im *importer) open(b []byte) (*Incoming, error) {
	in := &Incoming{}
	var r io.ReaderAt = bytes.NewReader(b)
	size := int64(len(b))
	if export.IsSealed(b) {
		id, err := im.identity()
		if err != nil {
			return nil, err
		}
		if r, size, err = export.Unseal(r, size, id); err != nil {
			return nil, err
		}
		// Decrypt once, into memory: every later read sees the same bytes.
		if int64(cap(im.plain)) < size {
			im.plain = nil
			im.plain = make([]byte, size)
		}
		plain := im.plain[:size]
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
	return in, im.station(in)
}

// station finds the station registered with the bundle's key and checks
// the unit the bundle names.
func (im *importer) station(in *Incoming) error {
	m := in.Bundle.Info.Manifest
	pub, err := export.ParsePublicKey([]byte(m.PublicKey))
	if err != nil {
		return err
	}
	station, err := im.st.StationByKey(im.ctx, export.FormatPublicKey(pub))
	if model.ErrorCode(err) == model.ENOTFOUND {
		return model.Errorf(model.EINVALID, "数据包来自未登记的站点（%s %s，密钥指纹 %s）：请先核对指纹并登记（carekiosk county register），未导入任何内容",
			"the bundle comes from a station that is not registered (%s %s, key %s): check the fingerprint and register it first (carekiosk county register); nothing was imported",
			m.Unit, m.Station, export.Fingerprint(pub))
	}
	if err != nil {
		return err
	}
	if m.Unit != station.Unit {
		return model.Errorf(model.EINVALID, "站点（指纹 %s）登记在“%s”，数据包却写着单位“%s”：未导入任何内容；请核对站点的单位设置或登记",
			"the station (key %s) is registered to %s but the bundle names the unit %s: nothing was imported; check the station's unit or its registration",
			station.Fingerprint, station.Unit, m.Unit)
	}
	in.Station = station
	return nil
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
