package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"carekiosk/county"
	"carekiosk/countydb"
	"carekiosk/export"
	"carekiosk/model"
)

func init() {
	commands["county"] = command{"县妇计中心：计划、登记站点、导入数据包 the county center: plan, stations, bundle import", runCounty}
}

// countyCommands are the subcommands of `carekiosk county`.
var countyCommands = map[string]command{
	"init":     {"建立县妇计中心数据与密钥 set up the county's database and keys", runCountyInit},
	"plan":     {"修改并写出签名的计划文件 edit the plan and write it signed", runCountyPlan},
	"import":   {"导入站点数据包（文件或文件夹） import station bundles (files or folders)", runCountyImport},
	"register": {"登记站点公钥 register a station's public key to a unit", runCountyRegister},
}

func runCounty(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		w := stdout
		if len(args) == 0 {
			w = stderr
		}
		fmt.Fprintln(w, "用法 Usage: carekiosk county COMMAND --data DIR [flags]")
		names := make([]string, 0, len(countyCommands))
		for n := range countyCommands {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(w, "  %-9s %s\n", n, countyCommands[n].summary)
		}
		if len(args) == 0 {
			return exitError{2}
		}
		return nil
	}
	cmd, ok := countyCommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "carekiosk county: 未知命令 unknown command %q\n", args[0])
		return exitError{2}
	}
	return cmd.run(ctx, args[1:], stdout, stderr)
}

// countyData checks that --data was given: the county's folder is never a
// default, so a station's folder is not mistaken for it.
func countyData(fs *flag.FlagSet, given bool, stderr io.Writer, name string) error {
	if given {
		return nil
	}
	fmt.Fprintf(stderr, "carekiosk county %s: 请用 --data DIR 指定县妇计中心的数据文件夹 give the county's data folder with --data DIR\n", name)
	fs.Usage()
	return exitError{2}
}

// openCounty opens the county's database (create: set up a new one) with
// the command's clock, so everything a county command records is dated as
// CAREKIOSK_NOW says when it is set.
func openCounty(ctx context.Context, dir string, create bool) (*countydb.DB, error) {
	return countydb.Open(dir, create, countydb.Options{Clock: clockOf(ctx)})
}

// runCountyInit makes the county's database and keys.
func runCountyInit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("county init", "carekiosk county init --data DIR [--county 青田县] [--year YYYY]", stderr)
	name := fs.String("county", "青田县", "县名 the county's name")
	year := fs.Int("year", 0, "第一年计划的年份 the first plan year (默认今年 default: this year)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := countyData(fs, flagGiven(fs, "data"), stderr, "init"); err != nil {
		return err
	}
	if *year == 0 {
		*year = clockOf(ctx).Time().In(model.DefaultSettings().Location()).Year()
	}
	db, err := openCounty(ctx, *data, true)
	if err != nil {
		return err
	}
	defer db.Close()
	seed, identity, err := county.NewKeys()
	if err != nil {
		return err
	}
	if err := db.Init(ctx, *name, *year, seed, identity); err != nil {
		return err
	}
	keys, err := db.Keys(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "县妇计中心数据已建立 County data set up in %s（%s，%d 年计划：附件3 的十个单位）\n", *data, *name, *year)
	printCountyKeys(stdout, keys)
	fmt.Fprintln(stdout, "下一步 Next: carekiosk county plan --data DIR --out 计划.json（写入U盘，交各站点导入 for every station to import）")
	return nil
}

func printCountyKeys(w io.Writer, k county.Keys) {
	fmt.Fprintf(w, "计划签名密钥指纹 Plan signing key fingerprint: %s\n", export.Fingerprint(k.Sign.Public().(ed25519.PublicKey)))
	fmt.Fprintf(w, "数据包接收公钥 Bundle recipient: %s\n", k.Identity.Recipient())
}

