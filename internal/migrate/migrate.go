// Package migrate reads a database's numbered schema migrations from an
// embedded folder, for the station's store and the county's database alike.
package migrate

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one file of SQL, run once in its own transaction when a
// database's user_version is below Version.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Load reads every file of dir in fsys, named "NNNN_what.sql", in number
// order. Numbers must run 1, 2, 3… with no gap and none used twice: a
// migration numbered below one a database already ran would never run there.
// A folder that breaks this is a programming error, found by the tests.
func Load(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file name must start with its number: %s", e.Name())
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{v, e.Name(), string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migrations must be numbered 1, 2, 3… without gaps or repeats: %s", m.Name)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no migrations in %s", dir)
	}
	return out, nil
}

// MustLoad is Load for a folder embedded in the program, which is right or
// the program cannot run at all.
func MustLoad(fsys fs.FS, dir string) []Migration {
	m, err := Load(fsys, dir)
	if err != nil {
		panic(err)
	}
	return m
}
