package tui

import (
	"charm.land/bubbles/v2/key"

	"carekiosk/model"
)

// KeyMap holds every key binding with its help text in the current language.
type KeyMap struct {
	Up, Down, Left, Right key.Binding
	Enter, Back, Help     key.Binding
	Quit, Tab, ShiftTab   key.Binding
	Save                  key.Binding
	NewSession            key.Binding
	History, Families     key.Binding
	Settings, Checkin     key.Binding
	KioskSignIn           key.Binding
	NewFamily             key.Binding
	Toggle                key.Binding
	StartStop             key.Binding
	Notes                 key.Binding
	Plus, Minus           key.Binding
	Next, Prev            key.Binding
	Summary, CloseSession key.Binding
	Edit, Delete          key.Binding
	Withdraw              key.Binding
	Correct               key.Binding
	// SignInFix corrects a closed session's sign-ins; Void voids a session
	// opened by mistake (each after the PIN).
	SignInFix, Void key.Binding
	// Restore takes back a void made by mistake (the same key as Void, on a
	// voided session).
	Restore           key.Binding
	Card              key.Binding
	FamilyCopy, Erase key.Binding
	Band, Unit        key.Binding
	Running           key.Binding
	Home              key.Binding
	QuitApp           key.Binding
	Unlock            key.Binding
	Yes, No           key.Binding
	View              key.Binding
	Export            key.Binding
	// AddChild adds another child to the kiosk's new-family form.
	AddChild key.Binding
	// HelpAnywhere opens the help from a text field too, where ? is typed.
	HelpAnywhere key.Binding

	// Move is up and down together, as a list's help shows them.
	Move key.Binding
	// NextField and PrevField move between the inputs of a form.
	NextField, PrevField key.Binding
	// OptionPrev and OptionNext change a choice; Options is the two as the
	// help shows them.
	OptionPrev, OptionNext, Options key.Binding
	// Cursor moves along a row of toggles; Flip turns the one under it on
	// or off; Digits flips the n-th directly.
	Cursor, Flip, Digits key.Binding
	// ViewPrev goes back through the record's views (View goes on).
	ViewPrev key.Binding
	// Month goes a month back or on in the history's list.
	Month key.Binding
	// Quota raises or lowers a unit's quota in the settings.
	Quota key.Binding
	// Merge and Apart decide a possible duplicate family.
	Merge, Apart key.Binding
	// FixFamily corrects a family's data, merges or splits it (PIN).
	FixFamily key.Binding
	// Agree and Decline answer the consent notice.
	Agree, Decline key.Binding
	// ImportPlan reads the county's plan from a USB stick.
	ImportPlan key.Binding
	// Eject unmounts the chosen USB stick.
	Eject key.Binding
	// EditKeys are the text fields' keys.
	EditKeys
	// FollowUp opens the follow-up of the families to invite (PIN);
	// Notified marks or unmarks a family 已通知 for the chosen session;
	// PrintList writes the invitation list to print.
	FollowUp, Notified, PrintList key.Binding
	// PickSession chooses the previous or next session to come.
	PickSession key.Binding
	// Charts opens the charts; Year goes a year back or on there.
	Charts, Year key.Binding
	// PaperImport opens the import of paper sheets from a USB stick (PIN);
	// DryRun tries the files picked; StoreImport imports them after it.
	PaperImport, DryRun, StoreImport key.Binding
	// Backfill enters a session held on paper (PIN).
	Backfill key.Binding
	// StationKey opens the station's public key from the settings;
	// WriteKey writes its file onto the USB stick there.
	StationKey, WriteKey key.Binding
}

// bindingIn makes key bindings whose help is in lang.
func bindingIn(lang model.Lang) func(keys []string, help, zh, en string) key.Binding {
	return func(keys []string, help, zh, en string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, lang.Pick(zh, en)))
	}
}

