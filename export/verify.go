package export

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"carekiosk/model"
)

// BundleInfo is what Verify found in a good bundle.
type BundleInfo struct {
	Manifest Manifest
	// KeyChecked is true when the signature was checked against a public key
	// the caller holds (the county's copy); false when only against the key
	// the bundle carries, which proves it is intact but not who made it.
	KeyChecked bool
	// SHA256 is the hex SHA-256 of the whole file: the next bundle of the
	// station names it as previous_sha256.
	SHA256 string
	Size   int64
}

// maxManifest bounds the manifest read into memory.
const maxManifest = 1 << 20

// badBundle is the error of a bundle that fails verification; the message
// names what is wrong.
func badBundle(zh, en string, args ...any) error {
	return model.Errorf(model.EINVALID, "数据包校验失败："+zh, "bundle verification failed: "+en, args...)
}

// VerifyFile checks a bundle file; see Verify.
func VerifyFile(path string, pub ed25519.PublicKey) (*BundleInfo, error) {
	f, size, err := openBundle(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Verify(f, size, pub)
}

// openBundle opens a bundle file and says its size, or why it cannot.
func openBundle(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, model.Errorf(model.ENOTFOUND, "无法打开数据包 %s：%v", "cannot open the bundle %s: %v", path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, model.Errorf(model.ENOTFOUND, "无法读取数据包 %s：%v", "cannot read the bundle %s: %v", path, err)
	}
	return f, fi.Size(), nil
}

// Verify checks every byte of a station bundle: the manifest's ed25519
// signature (against pub when given, else against the key in the manifest),
// each records file's SHA-256 against the manifest, each signature image's
// SHA-256 against its sign-in record, the counts against the records, and
// finally that the zip itself is exactly what the station writes for that
// content, so that no header, padding or directory byte can change
// unnoticed. The error names the first thing that is wrong.
func Verify(r io.ReaderAt, size int64, pub ed25519.PublicKey) (*BundleInfo, error) {
	head := make([]byte, len(ageHeader))
	if n, _ := r.ReadAt(head, 0); IsSealed(head[:n]) {
		return nil, model.Errorf(model.EINVALID, "这是加密给县妇计中心的数据包：只有县妇计中心能打开并核对（carekiosk county import）；导出时已在加密前核对过",
			"this bundle is encrypted to the county center: only the county can open and check it (carekiosk county import); it was checked before it was encrypted")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, badBundle("不是有效的数据包，zip 结构已损坏（%v）", "not a valid bundle, the zip structure is damaged (%v)", err)
	}
	files := zr.File
	n := len(files)
	if n < len(recordFiles)+2 || files[n-2].Name != manifestName || files[n-1].Name != signatureName {
		return nil, badBundle("缺少 manifest.json 或 manifest.sig，或它们不在数据包末尾", "manifest.json or manifest.sig is missing or not at the end of the bundle")
	}
	info := &BundleInfo{Size: size}
	created, err := verifyManifest(files[n-2], files[n-1], pub, info)
	if err != nil {
		return nil, err
	}
	m := &info.Manifest
	got, sigs, err := verifyRecords(files, m)
	if err != nil {
		return nil, err
	}
	imgs := files[len(m.Files) : n-2]
	if err := verifyImages(imgs, sigs); err != nil {
		return nil, err
	}
	got.Signatures = len(imgs)
	if got != m.Counts {
		return nil, badBundle("清单中的数量与内容不符（清单 %+v，实际 %+v）", "the manifest's counts do not match the content (manifest %+v, content %+v)", m.Counts, got)
	}
	if err := checkCanonical(r, size, files, created); err != nil {
		return nil, err
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, 0, size)); err != nil {
		return nil, badBundle("读取失败（%v）", "read failed (%v)", err)
	}
	info.SHA256 = hex.EncodeToString(h.Sum(nil))
	return info, nil
}

