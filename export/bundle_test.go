package export

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"carekiosk/model"
	"carekiosk/store"
)

// zipLines reads a JSON-lines entry of a bundle.
func zipLines(t *testing.T, path, name string) []map[string]any {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var out []map[string]any
	sc := bufio.NewScanner(rc)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func TestBundleRoundTrip(t *testing.T) {
	c := sharedCounty(t)
	pub, err := PublicKey(c.ctx, c.s)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	prev, err := c.s.BundleState(c.ctx)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(c.ctx, c.s, Options{OutDir: out, Formats: []string{FormatBundle}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.BundleSequence != prev.Sequence+1 || len(rep.Files) != 1 || rep.Files[0] != rep.Bundle {
		t.Fatalf("report %+v", rep)
	}
	info, err := VerifyFile(rep.Bundle, pub)
	if err != nil {
		t.Fatal(err)
	}
	m := info.Manifest
	drawn := 0
	for _, id := range []string{c.normal.ID, c.big.ID, c.rare.ID, c.inject.ID, c.open.ID} {
		sis, _ := c.s.SignIns(c.ctx, id)
		for _, si := range sis {
			if len(si.SignaturePNG) > 0 {
				drawn++
			}
		}
	}
	want := Counts{Sessions: 6, SessionRevisions: 8, Corrections: 2, SignIns: 212, Signatures: drawn, Notices: 2 * len(model.ConsentTexts())}
	got := m.Counts
	got.Families, got.Children, got.Caregivers = 0, 0, 0
	if got != want || !info.KeyChecked || m.Sequence != prev.Sequence+1 || m.PreviousSHA256 != prev.SHA256 || !m.Cumulative {
		t.Fatalf("manifest %+v, want counts %+v", m, want)
	}
	if m.Counts.Families != 40+4 || m.Counts.Children != 204 || m.Counts.Caregivers != 40+4 {
		t.Errorf("families/children/caregivers %+v", m.Counts)
	}
	set, _ := c.s.Settings(c.ctx)
	if m.StationID != set.StationID || m.Unit != "温溪片卫生院" || m.Station != "温溪镇社区卫生服务站" {
		t.Errorf("station %+v", m)
	}

	// A correction is a new revision pointing at the one it replaces.
	var revs []map[string]any
	for _, r := range zipLines(t, rep.Bundle, "records/sessions.jsonl") {
		if r["id"] == c.normal.ID {
			revs = append(revs, r)
		}
	}
	if len(revs) != 3 {
		t.Fatalf("revisions of the corrected session: %d", len(revs))
	}
	if revs[0]["title"] != "辅食添加" || revs[0]["replaces"] != nil || revs[0]["record_id"] != c.normal.ID+"#1" {
		t.Errorf("revision 1: %v", revs[0])
	}
	if revs[1]["title"] != "辅食添加与喂养" || revs[1]["replaces"] != c.normal.ID+"#1" || revs[1]["correction"].(map[string]any)["reason"] != "标题写错" {
		t.Errorf("revision 2: %v", revs[1])
	}
	seg := func(r map[string]any) string { return r["segments"].([]any)[2].(map[string]any)["notes"].(string) }
	if seg(revs[1]) != "" || seg(revs[2]) != "-家长分享了喂养经验" || revs[2]["replaces"] != c.normal.ID+"#2" {
		t.Errorf("revision 3: %v", revs[2])
	}
	// Sign-ins keep their UUIDs, phones and signature hashes.
	sis := zipLines(t, rep.Bundle, "records/signins.jsonl")
	stored, _ := c.s.SignIns(c.ctx, c.rare.ID)
	found := 0
	for _, r := range sis {
		for _, si := range stored {
			if r["id"] == si.ID {
				found++
				if r["phone"] != si.Phone || r["child_name"] != si.ChildName || r["revision"].(float64) != 1 {
					t.Errorf("sign-in record %v", r)
				}
				if len(si.SignaturePNG) > 0 {
					sum := sha256.Sum256(si.SignaturePNG)
					if r["signature_sha256"] != hex.EncodeToString(sum[:]) || r["signature"] != "signatures/"+si.ID+".png" {
						t.Errorf("signature of %v", r)
					}
				}
			}
		}
	}
	if found != len(stored) {
		t.Errorf("found %d of %d sign-ins", found, len(stored))
	}

	// The next bundle chains to this one; a verify with another key fails.
	raw, _ := os.ReadFile(rep.Bundle)
	sum := sha256.Sum256(raw)
	if st, _ := c.s.BundleState(c.ctx); st.Sequence != prev.Sequence+1 || st.SHA256 != hex.EncodeToString(sum[:]) || info.SHA256 != st.SHA256 {
		t.Fatalf("bundle state %+v", st)
	}
	rep2, err := Run(c.ctx, c.s, Options{OutDir: out, Formats: []string{FormatBundle}, From: model.MustDate("2026-05-01")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	info2, err := VerifyFile(rep2.Bundle, pub)
	if err != nil {
		t.Fatal(err)
	}
	if info2.Manifest.Sequence != prev.Sequence+2 || info2.Manifest.PreviousSHA256 != info.SHA256 {
		t.Errorf("second bundle %+v", info2.Manifest)
	}
	// Only a whole bundle joins the chain: an export for a date range still
	// writes every record into its bundle (the range limits the forms), so
	// its records are those of the whole bundle before it.
	if m2 := info2.Manifest; !m2.Whole() || m2.From != "" || m2.To != "" || m2.Counts != info.Manifest.Counts || !reflect.DeepEqual(m2.Files, info.Manifest.Files) {
		t.Errorf("a range export's bundle is not whole:\n%+v\nwhole:\n%+v", m2, info.Manifest)
	}
	if rep2.Sessions >= info.Manifest.Counts.Sessions {
		t.Errorf("the range export's forms hold %d sessions, the whole bundle %d: the range did not limit the forms", rep2.Sessions, info.Manifest.Counts.Sessions)
	}
	other, _, _ := ed25519.GenerateKey(nil)
	if _, err := VerifyFile(rep2.Bundle, other); err == nil || !strings.Contains(err.Error(), Fingerprint(pub)) {
		t.Errorf("verify with another station's key: %v", err)
	}
}

// smallBundle exports one session with one child (a drawn signature)
// and returns the bundle's bytes and the station's key.
func smallBundle(t testing.TB) ([]byte, ed25519.PublicKey) {
	f := newFixture(t)
	f.session("2026-03-15", "辅食添加", model.AgeBand{Min: 7, Max: 9}, kids(1), false)
	rep, err := Run(f.ctx, f.s, Options{OutDir: t.TempDir(), Formats: []string{FormatBundle}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(rep.Bundle)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := PublicKey(f.ctx, f.s)
	if err != nil {
		t.Fatal(err)
	}
	return b, pub
}

// TestBundleEveryByteMatters flips each byte of a small bundle in turn:
// verify must fail every time, with or without the county's key, and say
// what is wrong.
func TestBundleEveryByteMatters(t *testing.T) {
	b, pub := smallBundle(t)
	if _, err := Verify(bytes.NewReader(b), int64(len(b)), pub); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	c := bytes.Clone(b)
	for i := range b {
		c[i] ^= 0x01
		_, err := Verify(bytes.NewReader(c), int64(len(c)), nil)
		c[i] = b[i]
		if err == nil {
			t.Fatalf("flipping byte %d of %d went unnoticed", i, len(b))
		}
		msg := model.ErrorMessage(err, "zh")
		if !strings.HasPrefix(msg, "数据包校验失败：") {
			t.Fatalf("byte %d: message %q", i, msg)
		}
		kind := strings.TrimPrefix(msg, "数据包校验失败：")
		kind = strings.TrimRight(strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return -1
			}
			return r
		}, kind), " ")
		kinds[string([]rune(kind)[:min(12, len([]rune(kind)))])]++
	}
	// Truncated or extended copies fail too.
	for _, c := range [][]byte{b[:len(b)-1], append(bytes.Clone(b), 0)} {
		if _, err := Verify(bytes.NewReader(c), int64(len(c)), pub); err == nil {
			t.Errorf("a bundle of %d bytes instead of %d verified", len(c), len(b))
		}
	}
	t.Logf("%d bytes, failures by kind: %v", len(b), kinds)
}

var updateGolden = flag.Bool("golden", false, "rewrite testdata/bundle-v1.zip")

// goldenBundle is a small bundle kept in testdata: every fuzz worker sees the
// same bytes, and it proves that bundles written earlier keep verifying.
const goldenBundle = "testdata/bundle-v1.zip"

func TestGoldenBundleVerifies(t *testing.T) {
	if *updateGolden {
		b, _ := smallBundle(t)
		if err := os.WriteFile(goldenBundle, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	info, err := VerifyFile(goldenBundle, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := info.Manifest.Counts; c.Sessions != 1 || c.SignIns != 1 || c.Signatures != 1 {
		t.Errorf("golden counts %+v", c)
	}
}

// FuzzVerifyBundle feeds the bundle reader damaged bundles: it must never
// panic, and it may accept only the bundle exactly as written.
func FuzzVerifyBundle(f *testing.F) {
	good, err := os.ReadFile(goldenBundle)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := Verify(bytes.NewReader(data), int64(len(data)), nil)
		if err == nil && !bytes.Equal(data, good) {
			t.Fatalf("a changed bundle verified: %+v", info.Manifest)
		}
	})
}

// TestBundleNumberTaken: when another export claims the number while this
// one runs, this one fails clearly and withdraws its bundle, so no two
// bundles share a number.
func TestBundleNumberTaken(t *testing.T) {
	f := newFixture(t)
	f.session("2026-03-15", "辅食添加", model.AgeBand{Min: 7, Max: 9}, kids(1), false)
	raced := false
	out := t.TempDir()
	rep, err := Run(f.ctx, f.s, Options{OutDir: out}, func(done, total int) {
		if !raced {
			raced = true
			if err := f.s.SaveBundleState(f.ctx, 0, store.BundleState{Sequence: 1, SHA256: "other"}); err != nil {
				t.Error(err)
			}
		}
	})
	if model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(model.ErrorMessage(err, "zh"), "第 1 号数据包") {
		t.Fatalf("export racing another: %+v %v", rep, err)
	}
	matches, _ := filepath.Glob(filepath.Join(out, "*", "站点数据包_*"))
	forms, _ := filepath.Glob(filepath.Join(out, "*", "活动统计表_*"))
	if len(matches) != 0 || len(forms) != 1 {
		t.Errorf("withdrawn bundle still there: %v", matches)
	}
	if st, _ := f.s.BundleState(f.ctx); st.SHA256 != "other" {
		t.Errorf("state %+v", st)
	}
}

func TestCheckChain(t *testing.T) {
	f := newFixture(t)
	f.session("2026-03-15", "辅食添加", model.AgeBand{Min: 7, Max: 9}, kids(1), false)
	var infos []*BundleInfo
	for i := 0; i < 3; i++ {
		rep, err := Run(f.ctx, f.s, Options{OutDir: t.TempDir(), Formats: []string{FormatBundle}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		info, err := VerifyFile(rep.Bundle, nil)
		if err != nil {
			t.Fatal(err)
		}
		infos = append(infos, info)
	}
	if err := CheckChain([]*BundleInfo{infos[2], infos[0], infos[1]}); err != nil {
		t.Fatalf("a whole chain in any order: %v", err)
	}
	if err := CheckChain(infos[1:]); err != nil {
		t.Fatalf("a chain continuing an earlier import: %v", err)
	}
	if err := CheckChain([]*BundleInfo{infos[0], infos[2]}); err == nil || !strings.Contains(model.ErrorMessage(err, "zh"), "缺少第 2 号数据包") {
		t.Errorf("missing bundle 2: %v", err)
	}
	fake := *infos[1]
	fake.SHA256 = "0000"
	if err := CheckChain([]*BundleInfo{infos[0], &fake, infos[2]}); err == nil || !strings.Contains(model.ErrorMessage(err, "zh"), "第 3 号数据包的上一个不是") {
		t.Errorf("replaced bundle 2: %v", err)
	}
	// Only a whole bundle completes a chain: one that an older carekiosk
	// wrote for a date range holds part of the records. In the middle of a
	// chain a later whole bundle covers it; as the newest it is reported.
	partial := func(b *BundleInfo) *BundleInfo {
		p := *b
		p.Manifest.From, p.Manifest.To = "2026-03-01", "2026-03-31"
		return &p
	}
	if err := CheckChain([]*BundleInfo{infos[0], partial(infos[1]), infos[2]}); err != nil {
		t.Errorf("a partial bundle before a whole one: %v", err)
	}
	if err := CheckChain([]*BundleInfo{infos[0], infos[1], partial(infos[2])}); err == nil || !strings.Contains(model.ErrorMessage(err, "zh"), "第 3 号数据包只含 2026-03-01 .. 2026-03-31 的记录") {
		t.Errorf("a chain ending in a partial bundle: %v", err)
	}
	if partial(infos[0]).Manifest.Whole() || !infos[0].Manifest.Whole() {
		t.Error("Whole")
	}

	// Bundles of several stations: each station's chain on its own.
	g := newFixture(t)
	g.session("2026-03-16", "辅食添加", model.AgeBand{Min: 7, Max: 9}, kids(1), false)
	var others []*BundleInfo
	for i := 0; i < 3; i++ {
		rep, err := Run(g.ctx, g.s, Options{OutDir: t.TempDir(), Formats: []string{FormatBundle}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		info, err := VerifyFile(rep.Bundle, nil)
		if err != nil {
			t.Fatal(err)
		}
		others = append(others, info)
	}
	if err := CheckChain([]*BundleInfo{infos[0], others[0]}); err == nil {
		t.Error("CheckChain took two stations' bundles as one chain")
	}
	chains := CheckChains([]*BundleInfo{others[2], infos[0], others[0], infos[1], infos[2]})
	if len(chains) != 2 || chains[0].StationID != others[0].Manifest.StationID || len(chains[0].Bundles) != 2 || len(chains[1].Bundles) != 3 {
		t.Fatalf("chains %+v", chains)
	}
	if chains[0].Err == nil || !strings.Contains(model.ErrorMessage(chains[0].Err, "zh"), "缺少第 2 号数据包") || chains[1].Err != nil {
		t.Errorf("per-station results: %v / %v", chains[0].Err, chains[1].Err)
	}
}

// Two stations of one unit send their bundles to one county inbox: the
// file names carry the station, so neither overwrites the other.
func TestBundleNamesCarryTheStation(t *testing.T) {
	var names []string
	for i := 0; i < 2; i++ {
		f := newFixture(t)
		f.session("2026-03-15", "辅食添加", model.AgeBand{Min: 7, Max: 9}, kids(1), false)
		rep, err := Run(f.ctx, f.s, Options{OutDir: t.TempDir(), Formats: []string{FormatBundle}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		set, _ := f.s.Settings(f.ctx)
		stations, _ := f.s.Stations(f.ctx)
		var station string
		for _, s := range stations {
			if s.ID == set.StationID {
				station = s.Name
			}
		}
		name := filepath.Base(rep.Bundle)
		if station == "" || !strings.Contains(name, station) || !strings.Contains(name, "第0001号") {
			t.Errorf("bundle name %q does not name the station %q", name, station)
		}
		names = append(names, name)
	}
	if names[0] == names[1] {
		t.Errorf("two stations of one unit write the same bundle name %q", names[0])
	}
}
