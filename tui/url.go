package tui

import (
	"fmt"
	"net"
)

// LANURL is the fallback check-in address, http://<LAN-ip>:<port>/c/<session>,
// used until the phone server supplies one with a rotating token.
type LANURL struct {
	Host string
	Port int
}

// URL implements CheckinURL.
func (u LANURL) URL(sessionID string) string {
	host := u.Host
	if host == "" {
		host = "127.0.0.1"
	}
	port := u.Port
	if port == 0 {
		port = 8080
	}
	return fmt.Sprintf("http://%s/c/%s", net.JoinHostPort(host, fmt.Sprint(port)), sessionID)
}

// DetectLANURL finds the first private IPv4 address of this machine for the
// fallback URL; it falls back to 127.0.0.1.
func DetectLANURL(port int) LANURL {
	addrs, err := net.InterfaceAddrs()
	if err == nil {
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok || ipn.IP.IsLoopback() {
				continue
			}
			if ip4 := ipn.IP.To4(); ip4 != nil && ip4.IsPrivate() {
				return LANURL{Host: ip4.String(), Port: port}
			}
		}
	}
	return LANURL{Host: "127.0.0.1", Port: port}
}