// verifyManifest reads manifest.json into info.Manifest and checks its
// format and its signature (against pub when given, else the key inside);
// it returns the manifest's creation time.
func verifyManifest(manifest, signature *zip.File, pub ed25519.PublicKey, info *BundleInfo) (time.Time, error) {
	raw, err := readEntry(manifest, maxManifest)
	if err != nil {
		return time.Time{}, err
	}
	sig, err := readEntry(signature, 1024)
	if err != nil {
		return time.Time{}, err
	}
	m := &info.Manifest
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(m); err != nil {
		return time.Time{}, badBundle("manifest.json 无法解析（%v）", "manifest.json cannot be parsed (%v)", err)
	}
	if m.Format != BundleFormat || m.Version != BundleVersion {
		return time.Time{}, badBundle("不认识的数据包格式 %q 版本 %d", "unknown bundle format %q version %d", m.Format, m.Version)
	}
	embedded, err := ParsePublicKey([]byte(m.PublicKey))
	if err != nil {
		return time.Time{}, badBundle("manifest.json 中的站点公钥无效", "the station public key in manifest.json is invalid")
	}
	key := embedded
	if pub != nil {
		if !bytes.Equal(pub, embedded) {
			return time.Time{}, badBundle("数据包不是由所给公钥的站点签发（数据包密钥指纹 %s，所给公钥指纹 %s）",
				"the bundle was not signed by the station of the given public key (bundle key %s, given key %s)", Fingerprint(embedded), Fingerprint(pub))
		}
		info.KeyChecked = true
	}
	if len(sig) != ed25519.SignatureSize || !ed25519.Verify(key, raw, sig) {
		return time.Time{}, badBundle("签名无效：manifest.json 或 manifest.sig 被改动", "the signature is invalid: manifest.json or manifest.sig was altered")
	}
	if manifestRecordFiles(m) == nil {
		return time.Time{}, badBundle("manifest.json 列出的文件数不对", "manifest.json lists the wrong number of files")
	}
	created, err := time.Parse(time.RFC3339, m.CreatedAt)
	if err != nil {
		return time.Time{}, badBundle("manifest.json 的创建时间无效", "manifest.json has an invalid created_at")
	}
	return created, nil
}

// verifyRecords checks each records file against the manifest and counts
// its records; it returns the counts (but the signatures) and the signature
// images the sign-ins name, in order.
func verifyRecords(files []*zip.File, m *Manifest) (Counts, []expectedSig, error) {
	var got Counts
	var sigs []expectedSig
	sessions := map[string]bool{}
	names := manifestRecordFiles(m)
	if len(files) < len(names)+2 {
		return got, nil, badBundle("数据包缺少文件 %s", "the bundle lacks the file %s", names[len(files)-2])
	}
	for i, name := range names {
		f := files[i]
		if f.Name != name || m.Files[i].Name != name {
			return got, nil, badBundle("第 %d 个文件应为 %s，实际为 %s", "file %d should be %s but is %s", i+1, name, f.Name)
		}
		sum, nbytes, err := scanRecords(f, recordTypes[name], func(rec *lineRecord) {
			switch rec.Type {
			case "session":
				got.SessionRevisions++
				sessions[rec.ID] = true
				if len(rec.Correction) > 0 && string(rec.Correction) != "null" {
					got.Corrections++
				}
			case "family":
				got.Families++
			case "child":
				got.Children++
			case "caregiver":
				got.Caregivers++
			case "notice":
				got.Notices++
			case "erasure":
				got.Erasures++
			case "family_correction":
				got.FamilyCorrections++
			case "sign_in_change":
				got.SignInChanges++
			case "sign_in":
				got.SignIns++
				if rec.Signature != "" {
					sigs = append(sigs, expectedSig{rec.Signature, rec.SignatureSHA256})
				}
			}
		})
		if err != nil {
			return got, nil, err
		}
		if sum != m.Files[i].SHA256 || nbytes != m.Files[i].Bytes {
			return got, nil, badBundle("文件 %s 被改动（SHA-256 与清单不符）", "file %s was altered (its SHA-256 does not match the manifest)", name)
		}
	}
	got.Sessions = len(sessions)
	return got, sigs, nil
}

// verifyImages checks that the bundle holds exactly the signature images the
// sign-ins name, in order, each with its recorded SHA-256.
func verifyImages(imgs []*zip.File, sigs []expectedSig) error {
	for i, f := range imgs {
		if i >= len(sigs) {
			return badBundle("数据包中多出文件 %s", "the bundle holds an unexpected file %s", f.Name)
		}
		if f.Name != sigs[i].name {
			return badBundle("签名图片 %s 缺失或顺序不对（此处为 %s）", "signature image %s is missing or out of order (found %s)", sigs[i].name, f.Name)
		}
		sum, _, err := hashEntry(f)
		if err != nil {
			return err
		}
		if sum != sigs[i].sha {
			return badBundle("签名图片 %s 被改动（SHA-256 与签到记录不符）", "signature image %s was altered (its SHA-256 does not match its sign-in record)", f.Name)
		}
	}
	if len(imgs) < len(sigs) {
		return badBundle("缺少签名图片 %s", "signature image %s is missing", sigs[len(imgs)].name)
	}
	return nil
}

// manifestRecordFiles returns the records files the manifest lists when
// they are recordFiles followed by a leading part of laterRecordFiles, in
// order; nil otherwise.
func manifestRecordFiles(m *Manifest) []string {
	all := append(append([]string(nil), recordFiles...), laterRecordFiles...)
	if len(m.Files) < len(recordFiles) || len(m.Files) > len(all) {
		return nil
	}
	for i, f := range m.Files {
		if f.Name != all[i] {
			return nil
		}
	}
	return all[:len(m.Files)]
}

