package model

import (
	"strings"
	"testing"
)

func TestNormalizeListen(t *testing.T) {
	good := map[string]string{
		"": ":8080", "8081": ":8081", " :8081 ": ":8081", "0.0.0.0:80": "0.0.0.0:80",
		"192.168.1.20:8080": "192.168.1.20:8080", "[::]:8080": "[::]:8080", ":08080": ":8080", "８０８０": ":8080", "１９２．１６８．１．２０：８０８０": "192.168.1.20:8080",
	}
	for in, want := range good {
		got, err := NormalizeListen(in)
		if err != nil || got != want {
			t.Errorf("NormalizeListen(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "65536", ":-1", "kiosk:8080", "192.168.1.20", "http://x:80", ":80a", "1.2.3.4:", "八〇八〇"} {
		_, err := NormalizeListen(in)
		if err == nil || !strings.Contains(ErrorMessage(err, "zh"), "手机签到端口 "+strings.TrimSpace(in)+" 不对") {
			t.Errorf("NormalizeListen(%q): %v, want the Chinese message", in, err)
		}
	}
}

func TestNormalizePublicURL(t *testing.T) {
	good := map[string]string{
		"": "", "http://192.168.1.20:8080": "http://192.168.1.20:8080", "192.168.1.20:8080": "http://192.168.1.20:8080",
		"http://kiosk.local/": "http://kiosk.local", "https://kiosk.example": "https://kiosk.example",
	}
	for in, want := range good {
		got, err := NormalizePublicURL(in)
		if err != nil || got != want {
			t.Errorf("NormalizePublicURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"ftp://x", "http://", "http://x/c/abc", "http://x?a=1", "http://u:p@x", "http://x:99999", "http://x#a", "%8000", "http://ki_osk", "http://-x.local", "８０８１", "8081", "192.168.1", "1.2.3.4.5"} {
		_, err := NormalizePublicURL(in)
		if err == nil || !strings.Contains(ErrorMessage(err, "zh"), "二维码网址") {
			t.Errorf("NormalizePublicURL(%q): %v, want the Chinese message", in, err)
		}
	}
}

// Settings with a bad phone address are refused as a whole.
func TestSettingsValidatePhoneAddress(t *testing.T) {
	s := DefaultSettings()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	s.Listen = "99999"
	if err := s.Validate(); err == nil {
		t.Error("a port of 99999 was accepted")
	}
	s.Listen, s.PublicURL = ":8080", "http://x/path"
	if err := s.Validate(); err == nil {
		t.Error("a QR address with a path was accepted")
	}
}

// FuzzPhoneAddress: whatever is typed, the checks do not panic, and what
// they accept is stable: checking the result again gives it back.
func FuzzPhoneAddress(f *testing.F) {
	for _, s := range []string{"", "8080", ":8081", "192.168.1.20:8080", "[::]:80", "８０８０", "http://x:1/", "kiosk.local", "http://[::1]:8080"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, err := NormalizeListen(s); err == nil {
			if again, err := NormalizeListen(got); err != nil || again != got {
				t.Fatalf("NormalizeListen(%q) = %q, then %q, %v", s, got, again, err)
			}
		}
		if got, err := NormalizePublicURL(s); err == nil && got != "" {
			if again, err := NormalizePublicURL(got); err != nil || again != got {
				t.Fatalf("NormalizePublicURL(%q) = %q, then %q, %v", s, got, again, err)
			}
		}
	})
}

// A QR address typed without a port gets the server's port.
func TestPublicURLForListen(t *testing.T) {
	cases := []struct{ url, listen, want string }{
		{"http://192.168.1.50", ":8080", "http://192.168.1.50:8080"},
		{"http://192.168.1.50", "0.0.0.0:8081", "http://192.168.1.50:8081"},
		{"http://192.168.1.50:9000", ":8080", "http://192.168.1.50:9000"},
		{"http://kiosk.local", ":80", "http://kiosk.local"},
		{"https://kiosk.example", ":8080", "https://kiosk.example"},
		{"", ":8080", ""},
		{"http://[fe80::1]", ":8080", "http://[fe80::1]:8080"},
	}
	for _, c := range cases {
		if got := PublicURLForListen(c.url, c.listen); got != c.want {
			t.Errorf("PublicURLForListen(%q, %q) = %q, want %q", c.url, c.listen, got, c.want)
		}
	}
}
