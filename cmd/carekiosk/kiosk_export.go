package main

import (
	"context"
	"time"

	"carekiosk/county"

	"carekiosk/export"
	"carekiosk/model"
	"carekiosk/store"
)

// kioskExporter backs the export screen with the export package.
type kioskExporter struct{ st *store.Store }

// Targets lists the mounted USB sticks.
func (e kioskExporter) Targets() ([]string, error) { return export.USBMounts() }

// Eject unmounts a USB stick so it can be pulled out.
func (e kioskExporter) Eject(dir string) error { return export.Eject(dir) }

// Export writes the sessions dated from..to under outDir.
func (e kioskExporter) Export(ctx context.Context, outDir string, from, to model.Date, lang model.Lang, progress func(done, total int)) (string, error) {
	rep, err := export.Run(ctx, e.st, export.Options{OutDir: outDir, From: from, To: to}, progress)
	if err != nil {
		return "", err
	}
	return rep.Summary(lang), nil
}

// ImportPlan takes the county's plan file from a mounted USB stick.
func (e kioskExporter) ImportPlan(ctx context.Context, lang model.Lang) (string, error) {
	dirs, err := export.USBMounts()
	if err != nil {
		return "", err
	}
	return county.ImportPlanFrom(ctx, e.st, dirs, lang)
}

// PrintFollowUp writes the invitation list to print into dir.
func (e kioskExporter) PrintFollowUp(dir string, fu model.FollowUp, station string, now time.Time, loc *time.Location) (string, error) {
	return export.WriteFollowUpFile(dir, fu, station, now, loc)
}