type expectedSig struct{ name, sha string }

// lineRecord is what verify reads of each record line.
type lineRecord struct {
	Type            string          `json:"type"`
	ID              string          `json:"id"`
	Revision        int             `json:"revision"`
	RecordID        string          `json:"record_id"`
	Correction      json.RawMessage `json:"correction"`
	Signature       string          `json:"signature"`
	SignatureSHA256 string          `json:"signature_sha256"`
}

// readEntry reads a small entry whole.
func readEntry(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, badBundle("无法读取 %s（%v）", "cannot read %s (%v)", f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, entryErr(f.Name, err)
	}
	if int64(len(b)) > limit {
		return nil, badBundle("%s 过大", "%s is too large", f.Name)
	}
	return b, nil
}

func entryErr(name string, err error) error {
	if errors.Is(err, zip.ErrChecksum) {
		return badBundle("文件 %s 被改动（校验和不符）", "file %s was altered (checksum mismatch)", name)
	}
	return badBundle("无法读取 %s（%v）", "cannot read %s (%v)", name, err)
}

func hashEntry(f *zip.File) (string, int64, error) {
	rc, err := f.Open()
	if err != nil {
		return "", 0, badBundle("无法读取 %s（%v）", "cannot read %s (%v)", f.Name, err)
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return "", 0, entryErr(f.Name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// scanRecords hashes a records file and parses each line, which must be a
// JSON object of the file's type with an ID and a record_id.
func scanRecords(f *zip.File, typ string, each func(*lineRecord)) (string, int64, error) {
	rc, err := f.Open()
	if err != nil {
		return "", 0, badBundle("无法读取 %s（%v）", "cannot read %s (%v)", f.Name, err)
	}
	defer rc.Close()
	h := sha256.New()
	cr := &countReader{r: io.TeeReader(rc, h)}
	br := bufio.NewReader(cr)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(b) > 0 {
			var rec lineRecord
			if b[len(b)-1] != '\n' || json.Unmarshal(b, &rec) != nil || rec.Type != typ || rec.ID == "" || rec.RecordID != fmt.Sprintf("%s#%d", rec.ID, rec.Revision) {
				// Finish hashing first: a changed byte is reported as such.
				_, _ = io.Copy(io.Discard, br)
				if cr.err != nil {
					return "", 0, entryErr(f.Name, cr.err)
				}
				return "", 0, badBundle("文件 %s 第 %d 行不是有效的记录", "line %d of %s is not a valid record", f.Name, line)
			}
			each(&rec)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", 0, entryErr(f.Name, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), cr.n, nil
}

type countReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, err
}

// checkCanonical rebuilds the zip from its entries exactly as the station
// writes it and compares every byte with the file.
func checkCanonical(r io.ReaderAt, size int64, files []*zip.File, created time.Time) error {
	cmp := &compareWriter{r: r, at: -1, buf: make([]byte, 4096)}
	zw := zip.NewWriter(cmp)
	for _, f := range files {
		_, _, err := writeEntry(zw, f.Name, created, func(w io.Writer) error {
			rc, err := f.Open()
			if err != nil {
				return err
			}
			defer rc.Close()
			_, err = io.Copy(w, rc)
			return err
		})
		if err != nil && cmp.at < 0 {
			return entryErr(f.Name, err)
		}
		if cmp.at >= 0 {
			break
		}
	}
	if cmp.at < 0 {
		_ = zw.Close()
	}
	if cmp.at < 0 && cmp.off != size {
		cmp.at = min(cmp.off, size)
	}
	if cmp.at >= 0 {
		return badBundle("数据包第 %d 字节处的 zip 结构被改动", "the bundle's zip structure was altered at byte %d", cmp.at)
	}
	return nil
}

// compareWriter compares what is written with the bytes of r at the same
// offsets; at is the first differing offset, -1 while all agree.
type compareWriter struct {
	r   io.ReaderAt
	off int64
	at  int64
	buf []byte
}

func (c *compareWriter) Write(p []byte) (int, error) {
	if c.at >= 0 {
		return len(p), nil
	}
	q := p
	for len(q) > 0 {
		k := min(len(q), len(c.buf))
		got, err := c.r.ReadAt(c.buf[:k], c.off)
		for i := 0; i < got; i++ {
			if c.buf[i] != q[i] {
				c.at = c.off + int64(i)
				return len(p), nil
			}
		}
		if got < k || (err != nil && err != io.EOF) {
			c.at = c.off + int64(got)
			return len(p), nil
		}
		c.off += int64(k)
		q = q[k:]
	}
	return len(p), nil
}
