package export

import (
	"fmt"
	"path/filepath"
	"strings"

	"carekiosk/model"
)

// Summary says in a few lines what an export wrote, for the export screen
// and the command line: the folder, the counts, the bundle, and the files
// at the top of the folder with how many each subfolder holds.
func (r Report) Summary(lang model.Lang) string {
	var b strings.Builder
	en := lang.English()
	if en {
		fmt.Fprintf(&b, "Exported to %s\n%d sessions, %d sign-ins\n", r.Dir, r.Sessions, r.SignIns)
	} else {
		fmt.Fprintf(&b, "已导出到 %s\n活动 %d 场，签到 %d 人次\n", r.Dir, r.Sessions, r.SignIns)
	}
	if r.PaperSessions > 0 {
		if en {
			fmt.Fprintf(&b, "and %d sessions from old paper statistics tables (in the statistics table only: no forms)\n", r.PaperSessions)
		} else {
			fmt.Fprintf(&b, "另有往年纸质统计表中的活动 %d 场（只列在活动统计表中，没有活动记录表和签到表）\n", r.PaperSessions)
		}
	}
	if r.Sessions == 0 && r.PaperSessions == 0 && !r.BundleOnly {
		if en {
			b.WriteString("No sessions in this date range: the tables have headers only.\n")
		} else {
			b.WriteString("所选日期范围内没有活动，表格只有表头。\n")
		}
	}
	if r.Bundle != "" {
		if en {
			fmt.Fprintf(&b, "Station bundle no. %d: %s\n", r.BundleSequence, filepath.Base(r.Bundle))
		} else {
			fmt.Fprintf(&b, "站点数据包 第 %d 号：%s\n", r.BundleSequence, filepath.Base(r.Bundle))
		}
		if r.BundleSessions != r.Sessions {
			if en {
				fmt.Fprintf(&b, "The bundle holds all %d of the station's sessions: a bundle is always whole, the date range applies to the forms.\n", r.BundleSessions)
			} else {
				fmt.Fprintf(&b, "数据包含本站全部 %d 场活动：数据包总是完整的，日期范围只用于表格。\n", r.BundleSessions)
			}
		}
		switch {
		case r.Sealed && en:
			b.WriteString("The bundle is encrypted to the county center: only the county can open it.\n")
		case r.Sealed:
			b.WriteString("数据包已加密，只有县妇计中心能打开。\n")
		case en:
			b.WriteString("The bundle is NOT encrypted: this station has not imported the county's plan.\n")
		default:
			b.WriteString("数据包未加密：本站还没有导入县妇计中心的计划。\n")
		}
	}
	folders := map[string]int{}
	var order []string
	for _, f := range r.Files {
		rel, err := filepath.Rel(r.Dir, f)
		if err != nil {
			rel = f
		}
		dir, _ := filepath.Split(rel)
		if dir == "" {
			fmt.Fprintf(&b, "  %s\n", rel)
			continue
		}
		if folders[dir] == 0 {
			order = append(order, dir)
		}
		folders[dir]++
	}
	for _, d := range order {
		if en {
			fmt.Fprintf(&b, "  %s (%d files)\n", d, folders[d])
		} else {
			fmt.Fprintf(&b, "  %s（%d 个文件）\n", d, folders[d])
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
