package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/google/uuid"

	"carekiosk/model"
	"carekiosk/pinyin"
)

type familiesFoundMsg struct {
	query string
	fams  []model.Family
}

type familyLoadedMsg struct{ f *model.Family }

type kioskStep int

const (
	stepSearch kioskStep = iota
	stepPick
	stepNew
)

// kioskForm is the kiosk-side sign-in for a family without a smartphone:
// find a returning family by the phone's last four digits or a child's
// name, pick the children, confirm the relation and sign with the typed
// name; or enter a new family.
type kioskForm struct {
	c       *Common
	session *model.Session
	already map[string]bool
	step    kioskStep
	busy    bool
	nonce   string

	query    *field
	searched string
	results  []model.Family
	sel      int

	fam       *model.Family
	children  *toggles
	childIDs  []string
	caregiver *choice
	relation  *choice
	signer    *choice // the caregiver signs, or the instructor for them
	sign      *field
	pick      form
	// method is how the family was found: at the kiosk, or by its card.
	method model.SignInMethod

	// childNames and births hold one row per child of a new family.
	childNames []*field
	births     []*field
	cgName     *field
	phone      *field
	newRel     *choice
	newSign    *field
	nf         form
}

func newKioskForm(c *Common, s *model.Session, signIns []model.SignIn) *kioskForm {
	k := &kioskForm{c: c, session: s, already: map[string]bool{}, nonce: uuid.NewString(), method: model.MethodKiosk}
	for _, si := range signIns {
		k.already[si.ChildID] = true
	}
	k.query = newField(c.T("查找", "Find"), c.T("手机后4位 或 孩子姓名", "last 4 phone digits or child's name"), 20).chineseForFamilies(c.IME, pinyin.ModeName)
	return k
}

func relationChoice(c *Common, label string, r model.Relation) *choice {
	ch := &choice{label: label}
	for i, rel := range model.Relations {
		ch.options = append(ch.options, rel.Label(c.Lang))
		if rel == r {
			ch.idx = i
		}
	}
	return ch
}

func (k *kioskForm) editingText() bool {
	switch k.step {
	case stepPick:
		return k.pick.editingText()
	case stepNew:
		return k.nf.editingText()
	}
	return true
}

// back goes one step back; it reports whether the form should close.
func (k *kioskForm) back() bool {
	if k.step == stepSearch {
		return true
	}
	k.step = stepSearch
	return false
}

// dropTyped removes the last n characters a scanner typed into the focused
// field.
func (k *kioskForm) dropTyped(n int) {
	var f *field
	switch k.step {
	case stepSearch:
		f = k.query
	case stepPick:
		f, _ = k.pick.items[k.pick.focus].(*field)
	case stepNew:
		f, _ = k.nf.items[k.nf.focus].(*field)
	}
	if f != nil {
		f.dropBeforeCursor(n)
	}
}

func (k *kioskForm) shortHelp() []key.Binding {
	km := k.c.Keys
	switch k.step {
	case stepSearch:
		return []key.Binding{km.Enter, km.Down, km.NewFamily, km.Back}
	}
	if k.step == stepNew {
		out := append([]key.Binding{km.Tab, km.AddChild}, k.nf.shortKeys(km)...)
		return append(out, km.Enter, km.Back)
	}
	out := append([]key.Binding{km.Tab}, k.pick.shortKeys(km)...)
	return append(out, km.Enter, km.Back)
}

// fullHelp lists every key of the step: the search's, or the form's with
// its focused input's.
func (k *kioskForm) fullHelp() []key.Binding {
	km := k.c.Keys
	switch k.step {
	case stepSearch:
		return []key.Binding{when(k.query.Value() != "" || len(k.results) > 0, km.Enter), when(len(k.results) > 1, km.Move), km.NewFamily, km.Back}
	case stepNew:
		return append(k.nf.keys(km), km.AddChild, km.Enter, km.Back)
	}
	return append(k.pick.keys(km), km.Enter, km.Back)
}

func (k *kioskForm) update(msg tea.Msg) tea.Cmd {
	c := k.c
	switch msg := msg.(type) {
	case familiesFoundMsg:
		k.busy = false
		k.searched, k.results, k.sel = msg.query, msg.fams, 0
		return nil
	case familyLoadedMsg:
		k.busy = false
		k.startPick(msg.f)
		return nil
	}
	if k.busy {
		return nil
	}
	kp, isKey := msg.(tea.KeyPressMsg)
	switch k.step {
	case stepSearch:
		if isKey {
			if cmd, ok := k.searchKey(kp); ok {
				return cmd
			}
		}
		k.query.update(msg)
	case stepPick:
		if isKey && key.Matches(kp, c.Keys.Enter) {
			if k.pick.last() {
				return k.submitPick()
			}
			k.pick.next()
			return nil
		}
		before, signer := k.caregiver.idx, k.signer.idx
		k.pick.update(msg)
		if k.caregiver.idx != before && k.fam != nil {
			k.relation = relationChoice(c, k.relation.label, k.fam.Caregivers[k.caregiver.idx].Relation)
			k.pick.items[2] = k.relation
		}
		if k.signer.idx != signer {
			k.setSigner()
		}
	case stepNew:
		if isKey && key.Matches(kp, c.Keys.AddChild) {
			k.addChild()
			return nil
		}
		if isKey && key.Matches(kp, c.Keys.Enter) {
			if k.nf.last() {
				return k.submitNew()
			}
			k.nf.next()
			return nil
		}
		k.nf.update(msg)
	}
	return nil
}

