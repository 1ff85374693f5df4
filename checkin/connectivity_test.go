package checkin

import (
	"io"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConnectivityChecks asks as each phone family does, on its own host
// name (every name leads to the kiosk on its hotspot), far more often than
// the rate limit allows, and gets the "online" answer every time.
func TestConnectivityChecks(t *testing.T) {
	e := newEnv(t, Options{RateBurst: 2, RateEvery: 1 << 40})
	cases := []struct {
		host, path string
		status     int
		body       string
	}{
		{"connectivitycheck.gstatic.com", "/generate_204", 204, ""},
		{"www.google.cn", "/generate_204", 204, ""},
		{"connectivitycheck.platform.hicloud.com", "/generate_204", 204, ""},
		{"connect.rom.miui.com", "/generate_204", 204, ""},
		{"conn1.oppomobile.com", "/generate_204", 204, ""},
		{"wifi.vivo.com.cn", "/generate_204", 204, ""},
		{"connectivitycheck.platform.hihonor.com", "/generate_204", 204, ""},
		{"clients3.google.com", "/gen_204", 204, ""},
		{"captive.apple.com", "/hotspot-detect.html", 200, "<BODY>Success</BODY>"},
		{"www.apple.com", "/library/test/success.html", 200, "Success"},
		{"www.msftconnecttest.com", "/connecttest.txt", 200, "Microsoft Connect Test"},
		{"detectportal.firefox.com", "/success.txt", 200, "success"},
	}
	for round := 0; round < 3; round++ {
		for _, c := range cases {
			req, _ := http.NewRequest(http.MethodGet, e.ts.URL+c.path, nil)
			req.Host = c.host
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != c.status || !strings.Contains(string(b), c.body) {
				t.Errorf("%s%s: %d %q, want %d %q", c.host, c.path, resp.StatusCode, b, c.status, c.body)
			}
			if c.status == 204 && len(b) != 0 {
				t.Errorf("%s%s: a 204 with a body", c.host, c.path)
			}
		}
	}
	// The check-in pages themselves stay behind the limit.
	codes := map[int]int{}
	for i := 0; i < 4; i++ {
		resp, err := http.Get(e.ts.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		codes[resp.StatusCode]++
	}
	if codes[http.StatusTooManyRequests] == 0 {
		t.Errorf("the rate limit no longer covers the pages: %v", codes)
	}
}

// TestConnectivityOnlyGetAndHead: a POST to a check's path is not answered
// as a check.
func TestConnectivityOnlyGetAndHead(t *testing.T) {
	e := newEnv(t, Options{})
	resp, err := http.Post(e.ts.URL+"/generate_204", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusNoContent {
		t.Fatal("POST answered as a connectivity check")
	}
	req, _ := http.NewRequest(http.MethodHead, e.ts.URL+"/generate_204", nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("HEAD /generate_204: %d", resp.StatusCode)
	}
}

// TestHotspotAddressWinsForTheQR: the address the hotspot file names is
// chosen when the box has it, even beside a 192.168 network; otherwise the
// usual choice stands.
func TestHotspotAddressWinsForTheQR(t *testing.T) {
	old := HotspotConfig
	t.Cleanup(func() { HotspotConfig = old })
	HotspotConfig = filepath.Join(t.TempDir(), "hotspot.conf")
	os.WriteFile(HotspotConfig, []byte("SSID=carekiosk\n# ADDRESS=10.0.0.9\nADDRESS=10.42.0.1\nPORT=8080\n"), 0o644)
	lan := netip.MustParseAddr("192.168.1.20")
	hot := netip.MustParseAddr("10.42.0.1")
	if a, ok := hotspotAddress([]netip.Addr{lan, hot}); !ok || a != hot {
		t.Fatalf("got %v %v, want the hotspot's 10.42.0.1", a, ok)
	}
	if _, ok := hotspotAddress([]netip.Addr{lan}); ok {
		t.Fatal("hotspot address chosen while the box does not have it")
	}
	HotspotConfig = filepath.Join(t.TempDir(), "missing.conf")
	if _, ok := hotspotAddress([]netip.Addr{lan, hot}); ok {
		t.Fatal("hotspot address chosen without a hotspot file")
	}
}