// runCountyPlan applies plan edits given as flags, then writes the whole
// plan, signed, to --out.
func runCountyPlan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("county plan", "carekiosk county plan --data DIR --out FILE [--year YYYY] [--quota 单位=N]… [--due-day N] [--bands 0-3,4-6,…]", stderr)
	out := fs.String("out", "", "计划文件（如U盘上的 计划.json） the plan file to write (e.g. on a USB stick)")
	year := fs.Int("year", 0, "要修改的年份（没有则按最近一年新建） the year to edit (made from the latest year when new)")
	dueDay := fs.Int("due-day", 0, "每月上报截止日（次月第几日，1–28） reports due by this day of the next month (1–28)")
	bands := fs.String("bands", "", "活动月龄段 age bands, e.g. 0-3,4-6,7-9")
	var quotas multiFlag
	fs.Var(&quotas, "quota", "单位=任务数（可重复；新单位名即新增） UNIT=N (repeatable; a new name adds a unit)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := countyData(fs, flagGiven(fs, "data"), stderr, "plan"); err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprintln(stderr, "carekiosk county plan: 请用 --out 指定计划文件 give the plan file with --out")
		fs.Usage()
		return exitError{2}
	}
	db, err := openCounty(ctx, *data, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if *year != 0 || *dueDay != 0 || *bands != "" || len(quotas) > 0 {
		py, err := editPlanYear(ctx, db, *year, *dueDay, *bands, quotas)
		if err != nil {
			return usageError(stderr, err)
		}
		if err := db.SavePlanYear(ctx, py); err != nil {
			return err
		}
	}
	p, err := db.IssuePlan(ctx)
	if err != nil {
		return err
	}
	keys, err := db.Keys(ctx)
	if err != nil {
		return err
	}
	b, err := county.SignPlan(p, keys.Sign)
	if err != nil {
		return err
	}
	if err := writeFileDurable(*out, b); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "计划已写出 Plan written: %s（第 %d 版 issue %d）\n", *out, p.Serial, p.Serial)
	for _, py := range p.Years {
		printPlanYear(stdout, py)
	}
	printCountyKeys(stdout, keys)
	return nil
}

// editPlanYear applies the flags to a year of the plan.
func editPlanYear(ctx context.Context, db *countydb.DB, year, dueDay int, bands string, quotas []string) (model.PlanYear, error) {
	years, err := db.PlanYears(ctx)
	if err != nil {
		return model.PlanYear{}, err
	}
	if len(years) == 0 {
		return model.PlanYear{}, model.Errorf(model.ENOTFOUND, "还没有计划", "there is no plan yet")
	}
	py := years[len(years)-1]
	if year == 0 {
		year = py.Year
	}
	for _, y := range years {
		if y.Year == year {
			py = y
		}
	}
	py.Year = year
	if dueDay != 0 {
		py.DueDay = dueDay
	}
	if bands != "" {
		py.Bands = nil
		for _, s := range strings.Split(bands, ",") {
			b, err := model.ParseAgeBand(s)
			if err != nil {
				return py, err
			}
			py.Bands = append(py.Bands, b)
		}
	}
	for _, q := range quotas {
		name, num, ok := strings.Cut(q, "=")
		n, err := strconv.Atoi(strings.TrimSpace(num))
		name = strings.TrimSpace(name)
		if !ok || err != nil || name == "" {
			return py, model.FieldErrorf("quota", "--quota 应写作 单位=任务数，例如 温溪片卫生院=7：%q", "--quota is written UNIT=N, e.g. 温溪片卫生院=7: %q", q)
		}
		found := false
		for i := range py.Units {
			if py.Units[i].Name == name {
				py.Units[i].Quota, found = n, true
			}
		}
		if !found {
			py.Units = append(py.Units, model.PlanUnit{Name: name, Quota: n, Order: len(py.Units) + 1})
		}
	}
	return py, py.Validate()
}

func printPlanYear(w io.Writer, py model.PlanYear) {
	total := 0
	for _, u := range py.Units {
		total += u.Quota
	}
	var bands []string
	for _, b := range py.Bands {
		bands = append(bands, fmt.Sprintf("%d-%d", b.Min, b.Max))
	}
	fmt.Fprintf(w, "%d 年 year: %d 个单位 units，任务数合计 %d 场 sessions；每月上报，次月 %d 日前 monthly, due by day %d；月龄段 bands %s\n",
		py.Year, len(py.Units), total, py.DueDay, py.DueDay, strings.Join(bands, ","))
	for _, u := range py.Units {
		fmt.Fprintf(w, "  %2d  %s  %d\n", u.Order, u.Name, u.Quota)
	}
}

// multiFlag collects a repeated flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// writeFileDurable writes a file through a temporary name and an fsync, so
// a full stick or a pulled stick leaves no half-written plan behind.
func writeFileDurable(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return model.Errorf(model.ESTORAGE, "无法写入 %s：%v", "cannot write %s: %v", path, err)
	}
	tmp := path + ".part"
	f, err := os.Create(tmp)
	if err != nil {
		return model.Errorf(model.ESTORAGE, "无法写入 %s：%v", "cannot write %s: %v", path, err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return model.Errorf(model.ESTORAGE, "无法写入 %s：%v", "cannot write %s: %v", path, err)
	}
	return nil
}

// parseWithArgs parses flags given before or after the positional
// arguments and returns those.
func parseWithArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, exitError{2}
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// oneArg parses flags around exactly one positional argument.
func oneArg(fs *flag.FlagSet, args []string, what string) (string, error) {
	pos, err := parseWithArgs(fs, args)
	if err != nil {
		return "", err
	}
	if len(pos) != 1 {
		fmt.Fprintf(fs.Output(), "carekiosk %s: 请给出一个%s give one argument: %s\n", fs.Name(), what, what)
		fs.Usage()
		return "", exitError{2}
	}
	return pos[0], nil
}

