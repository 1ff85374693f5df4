package export

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"carekiosk/model"
	"carekiosk/store"
)

// StationKey is the station's public key as the county receives it: the
// text `carekiosk pubkey` prints, its fingerprint, and a file name that
// tells the county clerk which station it is.
type StationKey struct {
	// Public is the station's ed25519 public key.
	Public ed25519.PublicKey
	// Fingerprint is the short form read out over the phone.
	Fingerprint string
	// Unit and Station are the station's names, as its bundles carry them.
	Unit, Station string
	// Text is the whole .pub file.
	Text string
	// FileName is 站点公钥_<单位>_<站点>_<id>.pub.
	FileName string
}

// KeyStore is what StationKeyOf reads: the key's secret and the station's
// settings and names.
type KeyStore interface {
	Keys
	// View runs fn on one read-only snapshot of the database.
	View(ctx context.Context, fn func(v *store.Snapshot) error) error
}

// StationKeyOf returns the station's public key with its file text and
// name, making the key pair on first use.
func StationKeyOf(ctx context.Context, st KeyStore) (StationKey, error) {
	pub, err := PublicKey(ctx, st)
	if err != nil {
		return StationKey{}, err
	}
	var ds *dataset
	if err := st.View(ctx, func(v *store.Snapshot) error {
		ds, err = loadHead(v, time.Time{})
		return err
	}); err != nil {
		return StationKey{}, err
	}
	k := StationKey{Public: pub, Fingerprint: Fingerprint(pub), Unit: ds.unit, Station: ds.station}
	k.Text = fmt.Sprintf("# carekiosk 站点公钥 station public key — %s station %s\n# 指纹 fingerprint: %s\n%s\n",
		ds.set.County, ds.set.StationID, k.Fingerprint, FormatPublicKey(pub))
	k.FileName = "站点公钥_" + stationFileTag(ds.unit, ds.station, ds.set.StationID) + ".pub"
	return k, nil
}

// stationFileTag names a station in a file name: unit, station and the end
// of its id (two stations of one unit may share a name, never an id).
func stationFileTag(unit, station, stationID string) string {
	if station == "" {
		station = "未设置站点"
	}
	id := strings.ReplaceAll(stationID, "-", "")
	if len(id) > 6 {
		id = id[len(id)-6:]
	}
	if id != "" {
		id = "_" + id
	}
	return safeName(unit, 20) + "_" + safeName(station, 20) + id
}

// WriteStationKey writes the station's key file into dir (a USB stick) and
// returns its path. A file of that name already there with the same text
// is left as it is (same is true); one with other text is not overwritten.
func WriteStationKey(dir string, k StationKey) (path string, same bool, err error) {
	path = filepath.Join(dir, k.FileName)
	if old, err := os.ReadFile(path); err == nil {
		if bytes.Equal(old, []byte(k.Text)) {
			return path, true, nil
		}
		return path, false, model.Errorf(model.ECONFLICT,
			"U盘上已有 %s，内容与本站公钥不同，没有覆盖。请先把它移走或改名，再写一次",
			"%s is already on the stick with other content; it was not overwritten. Move or rename it, then write again", k.FileName)
	}
	tmp := path + ".part"
	if err := writeSynced(tmp, []byte(k.Text)); err != nil {
		_ = os.Remove(tmp)
		return path, false, keyWriteErr(dir, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return path, false, keyWriteErr(dir, err)
	}
	syncDir(dir)
	return path, false, nil
}

// writeSynced writes b to a new file at p and flushes it to the disk.
func writeSynced(p string, b []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// keyWriteErr says why the key file could not be written to the stick.
func keyWriteErr(dir string, err error) error {
	switch diskFaultOf(err) {
	case diskFull:
		return model.Errorf(model.EFULL, "U盘已满，公钥文件没有写入。请换一个有空间的U盘再写（%s）",
			"the USB stick is full; the key file was not written. Use a stick with free space (%s)", dir)
	case diskNotWritable:
		return model.Errorf(model.EINVALID, "U盘只读或没有写入权限，公钥文件没有写入（%s）。请检查U盘的写保护开关或换一个U盘",
			"the USB stick is read-only or not writable; the key file was not written (%s). Check the stick's lock switch or use another stick", dir)
	}
	return model.Errorf(model.ESTORAGE, "写入公钥文件失败（%s）：%v", "writing the key file failed (%s): %v", dir, err)
}
