package paperimport

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// findDepth is how many folders down a stick FindSheets looks.
const findDepth = 3

// FindSheets lists the spreadsheets (.xlsx, .xlsm, .csv, and .xls, which
// ReadFile refuses with what to do) in the folders dirs (mounted USB sticks) and their subfolders a few
// levels down, by path. Hidden files and folders and the lock files Excel
// and WPS leave beside an open workbook (~$…) are left out.
func FindSheets(dirs []string) []string {
	var out []string
	for _, root := range dirs {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // an unreadable folder: look at the rest
			}
			name := d.Name()
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$")) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if rel, _ := filepath.Rel(root, p); rel != "." && strings.Count(rel, string(os.PathSeparator)) >= findDepth-1 {
					return filepath.SkipDir
				}
				return nil
			}
			// An .xls is listed so the import can say to save it as .xlsx.
			if supported(name) == nil || strings.EqualFold(filepath.Ext(name), ".xls") {
				out = append(out, p)
			}
			return nil
		})
	}
	sort.Strings(out)
	return out
}