// searchKey handles the search step's own keys; it reports whether the key
// was one of them (anything else is typed into the query).
func (k *kioskForm) searchKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	c, km := k.c, k.c.Keys
	switch {
	case key.Matches(msg, km.Up):
		if k.sel > 0 {
			k.sel--
		}
	case key.Matches(msg, km.Down):
		if k.sel < len(k.results)-1 {
			k.sel++
		}
	case key.Matches(msg, km.NewFamily):
		k.startNew()
	case key.Matches(msg, km.Enter):
		q := k.query.Value()
		if len(k.results) > 0 && q == k.searched {
			k.busy = true
			return loadFamily(c, k.results[k.sel].ID), true
		}
		if q == "" {
			return nil, true
		}
		k.busy = true
		return findFamilies(c, q), true
	default:
		return nil, false
	}
	return nil, true
}

// findFamilies looks a family up by what was typed: four digits are the
// phone's last four, eleven a whole phone, a card code a card, else a
// child's name.
func findFamilies(c *Common, q string) tea.Cmd {
	return func() tea.Msg {
		fq := model.FamilyQuery{Limit: 20}
		digits := strings.Trim(q, "0123456789") == ""
		switch {
		case digits && len(q) == 4:
			fq.PhoneLast4 = q
		case digits:
			p, err := model.NormalizePhone(q)
			if err != nil {
				return fail(err)
			}
			fq.Phone = p
		case model.CardCodeAtEnd(strings.ToUpper(q)) != "":
			fq.CardCode = strings.ToUpper(q)
		default:
			fq.ChildName = q
		}
		fams, err := c.Store.FindFamilies(c.Ctx, fq)
		if err != nil {
			return fail(err)
		}
		return familiesFoundMsg{query: q, fams: fams}
	}
}

func loadFamily(c *Common, id string) tea.Cmd {
	return func() tea.Msg {
		f, err := c.Store.Family(c.Ctx, id)
		if err != nil {
			return fail(err)
		}
		return familyLoadedMsg{f: f}
	}
}

// startPick shows a returning family's children, those of the session's
// band not yet signed in ticked, and asks who came and who signs.
func (k *kioskForm) startPick(f *model.Family) {
	c := k.c
	k.fam, k.step = f, stepPick
	k.children = &toggles{label: c.T("孩子", "Children")}
	k.childIDs = nil
	for _, ch := range f.Children {
		age := ch.AgeOn(k.session.Date)
		label := model.MaskName(ch.Name) + " " + ageText(c, age) // the screen faces families
		if k.already[ch.ID] {
			label += c.T("(已签)", "(in)")
		}
		k.children.options = append(k.children.options, label)
		k.children.on = append(k.children.on, age >= 0 && k.session.Band.Contains(age) && !k.already[ch.ID])
		k.childIDs = append(k.childIDs, ch.ID)
	}
	k.caregiver = &choice{label: c.T("养育人", "Caregiver")}
	rel := model.RelMother
	for i, cg := range f.Caregivers {
		k.caregiver.options = append(k.caregiver.options, model.MaskName(cg.Name)+" "+model.MaskPhone(cg.Phone))
		if i == 0 {
			rel = cg.Relation
		}
	}
	k.relation = relationChoice(c, c.T("与孩子关系", "Relation"), rel)
	k.signer = &choice{label: c.T("谁签名", "Signed by"), options: []string{c.T("家长本人", "the caregiver"), c.T("指导员代签", "the instructor, for them")}}
	k.sign = newField("", "", 20).chineseForFamilies(c.IME, pinyin.ModeName)
	k.setSigner()
	k.pick = form{items: []input{k.children, k.caregiver, k.relation, k.signer, k.sign}}
	// Typing goes straight into the name; with several children the
	// choice of children comes first.
	k.pick.focus = 4
	if len(f.Children) > 1 {
		k.pick.focus = 0
	}
}

// startCard shows the family of a scanned card as startPick does: the card
// only finds the family; the person present confirms the children and
// signs.
func (k *kioskForm) startCard(f *model.Family) {
	k.method = model.MethodCard
	k.startPick(f)
}

