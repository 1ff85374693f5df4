package checkin

import (
	"net"
	"net/netip"
	"strconv"
)

// lanAddress returns the station's LAN IPv4 address: the kiosk's own
// hotspot's when it is up (HotspotConfig), else the first private
// address of an interface that is up, preferring 192.168/16, then 10/8, then
// 172.16/12; any other global address after those. It returns false when the
// box has no network but loopback.
func lanAddress() (netip.Addr, bool) {
	ifs, err := net.Interfaces()
	if err != nil {
		return netip.Addr{}, false
	}
	var addrs []netip.Addr
	for _, ifc := range ifs {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		as, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range as {
			if n, ok := a.(*net.IPNet); ok {
				if ip, ok := netip.AddrFromSlice(n.IP); ok {
					addrs = append(addrs, ip.Unmap())
				}
			}
		}
	}
	if a, ok := hotspotAddress(addrs); ok {
		return a, true
	}
	return pickLAN(addrs)
}

// pickLAN chooses the address phones on the Wi-Fi can reach.
func pickLAN(addrs []netip.Addr) (netip.Addr, bool) {
	rank := func(a netip.Addr) int {
		switch {
		case !a.Is4() || a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsMulticast() || a.IsUnspecified():
			return -1
		case netip.MustParsePrefix("192.168.0.0/16").Contains(a):
			return 4
		case netip.MustParsePrefix("10.0.0.0/8").Contains(a):
			return 3
		case netip.MustParsePrefix("172.16.0.0/12").Contains(a):
			return 2
		default:
			return 1
		}
	}
	var best netip.Addr
	bestRank := 0
	for _, a := range addrs {
		if r := rank(a); r > bestRank {
			best, bestRank = a, r
		}
	}
	return best, bestRank > 0
}

// baseURL builds "http://host:port" from the listen address and the LAN
// address. A listen address with an explicit host wins over detection.
func baseURL(listen string, lan netip.Addr, haveLAN bool) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		host, port = "", "8080"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		if haveLAN {
			host = lan.String()
		} else {
			host = "127.0.0.1"
		}
	}
	if port == "80" {
		return "http://" + host
	}
	if _, err := strconv.Atoi(port); err != nil {
		port = "8080"
	}
	return "http://" + net.JoinHostPort(host, port)
}
