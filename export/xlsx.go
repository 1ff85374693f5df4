package export

import (
	"io"
	"strconv"
	"strings"

	"carekiosk/model"
)

// Where the xlsx files go inside the export folder.
const formsDir = "活动记录与签到表"

// xlsx writes the statistics workbook and one workbook per session.
func (j *job) xlsx() error {
	slug := rangeSlug(j.opt.From, j.opt.To)
	if err := j.out.write(statisticsFileName(j.ds, slug), func(w io.Writer) error {
		return writeStatisticsWorkbook(w, j.v, j.ds, j.opt)
	}); err != nil {
		return err
	}
	if err := j.step(); err != nil {
		return err
	}
	used := map[string]int{}
	for _, s := range j.ds.sessions {
		var signIns []model.SignIn
		if err := j.v.EachSignIn(s.ID, func(si model.SignIn) error {
			signIns = append(signIns, si)
			return nil
		}); err != nil {
			return err
		}
		withdrawn, err := j.v.WithdrawnSignIns(s.ID)
		if err != nil {
			return err
		}
		for i := range withdrawn {
			withdrawn[i].At = withdrawn[i].At.In(j.ds.set.Location())
		}
		name := sessionFileName(s.Session)
		// FAT and exFAT sticks ignore case: "Play" and "play" would clash.
		key := strings.ToLower(name)
		used[key]++
		if n := used[key]; n > 1 {
			name += "_" + strconv.Itoa(n)
		}
		if err := j.out.write(formsDir+"/"+name+".xlsx", func(w io.Writer) error {
			return writeSessionWorkbook(w, j.ds.set.County, s, signIns, withdrawn)
		}); err != nil {
			return err
		}
		if err := j.step(); err != nil {
			return err
		}
	}
	return nil
}
