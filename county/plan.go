package county

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"carekiosk/model"
	"carekiosk/store"
)

// ImportPlan takes the county's signed plan file at a station: it checks
// the signature (against the county key the station already holds, if
// any) and applies the plan in one transaction (store.ApplyPlan): units
// and quotas, bands for the station's current year, the county's keys
// pinned. Nothing changes when anything is wrong, nor when the plan is the
// one the station holds (res.Unchanged).
func ImportPlan(ctx context.Context, st *store.Store, file []byte) (store.PlanResult, *model.Plan, error) {
	old, err := st.Plan(ctx)
	if err != nil {
		return store.PlanResult{}, nil, err
	}
	pinned := ""
	if old != nil {
		pinned = old.SignKey
	}
	p, err := OpenPlan(file, pinned)
	if err != nil {
		return store.PlanResult{}, nil, err
	}
	set, err := st.Settings(ctx)
	if err != nil {
		return store.PlanResult{}, nil, err
	}
	year := st.Now().In(set.Location()).Year()
	res, err := st.ApplyPlan(ctx, p, file, year)
	return res, p, err
}

// PlanHeldMessage says, in lang, that the plan of issue serial imported
// again was the one the station already held and nothing changed.
func PlanHeldMessage(serial int, lang model.Lang) string {
	return lang.Pick(fmt.Sprintf("这份计划（第 %d 版）已经导入过，未作改动", serial), fmt.Sprintf("this plan (issue %d) was already imported; nothing was changed", serial))
}

// FindPlanFile looks in each folder (the mounted USB sticks), and one
// level below, for the county's plan file and returns the newest.
func FindPlanFile(dirs []string) (string, error) {
	best, bestTime := "", time.Time{}
	for _, d := range dirs {
		for _, pattern := range []string{"*.json", filepath.Join("*", "*.json")} {
			matches, _ := filepath.Glob(filepath.Join(d, pattern))
			for _, m := range matches {
				fi, err := os.Stat(m)
				if err != nil || fi.Size() > maxPlanFileSize || !isPlanFile(m) {
					continue
				}
				if best == "" || fi.ModTime().After(bestTime) {
					best, bestTime = m, fi.ModTime()
				}
			}
		}
	}
	if best == "" {
		return "", model.Errorf(model.ENOTFOUND, "U盘上没有找到县妇计中心的计划文件（carekiosk county plan 写出的 .json）", "no county plan file (the .json carekiosk county plan writes) was found on the USB stick")
	}
	return best, nil
}

// isPlanFile reports whether a file starts like a plan file.
func isPlanFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 200)
	n, _ := io.ReadFull(f, head)
	return bytes.Contains(head[:n], []byte(`"`+PlanFormat+`"`))
}

// ImportPlanFrom finds the county's plan file in dirs (the mounted USB
// sticks, see FindPlanFile), imports it at the station (ImportPlan) and
// says in lang what was done, for the kiosk's settings screen.
func ImportPlanFrom(ctx context.Context, st *store.Store, dirs []string, lang model.Lang) (string, error) {
	path, err := FindPlanFile(dirs)
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", model.Errorf(model.ENOTFOUND, "无法读取计划文件 %s：%v", "cannot read the plan file %s: %v", path, err)
	}
	res, p, err := ImportPlan(ctx, st, b)
	if err != nil {
		return "", err
	}
	msg := lang.Pick(fmt.Sprintf("已导入%s的计划（第 %d 版）", p.County, p.Serial), fmt.Sprintf("the county plan, issue %d, is imported", p.Serial))
	if res.Unchanged {
		msg = PlanHeldMessage(p.Serial, lang)
	}
	if !res.UnitInPlan {
		msg += lang.Pick("；请从计划的单位列表中选择本站单位", "; pick this station's unit from the plan's list")
	}
	return msg, nil
}
