package tui

import (
	"charm.land/bubbles/v2/key"

	"carekiosk/model"
)

// EditKeys are the keys of the text fields and of typing pinyin in them.
type EditKeys struct {
	CursorLeft, CursorRight key.Binding
	WordLeft, WordRight     key.Binding
	LineStart, LineEnd      key.Binding
	DeleteBack              key.Binding
	DeleteForward           key.Binding
	ClearField              key.Binding
	// InputMode switches a Chinese field between 中 (letters compose
	// pinyin) and 英 (letters go in as typed).
	InputMode key.Binding
	// While composing: pick, turn the candidate pages, put the letters in
	// as typed, drop them.
	PickCandidate   key.Binding
	CandidatesPrev  key.Binding
	CandidatesNext  key.Binding
	CommitLetters   key.Binding
	CancelComposing key.Binding
}

// newEditKeys builds the field keys with help in lang.
func newEditKeys(lang model.Lang) EditKeys {
	t := lang.Pick
	b := func(keys []string, help, zh, en string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, t(zh, en)))
	}
	return EditKeys{
		CursorLeft:      b([]string{"left"}, "left/right", "移动光标", "move the cursor"),
		CursorRight:     b([]string{"right"}, "right", "光标右移", "cursor right"),
		WordLeft:        b([]string{"ctrl+left", "alt+left", "alt+b"}, "ctrl+left/right", "按词移动", "by word"),
		WordRight:       b([]string{"ctrl+right", "alt+right", "alt+f"}, "ctrl+right", "后一个词", "next word"),
		LineStart:       b([]string{"home"}, "home/end", "行首/行尾", "start/end"),
		LineEnd:         b([]string{"end", "ctrl+e"}, "end", "行尾", "end"),
		DeleteBack:      b([]string{"backspace", "ctrl+h"}, "backspace/delete", "删除", "delete"),
		DeleteForward:   b([]string{"delete", "ctrl+d"}, "delete", "删除后一个字", "delete forward"),
		ClearField:      b([]string{"ctrl+u"}, "ctrl+u", "清空", "clear"),
		InputMode:       b([]string{"ctrl+space", "ctrl+@"}, "ctrl+space", "中/英", "Chinese/English"),
		PickCandidate:   b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "space"}, "1-5/space", "选字", "pick"),
		CandidatesPrev:  b([]string{"-", "pgup"}, "-/=", "翻页", "page"),
		CandidatesNext:  b([]string{"=", "pgdown"}, "=", "下一页", "next page"),
		CommitLetters:   b([]string{"enter"}, "enter", "输入字母", "letters as typed"),
		CancelComposing: b([]string{"esc"}, "esc", "取消", "drop the pinyin"),
	}
}

// composingHelp is the help line while pinyin is composed.
func (k *KeyMap) composingHelp() []key.Binding {
	return []key.Binding{k.PickCandidate, k.CandidatesPrev, k.CommitLetters, k.CancelComposing, k.InputMode}
}

// editingHelp lists the field keys for the full help.
func (k *KeyMap) editingHelp() []key.Binding {
	return []key.Binding{k.CursorLeft, k.WordLeft, k.LineStart, k.DeleteBack, k.ClearField, k.InputMode}
}
