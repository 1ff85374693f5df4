package migrate

import (
	"strings"
	"testing"
	"testing/fstest"
)

func files(names ...string) fstest.MapFS {
	m := fstest.MapFS{}
	for _, n := range names {
		m["m/"+n] = &fstest.MapFile{Data: []byte("-- " + n)}
	}
	return m
}

func TestLoadInNumberOrder(t *testing.T) {
	got, err := Load(files("0002_b.sql", "0010_j.sql", "0001_a.sql", "0003_c.sql", "0004_d.sql", "0005_e.sql", "0006_f.sql", "0007_g.sql", "0008_h.sql", "0009_i.sql"), "m")
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range got {
		if m.Version != i+1 || m.SQL != "-- "+m.Name {
			t.Fatalf("#%d: %+v", i, m)
		}
	}
}

func TestLoadRefusesBadFolders(t *testing.T) {
	for name, fs := range map[string]fstest.MapFS{
		"gap":      files("0001_a.sql", "0003_c.sql"),
		"repeat":   files("0001_a.sql", "0002_b.sql", "0002_c.sql"),
		"no start": files("0002_b.sql"),
		"bad name": files("0001_a.sql", "second.sql"),
		"empty":    {"m": &fstest.MapFile{Mode: 0o40000 | 0o755}},
	} {
		if _, err := Load(fs, "m"); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
	defer func() {
		if v := recover(); v == nil || !strings.Contains(v.(error).Error(), "without gaps") {
			t.Fatalf("MustLoad of a folder with a gap: %v", v)
		}
	}()
	MustLoad(files("0001_a.sql", "0003_c.sql"), "m")
}