// setSigner relabels the signature for who signs: the caregiver types a
// name; the instructor signing for them types the instructor's own.
func (k *kioskForm) setSigner() {
	c := k.c
	if k.signer.idx == 1 {
		k.sign.label, k.sign.hint = c.T("代签指导员", "Instructor"), c.T("指导员姓名", "the instructor's name")
		k.sign.Set(k.session.Instructor)
		return
	}
	k.sign.label, k.sign.hint = c.T("签名", "Signature"), c.T("请输入您的姓名作为签名", "type your name to sign")
	k.sign.Set("")
}

func (k *kioskForm) startNew() {
	c := k.c
	k.step = stepNew
	k.childNames, k.births = nil, nil
	k.cgName = newField(c.T("养育人姓名", "Caregiver"), "", 20).chineseForFamilies(c.IME, pinyin.ModeName)
	k.phone = newField(c.T("手机号", "Mobile"), "", 16)
	k.newRel = relationChoice(c, c.T("与孩子关系", "Relation"), model.RelMother)
	k.newSign = newField(c.T("签名", "Signature"), c.T("请输入您的姓名作为签名", "type your name to sign"), 20).chineseForFamilies(c.IME, pinyin.ModeName)
	k.addChild()
}

// maxNewChildren is how many children the kiosk's new-family form takes, as
// the phone page.
const maxNewChildren = 4

// addChild adds a row for another child (a sibling) to the new-family
// form, under one consent for all, and puts the cursor on its name.
func (k *kioskForm) addChild() {
	c := k.c
	if len(k.childNames) >= maxNewChildren {
		return
	}
	n := len(k.childNames) + 1
	suffix := ""
	if n > 1 {
		suffix = fmt.Sprintf(" %d", n)
	}
	name := newField(c.T("孩子姓名", "Child's name")+suffix, "", 20).chineseForFamilies(c.IME, pinyin.ModeName)
	k.childNames = append(k.childNames, name)
	k.births = append(k.births, newField(c.T("出生日期", "Birth date")+suffix, c.T("YYYY-MM-DD 或 月龄数字", "YYYY-MM-DD or age in months"), 10))
	var items []input
	for i := range k.childNames {
		items = append(items, k.childNames[i], k.births[i])
	}
	k.nf.items = append(items, k.cgName, k.phone, k.newRel, k.newSign)
	k.nf.focusOn(name)
}

func (k *kioskForm) submitPick() tea.Cmd {
	f := k.fam
	if f == nil || len(f.Caregivers) == 0 {
		return nil
	}
	cg := f.Caregivers[k.caregiver.idx]
	in := model.SignInInput{SessionID: k.session.ID, FamilyID: f.ID, Caregiver: cg.Name, Phone: cg.Phone,
		Relation: model.Relations[k.relation.idx], Method: k.method, SignedName: k.sign.Value(), Nonce: k.nonce,
		ByInstructor: k.signer.idx == 1}
	if in.Relation != cg.Relation {
		// Someone else of the family came with this caregiver's phone: the
		// person signing is the caregiver of the day, under their own name
		// (or, signed for by the instructor, by the relation).
		in.Caregiver = strings.TrimSpace(in.SignedName)
		if in.ByInstructor {
			in.Caregiver = in.Relation.Label("zh")
		}
	}
	for i, on := range k.children.on {
		if on {
			in.Children = append(in.Children, model.ChildInput{ChildID: k.childIDs[i], AgeMonths: -1})
		}
	}
	if len(in.Children) == 0 {
		k.pick.focus = 0
		err := model.FieldErrorf("children", "请至少选择一个孩子（空格选择）", "pick at least one child (space)")
		return func() tea.Msg { return fail(err) }
	}
	return k.submit(in)
}

// focusError puts the cursor on the new-family field an error is about.
func (k *kioskForm) focusError(err error) {
	if k.step != stepNew {
		return
	}
	switch errField(err) {
	case "child":
		k.nf.focusOn(k.childNames[0])
	case "birth":
		k.nf.focusOn(k.births[0])
	case "caregiver":
		k.nf.focusOn(k.cgName)
	case "phone":
		k.nf.focusOn(k.phone)
	case "relation":
		k.nf.focusOn(k.newRel)
	case "signature":
		k.nf.focusOn(k.newSign)
	}
}

