package checkin

import (
	"bufio"
	"net/http"
	"net/netip"
	"os"
	"strings"
)

// Phones joining a Wi-Fi fetch a known URL over plain HTTP to decide whether
// it reaches the internet; one that does not is often left for mobile data,
// and the check-in page with it. On the kiosk's own hotspot every name
// resolves to the kiosk and port 80 is sent to this server (see
// deploy/README.md), so the server gives each check the answer that means
// "online": Android and the Chinese phone makers (Huawei, Honor, Xiaomi,
// OPPO, vivo, Samsung China …) ask for /generate_204 on their own hosts and
// want an empty 204; Apple wants a page saying Success; Windows and Firefox
// want a fixed text.
var connectivityAnswers = map[string]struct {
	status      int
	contentType string
	body        string
}{
	"/generate_204":              {http.StatusNoContent, "", ""},
	"/gen_204":                   {http.StatusNoContent, "", ""},
	"/hotspot-detect.html":       {http.StatusOK, "text/html", "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>"},
	"/library/test/success.html": {http.StatusOK, "text/html", "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>"},
	"/connecttest.txt":           {http.StatusOK, "text/plain", "Microsoft Connect Test"},
	"/ncsi.txt":                  {http.StatusOK, "text/plain", "Microsoft NCSI"},
	"/success.txt":               {http.StatusOK, "text/plain", "success\n"},
}

// connectivity answers the phones' connectivity checks ahead of everything
// else: outside the per-address rate limit, because a phone repeats them
// and every app on it may try a plain-HTTP host that now leads here, and a
// family must never be refused its check-in for that.
func connectivity(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/favicon.ico" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			// Every page load asks for it: no icon, cached a day, and not
			// counted against the phone's rate limit.
			w.Header().Set("Cache-Control", "public, max-age=86400")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		a, ok := connectivityAnswers[r.URL.Path]
		if !ok || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		if a.contentType != "" {
			h.Set("Content-Type", a.contentType+"; charset=utf-8")
		}
		w.WriteHeader(a.status)
		if r.Method == http.MethodGet && a.body != "" {
			_, _ = w.Write([]byte(a.body))
		}
	})
}

// HotspotConfig is the box's hotspot settings file (deploy/nm/hotspot.conf,
// installed by the package). When the ADDRESS it names is on one of the
// box's interfaces, the QR code uses it: phones on the kiosk's own Wi-Fi
// reach the kiosk there, whatever other networks the box is on.
var HotspotConfig = "/etc/carekiosk/hotspot.conf"

// hotspotAddress returns the hotspot's address when one of addrs is it.
func hotspotAddress(addrs []netip.Addr) (netip.Addr, bool) {
	f, err := os.Open(HotspotConfig)
	if err != nil {
		return netip.Addr{}, false
	}
	defer f.Close()
	var want netip.Addr
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if ok && strings.TrimSpace(k) == "ADDRESS" {
			want, err = netip.ParseAddr(strings.Trim(strings.TrimSpace(v), `"'`))
			if err != nil {
				return netip.Addr{}, false
			}
		}
	}
	for _, a := range addrs {
		if want.IsValid() && a == want {
			return a, true
		}
	}
	return netip.Addr{}, false
}