// NewKeyMap builds the key map with help in lang.
func NewKeyMap(lang model.Lang) *KeyMap {
	b := bindingIn(lang)
	k := &KeyMap{
		Up:           b([]string{"up"}, "up/down", "选择", "choose"),
		Down:         b([]string{"down"}, "down", "下", "down"),
		Left:         b([]string{"left"}, "left", "前一项", "previous"),
		Right:        b([]string{"right"}, "right", "后一项", "next"),
		Enter:        b([]string{"enter"}, "enter", "确定", "ok"),
		Back:         b([]string{"esc"}, "esc", "返回", "back"),
		Help:         b([]string{"?"}, "?", "帮助", "help"),
		Quit:         b([]string{"ctrl+c"}, "ctrl+c", "退出(需PIN)", "quit (PIN)"),
		Tab:          b([]string{"tab"}, "tab", "下一栏", "next field"),
		ShiftTab:     b([]string{"shift+tab"}, "shift+tab", "上一栏", "previous field"),
		Save:         b([]string{"ctrl+s"}, "ctrl+s", "保存", "save"),
		NewSession:   b([]string{"n"}, "n", "新建活动", "new session"),
		History:      b([]string{"h"}, "h", "历史", "history"),
		Families:     b([]string{"f"}, "f", "家庭", "families"),
		Settings:     b([]string{"s"}, "s", "设置", "settings"),
		Checkin:      b([]string{"c"}, "c", "签到屏", "check-in"),
		KioskSignIn:  b([]string{"enter"}, "enter", "现场签到", "sign in here"),
		NewFamily:    b([]string{"ctrl+n"}, "ctrl+n", "新家庭", "new family"),
		Toggle:       b([]string{"space"}, "space", "选择", "select"),
		StartStop:    b([]string{"space"}, "space", "开始/结束", "start/stop"),
		Notes:        b([]string{"e", "enter"}, "e", "记录", "notes"),
		Plus:         b([]string{"+", "="}, "+/-", "计划分钟", "planned min"),
		Minus:        b([]string{"-"}, "-", "减少", "less"),
		Next:         b([]string{"n"}, "n", "下一环节", "next segment"),
		Prev:         b([]string{"p"}, "p", "上一环节", "previous segment"),
		Summary:      b([]string{"s"}, "s", "总结与结束", "summary & close"),
		CloseSession: b([]string{"c"}, "c", "结束活动", "close session"),
		Edit:         b([]string{"e"}, "e", "编辑", "edit"),
		Delete:       b([]string{"d"}, "d", "删除", "delete"),
		Withdraw:     b([]string{"x"}, "x", "撤销签到", "withdraw sign-in"),
		Correct:      b([]string{"x"}, "x", "更正", "correct"),
		SignInFix:    b([]string{"i"}, "i", "更正签到", "correct sign-ins"),
		Void:         b([]string{"v"}, "v", "作废活动", "void session"),
		Restore:      b([]string{"v"}, "v", "撤销作废", "undo the void"),
		Card:         b([]string{"p"}, "p", "生成家庭卡", "family card"),
		FamilyCopy:   b([]string{"c"}, "c", "导出家庭信息", "copy for the family"),
		Erase:        b([]string{"D"}, "D", "删除家庭信息", "erase the family"),
		Band:         b([]string{"b"}, "b", "月龄段", "age band"),
		Unit:         b([]string{"u"}, "u", "单位", "unit"),
		Running:      b([]string{"r"}, "r", "进行活动", "run session"),
		Home:         b([]string{"h", "home"}, "h", "首页", "home"),
		QuitApp:      b([]string{"q"}, "q", "退出程序", "quit"),
		Unlock:       b([]string{"esc"}, "esc", "指导员(PIN)", "instructor (PIN)"),
		Yes:          b([]string{"y"}, "y", "是", "yes"),
		No:           b([]string{"n", "esc"}, "n", "否", "no"),
		View:         b([]string{"tab", "right"}, "tab", "切换视图", "switch view"),
		Export:       b([]string{"x"}, "x", "导出", "export"),
		AddChild:     b([]string{"ctrl+a"}, "ctrl+a", "再加一个孩子", "add a child"),
		HelpAnywhere: b([]string{"f1"}, "F1", "帮助", "help"),
		Move:         b([]string{"up", "down"}, "up/down", "选择", "choose"),
		NextField:    b([]string{"tab", "down"}, "tab", "下一栏", "next field"),
		PrevField:    b([]string{"shift+tab", "up"}, "shift+tab", "上一栏", "previous field"),
		OptionPrev:   b([]string{"left"}, "left", "前一项", "previous"),
		OptionNext:   b([]string{"right", "space"}, "right", "后一项", "next"),
		Options:      b([]string{"left", "right", "space"}, "left/right", "改选项", "change option"),
		Cursor:       b([]string{"left", "right"}, "left/right", "移动", "move"),
		Flip:         b([]string{"space", "x"}, "space", "选择", "select"),
		Digits:       b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "选第几项", "select by number"),
		ViewPrev:     b([]string{"shift+tab", "left"}, "shift+tab", "上一视图", "previous view"),
		Month:        b([]string{"left", "right"}, "left/right", "按月份", "by month"),
		Quota:        b([]string{"+", "=", "-"}, "+/-", "任务数", "quota"),
		Merge:        b([]string{"m"}, "m", "合并到原家庭", "merge into the first family"),
		Apart:        b([]string{"a"}, "a", "分开", "keep apart"),
		FixFamily:    b([]string{"e"}, "e", "更正/合并/拆分", "correct, merge, split"),
		Agree:        b([]string{"y", "Y"}, "y", "同意并签到", "agree and sign in"),
		Decline:      b([]string{"esc", "n", "N"}, "esc", "不同意，返回", "do not agree, go back"),
		ImportPlan:   b([]string{"ctrl+o"}, "ctrl+o", "导入计划", "import plan"),
		Eject:        b([]string{"u"}, "u", "安全移除U盘", "eject the USB stick"),
		EditKeys:     newEditKeys(lang),
	}
	recordKeys(k, b)
	return k
}

