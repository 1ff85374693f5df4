package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hotspot runs deploy/nm/carekiosk-hotspot with nmcli and nft replaced by
// stubs that record their arguments and input.
func hotspot(t *testing.T, conf string, args ...string) (out string, nmcli string, nft string, dir string, err error) {
	t.Helper()
	dir = t.TempDir()
	bin := filepath.Join(dir, "bin")
	os.Mkdir(bin, 0o755)
	for _, name := range []string{"nmcli", "nft"} {
		stub := "#!/bin/sh\necho \"$@\" >>" + filepath.Join(dir, name+".log") + "\n[ \"$1\" = -f ] && cat >>" + filepath.Join(dir, name+".log") + "\nexit 0\n"
		os.WriteFile(filepath.Join(bin, name), []byte(stub), 0o755)
	}
	confPath := filepath.Join(dir, "hotspot.conf")
	os.WriteFile(confPath, []byte(conf), 0o644)
	cmd := exec.Command("sh", append([]string{"../../deploy/nm/carekiosk-hotspot"}, args...)...)
	cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"),
		"CAREKIOSK_HOTSPOT_CONF="+confPath,
		"CAREKIOSK_HOTSPOT_PASSWORD="+filepath.Join(dir, "hotspot.password"),
		"CAREKIOSK_HOTSPOT_DNSMASQ="+filepath.Join(dir, "dnsmasq", "carekiosk.conf"))
	b, err := cmd.CombinedOutput()
	n, _ := os.ReadFile(filepath.Join(dir, "nmcli.log"))
	f, _ := os.ReadFile(filepath.Join(dir, "nft.log"))
	return string(b), string(n), string(f), dir, err
}

// TestHotspotUp: the profile is a WPA2 access point with shared IPv4 at the
// configured address, DNS answers every name with it, port 80 and DNS from
// the phones lead to the kiosk, and a password is made once, private.
func TestHotspotUp(t *testing.T) {
	conf, err := os.ReadFile("../../deploy/nm/hotspot.conf")
	if err != nil {
		t.Fatal(err)
	}
	out, nmcli, nft, dir, err := hotspot(t, string(conf), "up")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{"ssid carekiosk", "802-11-wireless.mode ap", "wifi-sec.key-mgmt wpa-psk", "wifi-sec.proto rsn",
		"ipv4.method shared", "ipv4.addresses 10.42.0.1/24", "connection up carekiosk-hotspot"} {
		if !strings.Contains(nmcli, want) {
			t.Errorf("nmcli lacks %q:\n%s", want, nmcli)
		}
	}
	for _, want := range []string{"ip saddr 10.42.0.0/24 tcp dport 80 redirect to :8080", "udp dport 53 redirect to :53"} {
		if !strings.Contains(nft, want) {
			t.Errorf("nft rules lack %q:\n%s", want, nft)
		}
	}
	dns, _ := os.ReadFile(filepath.Join(dir, "dnsmasq", "carekiosk.conf"))
	if !strings.Contains(string(dns), "address=/#/10.42.0.1\n") {
		t.Errorf("dnsmasq: %s", dns)
	}
	pwPath := filepath.Join(dir, "hotspot.password")
	pw, _ := os.ReadFile(pwPath)
	if !regexp.MustCompile(`^[0-9]{10}\n$`).Match(pw) {
		t.Errorf("password %q", pw)
	}
	if st, err := os.Stat(pwPath); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("password file mode %v %v", st.Mode(), err)
	}
	if !strings.Contains(nmcli, "wifi-sec.psk "+strings.TrimSpace(string(pw))) {
		t.Errorf("the profile does not use the made password")
	}
}

func TestHotspotRefusesAShortPassword(t *testing.T) {
	out, nmcli, _, _, err := hotspot(t, "SSID=station\nPASSWORD=1234567\n", "up")
	if err == nil || !strings.Contains(out, "8") {
		t.Fatalf("a 7-character password accepted: %v %s", err, out)
	}
	if nmcli != "" {
		t.Errorf("nmcli ran: %s", nmcli)
	}
	out, _, _, _, err = hotspot(t, "SSID=station\nPASSWORD=secret-words\nADDRESS=192.168.50.1\n", "show")
	if err != nil || !strings.Contains(out, "station") || !strings.Contains(out, "secret-words") || !strings.Contains(out, "192.168.50.1") {
		t.Fatalf("show: %v %s", err, out)
	}
}
