package model

import (
	"strings"
	"testing"
)

// TestConsentNoticeComplete: both languages say all four things and the
// agreement, and the Chinese notice is the default.
func TestConsentNoticeComplete(t *testing.T) {
	for _, lang := range Langs {
		n := Consent(lang)
		for i, s := range append(n.Lines(), n.Head, n.Agree) {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: part %d is empty", lang, i)
			}
		}
	}
	if Consent("") != Consent("zh") || Consent("fr") != Consent("zh") {
		t.Error("an unknown language does not fall back to Chinese")
	}
	if !strings.HasPrefix(Consent("zh").Who, "谁能看到") || !strings.HasPrefix(Consent("en").Long, "How long") {
		t.Error("the paragraphs are not in reading order")
	}
}