// recordKeys adds the keys of the follow-up, the charts, the paper import,
// the backfill and the station's key.
func recordKeys(k *KeyMap, b func(keys []string, help, zh, en string) key.Binding) {
	k.FollowUp = b([]string{"i"}, "i", "跟进(PIN)", "follow-up (PIN)")
	k.Notified = b([]string{"space"}, "space", "已通知", "notified")
	k.PrintList = b([]string{"p"}, "p", "打印名单", "print list")
	k.PickSession = b([]string{"left", "right"}, "left/right", "换活动", "other session")
	k.Charts = b([]string{"g"}, "g", "统计图", "charts")
	k.Year = b([]string{"left", "right"}, "left/right", "换年份", "other year")
	k.PaperImport = b([]string{"o"}, "o", "导入纸质记录(PIN)", "import paper records (PIN)")
	k.DryRun = b([]string{"enter"}, "enter", "试运行", "dry run")
	k.StoreImport = b([]string{"y"}, "y", "正式导入", "import")
	k.Backfill = b([]string{"b"}, "b", "补录纸质活动(PIN)", "backfill a paper session (PIN)")
	k.StationKey = b([]string{"ctrl+k"}, "ctrl+k", "本站公钥（交给县妇计中心）", "station key for the county")
	k.WriteKey = b([]string{"w"}, "w", "写到U盘", "write to the stick")
}

// when returns b, left out of the help (and matching nothing) unless on:
// a key that has nothing to act on is not offered.
func when(on bool, b key.Binding) key.Binding {
	b.SetEnabled(on)
	return b
}

// widgetKeys match the keys of the form widgets (form, choice, toggles),
// which have no Common at hand. The keys are the same in every language;
// the help the screens show comes from Common.Keys.
var widgetKeys = NewKeyMap(model.LangZH)
