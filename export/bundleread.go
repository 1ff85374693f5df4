package export

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// The record types of a bundle, for readers outside this package (the
// county's import).
type (
	// SessionRecord is one revision of a session.
	SessionRecord = sessionRecord
	// SignInRecord is one sign-in.
	SignInRecord = signInRecord
	// FamilyRecord is one family.
	FamilyRecord = familyRecord
	// ChildRecord is one child.
	ChildRecord = childRecord
	// CaregiverRecord is one caregiver.
	CaregiverRecord = caregiverRecord
	// NoticeRecord is one version of the guardian notice in one language.
	NoticeRecord = noticeRecord
	// ErasureRecord is one family erased at the station.
	ErasureRecord = erasureRecord
	// FamilyCorrectionRecord is one correction, merge or split of a family.
	FamilyCorrectionRecord = familyCorrectionRecord
	// FollowRecord is one record that followed a family correction.
	FollowRecord = followRecord
	// SignInChangeRecord is one sign-in withdrawn, removed or corrected.
	SignInChangeRecord = signInChangeRecord
)

// Line is one record with the exact bytes of its JSON line (without the
// newline), which the county keeps and compares.
type Line[T any] struct {
	Rec T
	Raw []byte
}

// Bundle is a verified bundle's content.
type Bundle struct {
	Info       *BundleInfo
	Sessions   []Line[SessionRecord]
	Families   []Line[FamilyRecord]
	Children   []Line[ChildRecord]
	Caregivers []Line[CaregiverRecord]
	SignIns    []Line[SignInRecord]
	// Notices are the guardian notice's versions (none in older bundles).
	Notices []Line[NoticeRecord]
	// Erasures are the families erased at the station (none in older
	// bundles): the county erases its copy too.
	Erasures []Line[ErasureRecord]
	// FamilyCorrections are the corrections, merges and splits of families
	// at the station (none in older bundles): the county keeps and
	// applies them.
	FamilyCorrections []Line[FamilyCorrectionRecord]
	// SignInChanges are the sign-ins withdrawn, removed or corrected at the
	// station (none in older bundles).
	SignInChanges []Line[SignInChangeRecord]
	// Signatures maps a sign-in's Signature name to its PNG.
	Signatures map[string][]byte
}

// ReadBundle verifies a bundle (see Verify) and reads its records and
// signature images.
func ReadBundle(r io.ReaderAt, size int64, pub ed25519.PublicKey) (*Bundle, error) {
	info, err := Verify(r, size, pub)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, badBundle("zip 结构已损坏（%v）", "the zip structure is damaged (%v)", err)
	}
	b := &Bundle{Info: info, Signatures: map[string][]byte{}}
	for _, f := range zr.File {
		var err error
		switch {
		case f.Name == recordFiles[0]:
			b.Sessions, err = readLines[SessionRecord](f)
		case f.Name == recordFiles[1]:
			b.Families, err = readLines[FamilyRecord](f)
		case f.Name == recordFiles[2]:
			b.Children, err = readLines[ChildRecord](f)
		case f.Name == recordFiles[3]:
			b.Caregivers, err = readLines[CaregiverRecord](f)
		case f.Name == recordFiles[4]:
			b.SignIns, err = readLines[SignInRecord](f)
		case f.Name == laterRecordFiles[0]:
			b.Notices, err = readLines[NoticeRecord](f)
		case f.Name == laterRecordFiles[1]:
			b.Erasures, err = readLines[ErasureRecord](f)
		case f.Name == familyCorrectionsFile:
			b.FamilyCorrections, err = readLines[FamilyCorrectionRecord](f)
		case f.Name == signInChangesFile:
			b.SignInChanges, err = readLines[SignInChangeRecord](f)
		case strings.HasPrefix(f.Name, signaturePrefix):
			b.Signatures[f.Name], err = readEntry(f, 16<<20)
		}
		if err != nil {
			return nil, err
		}
	}
	return b, nil
}

// maxRecordLine bounds one record line: the longest a station writes (a
// family merge listing every sign-in that moved) is far below it, and a
// larger one from an altered station is refused before it is decoded.
const maxRecordLine = 8 << 20

func readLines[T any](f *zip.File) ([]Line[T], error) {
	rc, err := f.Open()
	if err != nil {
		return nil, entryErr(f.Name, err)
	}
	defer rc.Close()
	var out []Line[T]
	sc := bufio.NewScanner(rc)
	sc.Buffer(make([]byte, 0, 64<<10), maxRecordLine+1)
	sc.Split(splitLines)
	for sc.Scan() {
		var l Line[T]
		l.Raw = bytes.Clone(sc.Bytes())
		if jerr := json.Unmarshal(l.Raw, &l.Rec); jerr != nil {
			return nil, badBundle("文件 %s 有一行无法读取（%v）", "a line of %s cannot be read (%v)", f.Name, jerr)
		}
		out = append(out, l)
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		return nil, badBundle("文件 %s 有一行超过 %d MB，不是站点写的记录", "a line of %s is longer than %d MB; no station writes such a record", f.Name, maxRecordLine>>20)
	}
	if err := sc.Err(); err != nil {
		return nil, entryErr(f.Name, err)
	}
	return out, nil
}

// splitLines splits at each newline only, keeping every other byte of the
// line (a carriage return too) as the station signed it; a last line
// without a newline is a line too.
func splitLines(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, data[:i], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}
