package county

import (
	"context"

	"carekiosk/model"
	"carekiosk/store"
)

// ImportPlan takes the county's signed plan file at a station: it checks
// the signature (against the county key the station already holds, if
// any) and applies the plan in one transaction (store.ApplyPlan): units
// and quotas, bands for the station's current year, the county's keys
// pinned. Nothing changes when anything is wrong.
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
