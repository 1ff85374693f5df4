package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand"
	"time"

	"carekiosk/model"
)

// gen holds the state of one Fill.
type gen struct {
	st           Store
	rng          *rand.Rand
	loc          *time.Location
	ctx          context.Context
	people       []*person
	familiesMade int
	last         time.Time // the latest time handed to the store
	now          time.Time // the real now: nothing is dated later
}

// person is a demo child with the caregiver who brings it.
type person struct {
	name      string
	birth     model.Date
	ageOnly   bool // the caregiver gave only the age in months
	phone     string
	relation  model.Relation
	carer     string
	childID   string // set after the first sign-in
	familyID  string // set after the first sign-in
	familyKey int    // siblings share one
}

// at sets the store clock to a local time on date d; each later call moves
// it forward, so records are dated as they would have been.
// The clock never goes back: a time earlier than one already used moves to
// just after it, as the store refuses records older than its newest. Nor
// does it run ahead of the real now: a time later today (the demo made at
// 03:00 plans its next session "at 08:00") is taken back to an hour before
// now, so the kiosk started right after never finds a record in its future.
func (g *gen) at(d model.Date, hour, minute int) {
	t := time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, g.loc)
	if !g.now.IsZero() && t.After(g.now.Add(-time.Hour)) {
		t = g.now.Add(-time.Hour)
	}
	if !t.After(g.last) {
		t = g.last.Add(time.Minute)
	}
	g.st.SetClock(model.Clock{Now: func() time.Time {
		t = t.Add(137 * time.Millisecond)
		g.last = t
		return t
	}})
}

var surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "朱", "胡", "林", "叶", "潘", "金", "季", "邱", "留", "夏", "蒋", "汤"}
var givenNames = []string{"子涵", "欣怡", "梓萱", "一诺", "浩宇", "宇轩", "沐阳", "若汐", "思远", "诗涵", "俊熙", "雨桐", "梓睿", "安琪", "乐乐", "天佑",
	"可馨", "明轩", "语嫣", "嘉懿", "晨曦", "皓轩", "佳怡", "锦程", "书瑶", "子墨", "依诺", "星辰", "朵朵", "小满", "果果", "一航"}
var carerGiven = []string{"丽", "芳", "秀英", "美玲", "建国", "志强", "海燕", "春梅", "国平", "爱华", "小红", "雪梅", "伟", "静", "桂兰", "德明"}

func (g *gen) pickRelation() model.Relation {
	r := g.rng.Intn(100)
	switch {
	case r < 40:
		return model.RelMother
	case r < 60:
		return model.RelGrandmaP
	case r < 75:
		return model.RelGrandmaM
	case r < 85:
		return model.RelFather
	case r < 93:
		return model.RelGrandpaP
	case r < 98:
		return model.RelGrandpaM
	}
	return model.RelOther
}

// makePeople makes families children born across the 40 months before
// today; about one family in eight has two children.
func (g *gen) makePeople(today model.Date, families int) {
	used := map[string]bool{}
	for f := 0; f < families; f++ {
		surname := surnames[g.rng.Intn(len(surnames))]
		phone := fmt.Sprintf("1%d%09d", []int{3, 5, 7, 8, 9}[g.rng.Intn(5)], g.rng.Intn(1e9))
		rel := g.pickRelation()
		carerSurname := surname
		if rel == model.RelMother || rel == model.RelGrandmaM || rel == model.RelGrandpaM || rel == model.RelGrandmaP || rel == model.RelOther {
			carerSurname = surnames[g.rng.Intn(len(surnames))]
		}
		carer := carerSurname + carerGiven[g.rng.Intn(len(carerGiven))]
		kids := 1
		if g.rng.Intn(8) == 0 {
			kids = 2
		}
		for k := 0; k < kids; k++ {
			var name string
			for {
				name = surname + givenNames[g.rng.Intn(len(givenNames))]
				if !used[name] {
					break
				}
				if g.rng.Intn(3) == 0 {
					name = surname + givenNames[g.rng.Intn(len(givenNames))][:3] + givenNames[g.rng.Intn(len(givenNames))][3:]
					if !used[name] {
						break
					}
				}
			}
			used[name] = true
			birth := today.AddDays(-g.rng.Intn(40*30) - 20)
			g.people = append(g.people, &person{name: name, birth: birth, ageOnly: g.rng.Intn(12) == 0, phone: phone, relation: rel, carer: carer, familyKey: f})
		}
	}
}

type titled struct {
	title   string
	areas   []model.ContentArea
	planned [4]string
}

