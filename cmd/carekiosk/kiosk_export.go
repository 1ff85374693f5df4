package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"carekiosk/county"

	"carekiosk/export"
	"carekiosk/model"
	"carekiosk/paperimport"
	"carekiosk/store"
	"carekiosk/tui"
)

// kioskExporter backs the export screen with the export package.
type kioskExporter struct{ st *store.Store }

// Targets lists the mounted USB sticks.
func (e kioskExporter) Targets() ([]string, error) { return export.USBMounts() }

// Eject unmounts a USB stick so it can be pulled out.
func (e kioskExporter) Eject(dir string) error { return export.Eject(dir) }

// Export writes the sessions dated from..to under outDir in formats (nil:
// all).
func (e kioskExporter) Export(ctx context.Context, outDir string, from, to model.Date, formats []string, lang model.Lang, progress func(done, total int)) (string, error) {
	rep, err := export.Run(ctx, e.st, export.Options{OutDir: outDir, From: from, To: to, Formats: formats}, progress)
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

// PaperFiles lists the spreadsheets on the mounted USB sticks.
func (e kioskExporter) PaperFiles() ([]string, error) {
	dirs, err := export.USBMounts()
	if err != nil {
		return nil, err
	}
	return paperimport.FindSheets(dirs), nil
}

// ImportPaper reads the files and stores their sessions (nothing when
// dryRun), as history import does.
func (e kioskExporter) ImportPaper(ctx context.Context, files []string, dryRun bool, lang model.Lang) (tui.PaperReport, error) {
	return importPaperReport(ctx, e.st, files, dryRun, lang)
}

// importPaperReport runs paperimport.ImportFiles into a report for the
// screen.
func importPaperReport(ctx context.Context, st paperimport.Importer, files []string, dryRun bool, lang model.Lang) (tui.PaperReport, error) {
	var b strings.Builder
	t, err := paperimport.ImportFiles(ctx, st, files, dryRun, &b)
	if err != nil {
		return tui.PaperReport{}, err
	}
	return tui.PaperReport{Lines: strings.Split(strings.TrimRight(b.String(), "\n"), "\n"), Summary: t.Summary(lang), Changed: t.Changed()}, nil
}

// BackfillSheet reads a paper 签到表's sign-ins for a backfill, as backfill
// --sheet does; problems name the rows it cannot read.
func (e kioskExporter) BackfillSheet(path string, on model.Date) ([]model.PaperSignIn, []string, error) {
	rows, problems, err := paperimport.SignInRows(path, on)
	if err != nil {
		return nil, nil, err
	}
	var out []string
	for _, p := range problems {
		out = append(out, fmt.Sprintf("第 %d 行：%s", p.Row, p.Err.Message))
	}
	return rows, out, nil
}
