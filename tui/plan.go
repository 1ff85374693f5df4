package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"carekiosk/model"
)

// The county's plan at the kiosk: the settings screen takes it from a USB
// stick and offers only its units; home shows the monthly report status.

// PlanImporter is what an Exporter also offers when the kiosk can take the
// county's plan from a USB stick.
type PlanImporter interface {
	// ImportPlan reads the county's plan file from a mounted USB stick,
	// applies it and returns a short summary in lang.
	ImportPlan(ctx context.Context, lang model.Lang) (string, error)
}

// planHolder is a Store that holds the county's plan.
type planHolder interface {
	Plan(ctx context.Context) (*model.Plan, error)
	ReportStatus(ctx context.Context, today model.Date) (model.ReportStatus, bool, error)
}

// planUnits lists the plan's unit names for year, nil without a plan.
func planUnits(c *Common, year int) ([]string, error) {
	ph, ok := c.Store.(planHolder)
	if !ok {
		return nil, nil
	}
	p, err := ph.Plan(c.Ctx)
	if err != nil || p == nil {
		return nil, err
	}
	py, _ := p.Year(year)
	var out []string
	for _, u := range py.Units {
		out = append(out, u.Name)
	}
	return out, nil
}

// reportStatus reads the station's report status, ok false without a plan.
func reportStatus(c *Common, today model.Date) (model.ReportStatus, bool, error) {
	ph, ok := c.Store.(planHolder)
	if !ok {
		return model.ReportStatus{}, false, nil
	}
	return ph.ReportStatus(c.Ctx, today)
}

type planImportedMsg struct{ summary string }

// importPlan takes the county's plan from the USB stick.
func importPlan(c *Common) tea.Cmd {
	pi, ok := c.Exporter.(PlanImporter)
	if !ok {
		return flash(c.T("本机不能导入计划", "this kiosk cannot import a plan"), false)
	}
	return func() tea.Msg {
		s, err := pi.ImportPlan(c.Ctx, c.Lang)
		if err != nil {
			return fail(err)
		}
		return planImportedMsg{summary: s}
	}
}
