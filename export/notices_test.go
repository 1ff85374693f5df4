package export

import (
	"os"
	"testing"

	"carekiosk/model"
)

// TestBundleCarriesNotices: a new bundle holds the full words of every
// version of the guardian notice, so each sign-in's recorded consent
// version can be shown at the county; a bundle written before the notices
// travelled (the golden one) still verifies and reads with none.
func TestBundleCarriesNotices(t *testing.T) {
	b, _ := smallBundle(t)
	path := t.TempDir() + "/b.zip"
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	bundle := readBundleFile(t, path)
	texts := map[string]string{}
	for _, l := range bundle.Notices {
		texts[l.Rec.Version+"/"+l.Rec.Lang] = l.Rec.Text
	}
	for _, c := range model.ConsentTexts() {
		if texts[c.Version+"/zh"] != c.ZH.Text() || texts[c.Version+"/en"] != c.EN.Text() {
			t.Errorf("version %s: the bundle's words differ from the notice's", c.Version)
		}
	}
	for _, si := range bundle.SignIns {
		if v := si.Rec.ConsentVersion; v != "" && texts[v+"/zh"] == "" {
			t.Errorf("sign-in %s names version %s, whose words the bundle lacks", si.Rec.ID, v)
		}
	}
	if bundle.Info.Manifest.Counts.Notices != len(bundle.Notices) || len(bundle.Notices) == 0 {
		t.Errorf("manifest counts %d notices, the bundle holds %d", bundle.Info.Manifest.Counts.Notices, len(bundle.Notices))
	}
	old := readBundleFile(t, goldenBundle)
	if len(old.Notices) != 0 || len(old.SignIns) != 1 {
		t.Errorf("the older bundle reads as %d notices, %d sign-ins", len(old.Notices), len(old.SignIns))
	}
}

func readBundleFile(t *testing.T, path string) *Bundle {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadBundle(f, st.Size(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