var titlesByBand = map[int][]titled{
	0:  {{"新生儿抚触与回应性照护", []model.ContentArea{model.AreaResponsive, model.AreaHygiene}, [4]string{"", "新生儿抚触的手法与时机", "夜间哭闹怎么办", "抚触儿歌"}}, {"母乳喂养常见问题", []model.ContentArea{model.AreaNutrition}, [4]string{"", "按需喂养与乳汁是否充足", "背奶妈妈的经验", "俯趴抬头练习"}}},
	4:  {{"辅食添加从第一口开始", []model.ContentArea{model.AreaNutrition}, [4]string{"", "6月龄添加辅食：强化铁米粉", "第一口辅食的故事", "抓握彩色摇铃"}}, {"翻身与趴卧游戏", []model.ContentArea{model.AreaEarlyLearning, model.AreaSafety}, [4]string{"", "大运动发育里程碑", "宝宝第一次翻身", "毛巾卷趴卧游戏"}}},
	7:  {{"爬行探索与家庭安全", []model.ContentArea{model.AreaSafety, model.AreaEarlyLearning}, [4]string{"", "家庭环境安全隐患排查", "插座和桌角怎么防", "隧道爬行比赛"}}, {"手指食物与自主进食", []model.ContentArea{model.AreaNutrition, model.AreaResponsive}, [4]string{"", "手指食物的选择与防噎", "宝宝自己吃饭啦", "抓豆豆游戏"}}},
	10: {{"学步期安全防护", []model.ContentArea{model.AreaSafety}, [4]string{"", "跌倒与烫伤的预防", "学步车用不用", "推小车走一走"}}, {"亲子共读启蒙", []model.ContentArea{model.AreaEarlyLearning, model.AreaResponsive}, [4]string{"", "怎样给一岁宝宝读绘本", "家里的读书角", "绘本《好饿的毛毛虫》共读"}}},
	13: {{"幼儿语言发展促进", []model.ContentArea{model.AreaEarlyLearning, model.AreaResponsive}, [4]string{"", "语言发展的关键期", "宝宝会说的第一个词", "指认五官儿歌"}}, {"规律作息与睡眠", []model.ContentArea{model.AreaHygiene}, [4]string{"", "幼儿睡眠需要多少", "哄睡小妙招", "安静的晚安游戏"}}},
	19: {{"情绪认知与安抚", []model.ContentArea{model.AreaResponsive}, [4]string{"", "认识幼儿的情绪表达", "宝宝发脾气时我怎么做", "表情卡片配对"}}, {"如厕训练准备", []model.ContentArea{model.AreaHygiene, model.AreaResponsive}, [4]string{"", "如厕训练的信号与时机", "告别纸尿裤", "小熊上厕所情景游戏"}}},
	25: {{"户外运动与平衡游戏", []model.ContentArea{model.AreaEarlyLearning, model.AreaSafety}, [4]string{"", "每天户外活动两小时", "周末去哪儿玩", "走平衡木"}}, {"挑食偏食应对", []model.ContentArea{model.AreaNutrition}, [4]string{"", "均衡膳食宝塔", "不爱吃青菜怎么办", "蔬菜印章画"}}},
	31: {{"入园准备与分离焦虑", []model.ContentArea{model.AreaResponsive, model.AreaEarlyLearning}, [4]string{"", "入园前的心理准备", "第一天送园的经历", "小书包收拾比赛"}}, {"口腔保健与刷牙", []model.ContentArea{model.AreaHygiene}, [4]string{"", "龋齿预防与涂氟", "和宝宝一起刷牙", "给大嘴巴鳄鱼刷牙"}}},
}

func pickTitle(rng *rand.Rand, band model.AgeBand) titled {
	list := titlesByBand[band.Min]
	t := list[rng.Intn(len(list))]
	t.planned[0] = "家长和孩子轮流介绍自己"
	return t
}

var segmentNotes = [4][]string{
	{"大家围坐一圈，家长抱着孩子轮流介绍。", "新来的两个家庭也很快熟悉了。", "用点名儿歌暖场，孩子们反应积极。"},
	{"结合图片讲解，家长提问踊跃。", "发放宣传折页，讲解约十五分钟。", "现场演示了正确做法，家长逐一练习。"},
	{"三位家长分享了自己的做法。", "奶奶们分享了带娃经验，气氛热烈。", "讨论了家里遇到的难题，互相出主意。"},
	{"孩子们参与度高，家长配合良好。", "游戏分两轮进行，个别孩子有些害羞。", "亲子一起完成，结束时合影留念。"},
}

var summaries = []model.Summary{
	{Handover: "承接上次活动的内容，家长反馈在家已经练习。", Cooperation: "家长和孩子配合良好，全程参与。", Incidents: "无", Other: "下次活动前一周电话提醒家长。"},
	{Handover: "与上月主题衔接，复习了要点。", Cooperation: "大部分家长积极，两位爷爷需要更多引导。", Incidents: "一名幼儿哭闹，由家长带到休息区安抚后回来。", Other: "活动室空调偏冷，已报后勤。"},
	{Handover: "本次为该月龄段第一次活动。", Cooperation: "孩子们兴趣浓厚，家长提问多。", Incidents: "无", Other: ""},
}

