package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"carekiosk/export"
	"carekiosk/model"
)

func init() {
	commands["verify"] = command{"校验站点数据包 verify station bundles", runVerify}
}

// runVerify checks station bundles' hashes and signatures and prints what
// each holds. Any changed byte makes a bundle fail with a message naming
// what is wrong. A folder stands for the bundles (*.zip) in it and under it:
// a county inbox. Given several bundles it also checks each station's chain
// on its own (sequence and previous-hash, the newest whole). Every bundle
// and every station is checked even when one fails; the exit code is 1 when
// anything was wrong.
func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, _ := newFlags("verify", "carekiosk verify BUNDLE|FOLDER... [--pubkey FILE]", stderr)
	pubFile := fs.String("pubkey", "", "站点公钥文件（carekiosk pubkey 打印的） the station's public key file (as carekiosk pubkey prints it)")
	// Accept the bundle before or after the flags.
	var given []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return exitError{2}
		}
		if fs.NArg() == 0 {
			break
		}
		given = append(given, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(given) == 0 {
		fmt.Fprintln(stderr, "carekiosk verify: 请给出数据包文件或文件夹 give the bundle files or a folder")
		fs.Usage()
		return exitError{2}
	}
	var pub ed25519.PublicKey
	if *pubFile != "" {
		b, err := os.ReadFile(*pubFile)
		if err != nil {
			return model.Errorf(model.ENOTFOUND, "无法读取公钥文件 %s：%v", "cannot read the public key file %s: %v", *pubFile, err)
		}
		if pub, err = export.ParsePublicKey(b); err != nil {
			return err
		}
	}
	paths, err := bundlePaths(given)
	if err != nil {
		return err
	}
	if len(paths) == 1 {
		info, err := export.VerifyFile(paths[0], pub)
		if err != nil {
			return err
		}
		printBundle(stdout, paths[0], info)
		return nil
	}
	failed := false
	var infos []*export.BundleInfo
	for i, path := range paths {
		info, err := export.VerifyFile(path, pub)
		if err != nil {
			failed = true
			fmt.Fprintf(stderr, "carekiosk: %s\n", path)
			printErr(stderr, err)
			continue
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		printBundle(stdout, path, info)
		infos = append(infos, info)
	}
	if !printChains(stdout, stderr, infos) {
		failed = true
	}
	if failed {
		fmt.Fprintf(stderr, "carekiosk: %d 个数据包中有问题，见上 problems among the %d bundles, see above\n", len(paths), len(paths))
		return exitError{1}
	}
	return nil
}

// printChains checks and prints each station's chain; false when one is
// broken.
func printChains(stdout, stderr io.Writer, infos []*export.BundleInfo) bool {
	ok := true
	for _, c := range export.CheckChains(infos) {
		who := fmt.Sprintf("%s %s（%s）", c.Unit, c.Station, c.StationID)
		first, last := c.Bundles[0].Manifest.Sequence, c.Bundles[len(c.Bundles)-1].Manifest.Sequence
		if c.Err != nil {
			ok = false
			fmt.Fprintf(stderr, "carekiosk: 站点 station %s：\n", who)
			printErr(stderr, c.Err)
			continue
		}
		n := len(c.Bundles)
		if n == 1 {
			fmt.Fprintf(stdout, "\n站点 Station %s：只有第 %d 号数据包 only bundle %d\n", who, first, first)
			continue
		}
		fmt.Fprintf(stdout, "\n站点 Station %s：第 %d–%d 号，%d 个数据包前后相接，没有缺失 bundles %d–%d, the %d bundles follow each other, none missing\n", who, first, last, n, first, last, n)
	}
	return ok
}

// printErr prints an error in Chinese and English, as run does.
func printErr(stderr io.Writer, err error) {
	fmt.Fprintln(stderr, "carekiosk:", model.ErrorMessage(err, "zh"))
	if en := model.ErrorMessage(err, "en"); en != model.ErrorMessage(err, "zh") {
		fmt.Fprintln(stderr, "carekiosk:", en)
	}
}

// bundlePaths expands the arguments: a file stays itself, a folder becomes
// the bundle files (*.zip) in it and its subfolders, in name order.
func bundlePaths(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil || !fi.IsDir() {
			out = append(out, a) // VerifyFile names what is wrong with it
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d iofs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".zip") {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, model.Errorf(model.ENOTFOUND, "无法读取文件夹 %s：%v", "cannot read the folder %s: %v", a, err)
		}
		if len(found) == 0 {
			return nil, model.Errorf(model.ENOTFOUND, "文件夹 %s 中没有数据包（*.zip）；加密的数据包（*.zip.age）请用 carekiosk county import", "the folder %s holds no bundles (*.zip); sealed bundles (*.zip.age) go through carekiosk county import", a)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// printBundle prints what a verified bundle holds.
func printBundle(stdout io.Writer, path string, info *export.BundleInfo) {
	m, c := info.Manifest, info.Manifest.Counts
	fmt.Fprintf(stdout, "数据包完好 Bundle OK: %s\n", path)
	fmt.Fprintf(stdout, "单位 Unit: %s　站点 Station: %s（%s）\n", m.Unit, m.Station, m.StationID)
	prev := m.PreviousSHA256
	if prev == "" {
		prev = "无（第一个） none (first)"
	}
	fmt.Fprintf(stdout, "序号 Sequence: %d　上一个数据包 Previous: %s\n", m.Sequence, prev)
	rng := "全部记录（完整、累积） every record (whole, cumulative)"
	if !m.Whole() {
		rng = fmt.Sprintf("%s .. %s（部分：只含这段日期的记录，旧版 carekiosk 按日期范围导出） part: only these dates' records, an older carekiosk's date-range export", m.From, m.To)
	}
	fmt.Fprintf(stdout, "生成时间 Created: %s　内容 Holds: %s\n", m.CreatedAt, rng)
	fmt.Fprintf(stdout, "活动 Sessions: %d（版本 revisions %d，更正 corrections %d）\n", c.Sessions, c.SessionRevisions, c.Corrections)
	fmt.Fprintf(stdout, "签到 Sign-ins: %d　签名图片 Signatures: %d\n", c.SignIns, c.Signatures)
	fmt.Fprintf(stdout, "家庭 Families: %d　儿童 Children: %d　养育人 Caregivers: %d\n", c.Families, c.Children, c.Caregivers)
	fmt.Fprintf(stdout, "本数据包 SHA-256 This bundle's SHA-256: %s\n", info.SHA256)
	key, _ := export.ParsePublicKey([]byte(m.PublicKey))
	if info.KeyChecked {
		fmt.Fprintf(stdout, "签名 Signature: 有效，与所给公钥一致 valid, matches the given key (%s)\n", export.Fingerprint(key))
	} else {
		fmt.Fprintf(stdout, "签名 Signature: 有效（仅用数据包自带公钥验证；请用 --pubkey 核对站点） valid against the bundle's own key %s; check the station with --pubkey\n", export.Fingerprint(key))
	}
}
