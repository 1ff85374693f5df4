// Command pinyindict builds pinyin/dict.gz, the kiosk's embedded pinyin
// dictionary, from Debian's rime-data-pinyin-simp package (pinyin_simp.dict.yaml,
// Apache-2.0, derived from the Android Pinyin IME word list with frequencies).
//
//	go generate ./pinyin      # runs: go run ../tools/pinyindict -out dict.gz
//
// With -src it reads that file; without, it looks in /usr/share/rime-data and
// otherwise fetches the package with `apt-get download` into a temporary folder
// and unpacks it with dpkg-deb. The output is gzip-compressed text, one entry a
// line, "syllables<TAB>word<TAB>weight", sorted, so a regenerated file diffs
// cleanly and the binary needs nothing at run time.
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

const (
	pkg      = "rime-data-pinyin-simp"
	dictPath = "usr/share/rime-data/pinyin_simp.dict.yaml"
	// minWeight drops entries the source itself ranks as never seen: no
	// one types them on a kiosk, and they only crowd the candidate list.
	minWeight = 1
	// maxSyllables keeps phrases short; longer sentences are built by
	// segmentation at run time.
	maxSyllables = 6
	// termWeight is what a programme term from terms.txt weighs: a
	// moderately common word of the source.
	termWeight = 3000
)

func main() {
	src := flag.String("src", "", "pinyin_simp.dict.yaml (default: installed, else apt-get download "+pkg+")")
	out := flag.String("out", "dict.gz", "output file")
	terms := flag.String("terms", "../tools/pinyindict/terms.txt", "the programme's own words with pinyin")
	flag.Parse()
	path, cleanup, err := source(*src)
	if err != nil {
		log.Fatal(err)
	}
	defer cleanup()
	entries, err := read(path)
	if err != nil {
		log.Fatal(err)
	}
	if entries, err = addTerms(entries, *terms); err != nil {
		log.Fatal(err)
	}
	if err := write(*out, entries); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "pinyindict: %d entries from %s into %s\n", len(entries), path, *out)
}

// source finds the dictionary file, downloading the Debian package if needed.
func source(src string) (string, func(), error) {
	nothing := func() {}
	if src != "" {
		return src, nothing, nil
	}
	if _, err := os.Stat("/" + dictPath); err == nil {
		return "/" + dictPath, nothing, nil
	}
	dir, err := os.MkdirTemp("", "pinyindict")
	if err != nil {
		return "", nothing, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	dl := exec.Command("apt-get", "download", pkg)
	dl.Dir, dl.Stderr = dir, os.Stderr
	if err := dl.Run(); err != nil {
		cleanup()
		return "", nothing, fmt.Errorf("apt-get download %s: %w", pkg, err)
	}
	debs, _ := filepath.Glob(filepath.Join(dir, pkg+"_*.deb"))
	if len(debs) != 1 {
		cleanup()
		return "", nothing, fmt.Errorf("no %s package downloaded", pkg)
	}
	if err := exec.Command("dpkg-deb", "-x", debs[0], filepath.Join(dir, "x")).Run(); err != nil {
		cleanup()
		return "", nothing, fmt.Errorf("dpkg-deb -x: %w", err)
	}
	return filepath.Join(dir, "x", dictPath), cleanup, nil
}

type entry struct {
	syllables, word string
	weight          int
}

// read parses the Rime dictionary: a YAML header up to "...", then
// "word<TAB>pinyin syllables<TAB>weight" lines.
func read(path string) ([]entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	body := false
	seen := map[string]int{}
	var es []entry
	for sc.Scan() {
		line := sc.Text()
		if !body {
			body = line == "..."
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 3 || strings.HasPrefix(line, "#") {
			continue
		}
		w, err := strconv.Atoi(cols[2])
		if err != nil || w < minWeight || !han(cols[0]) {
			continue
		}
		syl := strings.Fields(cols[1])
		if len(syl) == 0 || len(syl) > maxSyllables || len(syl) != len([]rune(cols[0])) {
			continue
		}
		e := entry{syllables: strings.Join(syl, " "), word: cols[0], weight: w}
		key := e.syllables + "\t" + e.word
		if i, ok := seen[key]; ok {
			es[i].weight += w
			continue
		}
		seen[key] = len(es)
		es = append(es, e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !body || len(es) == 0 {
		return nil, fmt.Errorf("%s: no dictionary entries", path)
	}
	sortEntries(es)
	return es, nil
}

// sortEntries orders by reading, then weight (best first), then word.
func sortEntries(es []entry) {
	sort.Slice(es, func(i, j int) bool {
		if es[i].syllables != es[j].syllables {
			return es[i].syllables < es[j].syllables
		}
		if es[i].weight != es[j].weight {
			return es[i].weight > es[j].weight
		}
		return es[i].word < es[j].word
	})
}

// addTerms adds the programme's words, each at least termWeight, and sorts.
func addTerms(es []entry, path string) ([]entry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	at := map[string]int{}
	for i, e := range es {
		at[e.syllables+"\t"+e.word] = i
	}
	for _, line := range strings.Split(string(data), "\n") {
		word, py, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		syl := strings.Join(strings.Fields(py), " ")
		if !han(word) || len(strings.Fields(py)) != len([]rune(word)) {
			return nil, fmt.Errorf("%s: bad line %q", path, line)
		}
		if i, ok := at[syl+"\t"+word]; ok {
			es[i].weight = max(es[i].weight, termWeight)
			continue
		}
		es = append(es, entry{syllables: syl, word: word, weight: termWeight})
	}
	sortEntries(es)
	return es, nil
}

// han reports whether s is made of Han characters only.
func han(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

func write(path string, es []entry) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	for _, e := range es {
		fmt.Fprintf(bw, "%s\t%s\t%d\n", e.syllables, e.word, e.weight)
	}
	for _, c := range []io.Closer{closerFunc(bw.Flush), zw, f} {
		if err := c.Close(); err != nil {
			return err
		}
	}
	return nil
}

type closerFunc func() error

func (c closerFunc) Close() error { return c() }