// runSession holds one whole session on date d: plan, open, sign-ins, the
// four segments with notes, summary, close. It returns the closed session
// and the number of sign-ins.
func (g *gen) runSession(d model.Date, stationID string, band model.AgeBand, instructor string) (*model.Session, int, error) {
	ctx := g.ctx
	g.at(d, 8, 30)
	t := pickTitle(g.rng, band)
	sess, err := g.st.CreateSession(ctx, model.NewSessionInput{Date: d, StationID: stationID, Band: band, Title: t.title, Instructor: instructor, Areas: t.areas, Planned: t.planned})
	if err != nil {
		return nil, 0, err
	}
	g.at(d, 9, 0)
	if _, err := g.st.AdvanceSession(ctx, sess.ID, model.StateOpen); err != nil {
		return nil, 0, err
	}
	// Children in the band, plus now and then one just outside it.
	var cands []*person
	for _, p := range g.people {
		age := model.AgeMonths(p.birth, d)
		if age < 0 {
			continue
		}
		if band.Contains(age) || (g.rng.Intn(20) == 0 && age <= 36 && (age == band.Min-1 || age == band.Max+1)) {
			cands = append(cands, p)
		}
	}
	g.rng.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	want := 6 + g.rng.Intn(7)
	if want > len(cands) {
		want = len(cands)
	}
	n := 0
	for _, p := range cands[:want] {
		if err := g.signIn(sess, p); err != nil {
			return nil, 0, err
		}
		n++
	}
	minute := 30
	for k := range model.SegmentKinds {
		g.at(d, 9, minute)
		notes := segmentNotes[k][g.rng.Intn(len(segmentNotes[k]))]
		mins := []int{10, 20, 20, 25}[k]
		if _, err := g.st.UpdateSegment(ctx, sess.ID, model.SegmentKind(k), model.SegmentUpdate{Start: true, Notes: &notes, PlannedMinutes: &mins}); err != nil {
			return nil, 0, err
		}
		minute += mins + g.rng.Intn(6) - 2
	}
	g.at(d, 9+minute/60, minute%60)
	if _, err := g.st.UpdateSummary(ctx, sess.ID, summaries[g.rng.Intn(len(summaries))]); err != nil {
		return nil, 0, err
	}
	closed, err := g.st.CloseSession(ctx, sess.ID)
	return closed, n, err
}

func (g *gen) signIn(sess *model.Session, p *person) error {
	in := model.SignInInput{SessionID: sess.ID, Phone: p.phone, Relation: p.relation, Caregiver: p.carer}
	switch {
	case p.childID != "":
		in.Children = []model.ChildInput{{ChildID: p.childID}}
	case p.ageOnly:
		in.Children = []model.ChildInput{{Name: p.name, AgeMonths: model.AgeMonths(p.birth, sess.Date)}}
	default:
		in.Children = []model.ChildInput{{Name: p.name, BirthDate: p.birth}}
	}
	if sib := g.signedSibling(p); p.childID == "" && sib != nil {
		// A sibling's family is picked, as at the kiosk: a phone number
		// alone never joins a family.
		in.FamilyID = sib.familyID
	}
	// The demo year predates the current notice: its caregivers agreed to
	// the earlier one, and are asked again for today's.
	in.ConsentVersion = "2026-11-v1"
	switch r := g.rng.Intn(10); {
	case r < 6:
		in.Method, in.SignaturePNG = model.MethodPhone, Signature(p.carer, g.rng.Int63())
	case r < 9:
		in.Method, in.SignedName = model.MethodKiosk, p.carer
	default:
		in.Method, in.SignedName = model.MethodCard, p.carer
	}
	res, err := g.st.SignIn(g.ctx, in)
	if err != nil {
		return fmt.Errorf("%s: %w", p.name, err)
	}
	p.familyID = res.FamilyID
	if p.childID == "" {
		p.childID = res.SignIns[0].ChildID
		if len(res.SignIns) > 0 && !res.Existing[0] && res.FamilyID != "" {
			g.familiesMade += g.firstOfFamily(p)
		}
	}
	return nil
}

// signedSibling returns a sibling of p that has signed in before, or nil.
func (g *gen) signedSibling(p *person) *person {
	for _, q := range g.people {
		if q != p && q.familyKey == p.familyKey && q.familyID != "" {
			return q
		}
	}
	return nil
}

// firstOfFamily returns 1 when p is the first of its family to sign in.
func (g *gen) firstOfFamily(p *person) int {
	for _, q := range g.people {
		if q != p && q.familyKey == p.familyKey && q.childID != "" {
			return 0
		}
	}
	return 1
}

// Signature draws a handwriting-like stroke as a PNG, different for each
// seed: dark ink on a transparent background, like the phone page's canvas.
func Signature(name string, seed int64) []byte {
	const w, h = 240, 80
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewSource(seed + int64(len(name))))
	ink := color.NRGBA{20, 30, 90, 255}
	strokes := 2 + len([]rune(name))
	x0 := 12.0
	for s := 0; s < strokes; s++ {
		amp := 10 + rng.Float64()*18
		freq := 0.08 + rng.Float64()*0.12
		phase := rng.Float64() * math.Pi
		width := float64(w-24) / float64(strokes)
		for x := x0; x < x0+width; x += 0.25 {
			y := float64(h)/2 + amp*math.Sin(freq*(x-x0)*math.Pi+phase) + (rng.Float64()-0.5)*1.2
			for dy := -1; dy <= 1; dy++ {
				img.SetNRGBA(int(x), int(y)+dy, ink)
			}
		}
		x0 += width
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding into memory does not fail
	}
	return buf.Bytes()
}
