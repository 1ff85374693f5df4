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
