package main

import (
	"context"

	"carekiosk/export"
	"carekiosk/tui"
)

// StationKey returns the station's public key for the settings' key screen.
func (e kioskExporter) StationKey(ctx context.Context) (tui.StationKeyInfo, error) {
	k, err := export.StationKeyOf(ctx, e.st)
	if err != nil {
		return tui.StationKeyInfo{}, err
	}
	return tui.StationKeyInfo{Fingerprint: k.Fingerprint, Unit: k.Unit, Station: k.Station, FileName: k.FileName}, nil
}

// WriteStationKey writes the file `carekiosk pubkey` prints into dir.
func (e kioskExporter) WriteStationKey(ctx context.Context, dir string) (string, bool, error) {
	k, err := export.StationKeyOf(ctx, e.st)
	if err != nil {
		return "", false, err
	}
	return export.WriteStationKey(dir, k)
}

// ReadOnlySticks lists the USB sticks mounted read-only.
func (e kioskExporter) ReadOnlySticks() ([]string, error) { return export.ReadOnlyUSBMounts() }

var _ tui.StationKeyGiver = kioskExporter{}