func (k *kioskForm) submitNew() tea.Cmd {
	in := model.SignInInput{SessionID: k.session.ID, Caregiver: k.cgName.Value(),
		Phone: k.phone.Value(), Relation: model.Relations[k.newRel.idx], Method: model.MethodKiosk,
		SignedName: k.newSign.Value(), Nonce: k.nonce}
	for i, nameField := range k.childNames {
		name, b := nameField.Value(), strings.TrimSpace(k.births[i].Value())
		if i > 0 && strings.TrimSpace(name) == "" && b == "" {
			continue // a row added and left empty
		}
		ci := model.ChildInput{Name: name, AgeMonths: -1}
		if d, err := model.ParseDate(b); err == nil {
			ci.BirthDate = d
		} else if n, err := strconv.Atoi(b); err == nil && n >= 0 && n <= model.MaxSignInAgeMonths {
			ci.AgeMonths = n
		} else {
			k.nf.focusOn(k.births[i])
			err := model.FieldErrorf("child.birth", "请输入出生日期（如 2025-03-08）或月龄（如 14）", "enter the birth date (e.g. 2025-03-08) or the age in months (e.g. 14)")
			return func() tea.Msg { return fail(err) }
		}
		in.Children = append(in.Children, ci)
	}
	return k.submit(in)
}

// submit checks the sign-in, then stores it, after the consent notice when
// the family has not agreed to it yet.
func (k *kioskForm) submit(in model.SignInInput) tea.Cmd {
	if err := in.Validate(k.session.Date); err != nil {
		k.focusError(err)
		return func() tea.Msg { return fail(err) }
	}
	k.busy = true
	return signInAfterConsent(k.c, in, childNames(k.fam, in))
}

func (k *kioskForm) view() string {
	c := k.c
	st := c.Styles
	w := c.Width
	lines := []string{st.Big.Render(truncate(c.T("现场签到", "Sign in at the kiosk")+"  "+k.session.Title, w)), ""}
	switch k.step {
	case stepSearch:
		lines = append(lines, truncate(c.T("来过的家庭：输入手机后4位或孩子姓名，按回车查找。", "Been here before? Type the last 4 phone digits or the child's name, then Enter."), w),
			truncate(c.T("第一次来：按 ctrl+n 登记新家庭。", "First time? Press ctrl+n to register."), w), "")
		lines = append(lines, k.query.view(st, true, 6, w), "")
		if k.searched != "" && len(k.results) == 0 {
			lines = append(lines, st.Warn.Render(truncate(c.T("没有找到，请换个方式查找，或按 ctrl+n 登记新家庭", "nothing found: try another way, or ctrl+n for a new family"), w)))
		}
		room := c.BodyHeight() - len(lines) - 1
		start := scrollWindow(k.sel, len(k.results), room)
		for i := start; i < len(k.results) && i < start+room; i++ {
			row := familyLine(c, k.results[i], k.session.Date, true)
			if i == k.sel {
				lines = append(lines, st.Selected.Render(padRight("> "+row, w)))
			} else {
				lines = append(lines, "  "+truncate(row, w-2))
			}
		}
		if len(k.results) > 0 {
			lines = append(lines, st.Faint.Render(truncate(c.T("上下选择，回车确认是这个家庭", "up/down to choose, Enter to confirm the family"), w)))
		}
	case stepPick:
		lines = append(lines, st.Title.Render(truncate(familyLine(c, *k.fam, k.session.Date, true), w)), "")
		lines = append(lines, k.pick.view(st, 12, w), "")
		lines = append(lines, st.Faint.Render(truncate(c.T("空格选择孩子，左右选择养育人、关系和谁签名；填好签名后按回车签到", "space picks children; left/right choose caregiver, relation and who signs; sign and press Enter"), w)))
	case stepNew:
		lines = append(lines, st.Title.Render(c.T("登记新家庭", "New family")), "")
		lines = append(lines, k.nf.view(st, 12, w), "")
		lines = append(lines, st.Faint.Render(truncate(c.T("填写后在签名一栏按回车签到；tab 换栏；兄弟姐妹按 ctrl+a 再加一个孩子", "fill in, then Enter on the signature to sign in; tab moves; ctrl+a adds a brother or sister"), w)))
	}
	if k.busy {
		lines = append(lines, st.Faint.Render(c.T("请稍候...", "please wait...")))
	}
	return strings.Join(lines, "\n")
}

// familyLine summarises a family: children with ages, caregivers with masked
// phones. masked hides the middle of every name, as on the phone page: the
// check-in screen faces families, and whoever types four digits or a
// surname there must not read another family's names. Full names are the
// instructor's (the families screen, behind the PIN).
func familyLine(c *Common, f model.Family, on model.Date, masked bool) string {
	name := func(s string) string {
		if masked {
			return model.MaskName(s)
		}
		return s
	}
	var kids, adults []string
	for _, ch := range f.Children {
		kids = append(kids, name(ch.Name)+" "+ageText(c, ch.AgeOn(on)))
	}
	for _, cg := range f.Caregivers {
		adults = append(adults, fmt.Sprintf("%s(%s) %s", name(cg.Name), cg.Relation.Label(c.Lang), model.MaskPhone(cg.Phone)))
	}
	return strings.Join(kids, ", ") + " | " + strings.Join(adults, ", ")
}