// runCountyRegister registers a station's public key (the file `carekiosk
// pubkey` printed) to a unit of the plan and prints its fingerprint for
// the clerk to compare with the one the station reads out.
func runCountyRegister(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("county register", "carekiosk county register --data DIR FILE.pub --unit 单位", stderr)
	unit := fs.String("unit", "", "站点所属单位（计划中的名称） the station's unit, as named in the plan")
	file, err := oneArg(fs, args, "站点公钥文件 the station's public key file")
	if err != nil {
		return err
	}
	if err := countyData(fs, flagGiven(fs, "data"), stderr, "register"); err != nil {
		return err
	}
	if *unit == "" {
		fmt.Fprintln(stderr, "carekiosk county register: 请用 --unit 指定站点所属单位 give the station's unit with --unit")
		fs.Usage()
		return exitError{2}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return model.Errorf(model.ENOTFOUND, "无法读取公钥文件 %s：%v", "cannot read the public key file %s: %v", file, err)
	}
	pub, err := export.ParsePublicKey(b)
	if err != nil {
		return err
	}
	db, err := openCounty(ctx, *data, false)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.Register(ctx, pub, *unit)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已登记 Registered: %s\n", st.Unit)
	fmt.Fprintf(stdout, "指纹 Fingerprint: %s（请与站点念出的核对：站点设置里的“本站公钥”或 carekiosk pubkey 显示的 compare with what the station reads out from its settings or carekiosk pubkey）\n", st.Fingerprint)
	return nil
}

// runCountyImport imports bundle files and folders and prints what each
// did. Exit 1 when any bundle was refused (the others are imported).
func runCountyImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("county import", "carekiosk county import --data DIR FILE|DIR…", stderr)
	paths, err := parseWithArgs(fs, args)
	if err != nil {
		return err
	}
	if err := countyData(fs, flagGiven(fs, "data"), stderr, "import"); err != nil {
		return err
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "carekiosk county import: 请给出数据包文件或文件夹 give bundle files or folders")
		fs.Usage()
		return exitError{2}
	}
	files, err := county.BundleFiles(paths)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return model.Errorf(model.ENOTFOUND, "没有找到数据包（*.zip 或 *.zip.age）", "no bundle found (*.zip or *.zip.age)")
	}
	db, err := openCounty(ctx, *data, false)
	if err != nil {
		return err
	}
	defer db.Close()
	refused := 0
	for _, r := range county.Import(ctx, db, files, clockOf(ctx).Time()) {
		printImport(stdout, r)
		if r.Err != nil {
			refused++
		}
	}
	if refused > 0 {
		fmt.Fprintf(stderr, "carekiosk: %d 个数据包被拒绝，未导入其任何内容 %d bundle(s) refused, nothing of them imported\n", refused, refused)
		return exitError{1}
	}
	return nil
}

// printImport prints one bundle's import result.
func printImport(w io.Writer, r county.Result) {
	if r.Err != nil {
		fmt.Fprintf(w, "拒绝 REFUSED %s\n  %s\n", r.File, model.ErrorMessage(r.Err, model.LangZH))
		if en := model.ErrorMessage(r.Err, model.LangEN); en != model.ErrorMessage(r.Err, model.LangZH) {
			fmt.Fprintf(w, "  %s\n", en)
		}
		return
	}
	c := r.Counts
	fmt.Fprintf(w, "%s 第 %d 号 bundle %d（%s · %s）\n", r.Unit, r.Sequence, r.Sequence, r.Station, r.File)
	if r.Duplicate {
		fmt.Fprintln(w, "  已导入过，未作改动 already imported, nothing changed")
	} else {
		fmt.Fprintf(w, "  新增 new %d，更改 changed %d，未变 unchanged %d", c.New, c.Changed, c.Unchanged)
		if c.Older > 0 {
			fmt.Fprintf(w, "，较旧未采用 older, kept the newer %d", c.Older)
		}
		fmt.Fprintln(w)
	}
	for _, g := range r.Gaps {
		if g.Covered {
			fmt.Fprintf(w, "  缺少第 %d 号（已由后来的累积数据包覆盖） bundle %d missing (covered by a later cumulative bundle)\n", g.Sequence, g.Sequence)
		} else {
			fmt.Fprintf(w, "  缺少第 %d 号，请向站点索取 bundle %d missing, ask the station for it\n", g.Sequence, g.Sequence)
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "  %s\n", n)
	}
}
