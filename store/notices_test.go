package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// TestConsentNoticesStored: every version of the notice the kiosk has ever
// shown is in the database word for word, in both languages, so the words
// behind a sign-in's recorded version can be shown later. A new version of
// the notice without its migration fails here.
func TestConsentNoticesStored(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	texts := model.ConsentTexts()
	if texts[len(texts)-1].Version != model.ConsentVersion {
		t.Fatalf("the newest notice is %s, not the current version %s", texts[len(texts)-1].Version, model.ConsentVersion)
	}
	for _, c := range texts {
		for lang, n := range map[model.Lang]model.ConsentNotice{model.LangZH: c.ZH, model.LangEN: c.EN} {
			got, ok, err := s.ConsentNotice(ctx, c.Version, lang)
			if err != nil || !ok {
				t.Fatalf("%s %s: not stored (%v)", c.Version, lang, err)
			}
			if got != n.Text() {
				t.Errorf("%s %s: stored words differ from the notice shown:\n%s\n---\n%s", c.Version, lang, got, n.Text())
			}
		}
	}
	all, err := s.ConsentNotices(ctx)
	if err != nil || len(all) != 2*len(texts) {
		t.Fatalf("ConsentNotices = %d rows (%v), want %d", len(all), err, 2*len(texts))
	}
	if _, ok, _ := s.ConsentNotice(ctx, "no-such-version", model.LangZH); ok {
		t.Error("an unknown version is found")
	}
	if _, err := s.w.Exec(`DELETE FROM consent_notices`); err == nil {
		t.Error("a stored notice can be deleted")
	}
}
