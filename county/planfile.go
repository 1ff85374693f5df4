package county

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"time"

	"carekiosk/export"
	"carekiosk/model"
)

// The plan file is the plan as indented JSON followed by one line holding
// its ed25519 signature:
//
//	{ …the plan… }
//	# carekiosk-plan-signature:BASE64
//
// The signature covers every byte before that line, so a changed byte
// anywhere in the file is refused.
const (
	PlanFormat      = "carekiosk-county-plan"
	PlanVersion     = 1
	planSigPrefix   = "# carekiosk-plan-signature:"
	maxPlanFileSize = 1 << 20
)

type planFile struct {
	Format    string         `json:"format"`
	Version   int            `json:"version"`
	County    string         `json:"county"`
	Serial    int            `json:"serial"`
	IssuedAt  string         `json:"issued_at"`
	SignKey   string         `json:"sign_key"`
	Recipient string         `json:"recipient"`
	Years     []planFileYear `json:"years"`
}

type planFileYear struct {
	Year   int            `json:"year"`
	Period string         `json:"period"`
	DueDay int            `json:"due_day"`
	Bands  []string       `json:"bands"`
	Units  []planFileUnit `json:"units"`
}

type planFileUnit struct {
	Order int    `json:"order"`
	ID    string `json:"id"`
	Name  string `json:"name"`
	Quota int    `json:"quota"`
}

// SignPlan writes the plan file, signed with the county's key. The plan's
// SignKey is set to the key's public half.
func SignPlan(p *model.Plan, key ed25519.PrivateKey) ([]byte, error) {
	p.SignKey = export.FormatPublicKey(key.Public().(ed25519.PublicKey))
	f := planFile{Format: PlanFormat, Version: PlanVersion, County: p.County, Serial: p.Serial,
		IssuedAt: p.IssuedAt.UTC().Format(time.RFC3339), SignKey: p.SignKey, Recipient: p.Recipient}
	for _, y := range p.Years {
		fy := planFileYear{Year: y.Year, Period: y.Period, DueDay: y.DueDay, Bands: []string{}}
		for _, b := range y.Bands {
			fy.Bands = append(fy.Bands, b.String())
		}
		for _, u := range y.Units {
			fy.Units = append(fy.Units, planFileUnit{Order: u.Order, ID: u.ID, Name: u.Name, Quota: u.Quota})
		}
		f.Years = append(f.Years, fy)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	sig := ed25519.Sign(key, buf.Bytes())
	buf.WriteString(planSigPrefix + base64.StdEncoding.EncodeToString(sig) + "\n")
	return buf.Bytes(), nil
}

func badPlan(zh, en string, args ...any) error {
	return model.Errorf(model.EINVALID, "计划文件无效："+zh, "the plan file is not valid: "+en, args...)
}

// OpenPlan checks a plan file's signature against the key inside it and
// returns the plan. pinned, when not empty, is the county key the station
// already holds: a plan signed by any other key is refused. The caller
// decides whether the plan is newer than the one it holds.
func OpenPlan(b []byte, pinned string) (*model.Plan, error) {
	if len(b) > maxPlanFileSize {
		return nil, badPlan("文件过大", "the file is too large")
	}
	i := bytes.LastIndex(b, []byte("\n"+planSigPrefix))
	if i < 0 || !bytes.HasSuffix(b, []byte("\n")) {
		return nil, badPlan("没有县妇计中心的签名（不是 carekiosk county plan 写出的文件）", "it carries no county signature (not a file written by carekiosk county plan)")
	}
	body := b[:i+1]
	sigText := b[i+1+len(planSigPrefix) : len(b)-1]
	sig, err := base64.StdEncoding.DecodeString(string(sigText))
	if err != nil || len(sig) != ed25519.SignatureSize || bytes.ContainsAny(sigText, "\r\n") {
		return nil, badPlan("签名行已损坏", "the signature line is damaged")
	}
	var f planFile
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, badPlan("内容已损坏或被改动（%v）", "the content is damaged or altered (%v)", err)
	}
	if f.Format != PlanFormat || f.Version != PlanVersion {
		return nil, badPlan("不认识的格式 %q 版本 %d", "unknown format %q version %d", f.Format, f.Version)
	}
	key, err := export.ParsePublicKey([]byte(f.SignKey))
	if err != nil {
		return nil, badPlan("县妇计中心的公钥无效", "the county's public key is invalid")
	}
	if !ed25519.Verify(key, body, sig) {
		return nil, badPlan("签名不符：文件被改动过", "the signature does not match: the file was altered")
	}
	if pinned != "" && pinned != f.SignKey {
		have, _ := export.ParsePublicKey([]byte(pinned))
		return nil, model.Errorf(model.ECONFLICT, "计划文件由另一个密钥签发（指纹 %s），本站只接受县妇计中心原密钥（指纹 %s）签发的计划；未作改动",
			"the plan was signed by another key (%s); this station accepts only plans signed by the county key it holds (%s). Nothing was changed",
			export.Fingerprint(key), export.Fingerprint(have))
	}
	return fileToPlan(&f)
}

func fileToPlan(f *planFile) (*model.Plan, error) {
	issued, err := time.Parse(time.RFC3339, f.IssuedAt)
	if err != nil {
		return nil, badPlan("签发时间无效", "invalid issued_at")
	}
	if _, err := export.ParseRecipient(f.Recipient); err != nil {
		return nil, err
	}
	p := &model.Plan{County: f.County, Serial: f.Serial, IssuedAt: issued, SignKey: f.SignKey, Recipient: f.Recipient}
	if err := model.CheckText("county", f.County, 1, 20); err != nil {
		return nil, err
	}
	for _, fy := range f.Years {
		y := model.PlanYear{Year: fy.Year, Period: fy.Period, DueDay: fy.DueDay}
		for _, s := range fy.Bands {
			b, err := model.ParseAgeBand(s)
			if err != nil {
				return nil, err
			}
			y.Bands = append(y.Bands, b)
		}
		for _, u := range fy.Units {
			if u.ID == "" {
				return nil, badPlan("单位“%s”没有编号", "unit %s has no id", u.Name)
			}
			y.Units = append(y.Units, model.PlanUnit{ID: u.ID, Order: u.Order, Name: u.Name, Quota: u.Quota})
		}
		if err := y.Validate(); err != nil {
			return nil, err
		}
		p.Years = append(p.Years, y)
	}
	if len(p.Years) == 0 {
		return nil, badPlan("没有任何年份的计划", "it holds no year")
	}
	return p, nil
}
