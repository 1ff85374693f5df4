package model

import (
	"net"
	"net/url"
	"strconv"
	"strings"
)

// NormalizeListen reads the phone check-in server's address as a person
// types it: a port alone ("8081" or ":8081") means all interfaces, or a
// host and port ("192.168.1.20:8080"). Empty means the default ":8080".
func NormalizeListen(typed string) (string, error) {
	s := halfWidth(strings.TrimSpace(typed))
	if s == "" {
		return ":8080", nil
	}
	if _, err := strconv.Atoi(s); err == nil {
		s = ":" + s
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", listenErr(strings.TrimSpace(typed))
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return "", listenErr(strings.TrimSpace(typed))
	}
	if host != "" {
		if _, err := netipParse(host); err != nil {
			return "", listenErr(strings.TrimSpace(typed))
		}
	}
	return net.JoinHostPort(host, strconv.Itoa(n)), nil
}

func listenErr(s string) error {
	return FieldErrorf("listen", "手机签到端口 %s 不对：请填 1-65535 的数字（如 8080）或 IP:端口",
		"phone port %s is not valid: enter a number from 1 to 65535 (e.g. 8080) or IP:port", s)
}

// netipParse accepts an IP address (no host names: the server listens on
// this machine's own addresses).
func netipParse(host string) (net.IP, error) {
	ip := net.ParseIP(host)
	if ip == nil {
		return nil, &net.AddrError{Err: "not an IP address", Addr: host}
	}
	return ip, nil
}

// NormalizePublicURL reads the address printed in the check-in QR code
// when the detected one is wrong (a kiosk with two networks): empty (detect
// it), or "http://host[:port]" with nothing after the port. A missing
// scheme is taken as http.
func NormalizePublicURL(typed string) (string, error) {
	s := halfWidth(strings.TrimSpace(typed))
	if s == "" {
		return "", nil
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !hostOK(u.Hostname()) ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", FieldErrorf("public_url", "二维码网址不对：应像 http://192.168.1.20:8080，留空则自动检测（%s）",
			"the QR address should look like http://192.168.1.20:8080, or stay empty to detect it (%s)", strings.TrimSpace(typed))
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", FieldErrorf("public_url", "二维码网址的端口不对（%s）", "the port of the QR address is not valid (%s)", strings.TrimSpace(typed))
		}
	}
	return u.Scheme + "://" + u.Host, nil
}

// PublicURLForListen completes a QR address typed without a port (a nurse
// types the IP alone) with the port the phone server listens on; an https
// address, one with a port, and port 80 are left as they are. listen is a
// NormalizeListen result.
func PublicURLForListen(publicURL, listen string) string {
	u, err := url.Parse(publicURL)
	if publicURL == "" || err != nil || u.Scheme != "http" || u.Port() != "" {
		return publicURL
	}
	_, port, err := net.SplitHostPort(listen)
	if err != nil || port == "" || port == "80" {
		return publicURL
	}
	return "http://" + net.JoinHostPort(u.Hostname(), port)
}

// hostOK accepts an IP address or a plain host name (letters, digits,
// hyphens and dots), as a phone can reach on the station's network.
func hostOK(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	if h == "" || len(h) > 253 {
		return false
	}
	// Digits and dots that are not an IP address (a port typed into the
	// wrong field, "8081") name no host a phone can reach.
	if strings.Trim(h, "0123456789.") == "" {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// halfWidth turns the full-width digits, colon, dot and slash a Chinese
// input method may type into their ASCII forms.
func halfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '：':
			return ':'
		case r == '．' || r == '。':
			return '.'
		case r == '／':
			return '/'
		}
		return r
	}, s)
}
