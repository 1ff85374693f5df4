package main

import (
	"context"
	"fmt"
	"os"

	"carekiosk/county"

	"carekiosk/export"
	"carekiosk/model"
	"carekiosk/store"
)

// kioskExporter backs the export screen with the export package.
type kioskExporter struct{ st *store.Store }

// Targets lists the mounted USB sticks.
func (e kioskExporter) Targets() ([]string, error) { return export.USBMounts() }

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
	path, err := county.FindPlanFile(dirs)
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", model.Errorf(model.ENOTFOUND, "无法读取计划文件 %s：%v", "cannot read the plan file %s: %v", path, err)
	}
	res, p, err := county.ImportPlan(ctx, e.st, b)
	if err != nil {
		return "", err
	}
	if lang.English() {
		msg := fmt.Sprintf("county plan issue %d imported", p.Serial)
		if !res.UnitInPlan {
			msg += "; pick this station's unit from the plan's list"
		}
		return msg, nil
	}
	msg := fmt.Sprintf("已导入县妇计中心计划（第 %d 版）", p.Serial)
	if !res.UnitInPlan {
		msg += "，请从计划的单位列表中选择本站单位"
	}
	return msg, nil
}
