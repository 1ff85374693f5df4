package main

import (
	"context"
	"testing"
	"time"

	"carekiosk/model"
	"carekiosk/store"
)

func clockAt(t time.Time) model.Clock { return model.Clock{Now: func() time.Time { return t }} }

// TestRetentionAtStartUp: the kiosk's start-up pass anonymises a family
// whose last visit is past the retention and whose records were exported,
// and the stop waits for it.
func TestRetentionAtStartUp(t *testing.T) {
	ctx := context.Background()
	visit := time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)
	st, err := store.Open(t.TempDir(), store.Options{Clock: clockAt(visit)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.CreateUnit(ctx, "温溪片卫生院", 1)
	if err != nil {
		t.Fatal(err)
	}
	station, err := st.CreateStation(ctx, "温溪镇社区卫生服务站", u.ID)
	if err != nil {
		t.Fatal(err)
	}
	set := model.DefaultSettings()
	set.UnitID, set.StationID = u.ID, station.ID
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	sess, err := st.CreateSession(ctx, model.NewSessionInput{Date: model.DateOf(visit), Band: model.AgeBand{Min: 7, Max: 9}, Title: "辅食添加", Instructor: "陈医生",
		Areas: []model.ContentArea{model.AreaNutrition}, Planned: [4]string{"", "辅食", "分享", "游戏"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AdvanceSession(ctx, sess.ID, model.StateOpen); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SignIn(ctx, model.SignInInput{SessionID: sess.ID, Children: []model.ChildInput{{Name: "欧阳小明", BirthDate: model.MustDate("2026-02-10")}},
		Phone: "13812349876", Relation: model.RelMother, Method: model.MethodKiosk, SignedName: "张美华", ConsentVersion: model.ConsentVersion}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveBundleState(ctx, 0, store.BundleState{Sequence: 1, SHA256: "aa", CreatedAt: visit.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	st.SetClock(clockAt(visit.AddDate(3, 0, 2)))
	stop := startRetention(ctx, st, time.Hour)
	deadline := time.Now().Add(30 * time.Second)
	for {
		list, err := st.Erasures(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == 1 && list[0].Kind == model.ErasureRetention {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no retention pass at start-up: %+v", list)
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
}
