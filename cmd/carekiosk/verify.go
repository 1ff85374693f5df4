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
// what is wrong. A sealed bundle (*.zip.age) is checked as far as it can be
// without the county's key (export.CheckSealed), and the output says what
// was and was not checked. A folder stands for the bundles (*.zip and
// *.zip.age) in it and under it: a county inbox. Given several bundles it
// also checks each station's chain on its own (sequence and previous-hash,
// the newest whole). Every bundle and every station is checked even when
// one fails; the exit code is 1 when anything was wrong.
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
		_, _, err := verifyOne(stdout, paths[0], pub)
		return err
	}
	failed, sealed := false, 0
	var infos []*export.BundleInfo
	for i, path := range paths {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		info, isSealed, err := verifyOne(stdout, path, pub)
		switch {
		case err != nil:
			failed = true
			fmt.Fprintf(stderr, "carekiosk: %s\n", path)
			printErr(stderr, err)
		case isSealed:
			sealed++
		default:
			infos = append(infos, info)
		}
	}
	if !printChains(stdout, stderr, infos) {
		failed = true
	}
	if sealed > 0 {
		fmt.Fprintf(stdout, "\n%d 个加密数据包只核对了文件格式，其内容、签名和站点的序号链由县妇计中心导入时核对 %d sealed bundle(s): only their form was checked; their content, signature and the station's chain are checked by the county on import\n", sealed, sealed)
	}
	if failed {
		fmt.Fprintf(stderr, "carekiosk: %d 个数据包中有问题，见上 problems among the %d bundles, see above\n", len(paths), len(paths))
		return exitError{1}
	}
	return nil
}

// verifyOne checks one bundle file, sealed or not, and prints what it
// holds, or for a sealed one what was and was not checked; info is nil for
// a sealed bundle.
func verifyOne(stdout io.Writer, path string, pub ed25519.PublicKey) (info *export.BundleInfo, sealed bool, err error) {
	if isSealedFile(path) {
		si, err := export.CheckSealedFile(path)
		if err != nil {
			return nil, true, err
		}
		printSealed(stdout, path, si, pub != nil)
		return nil, true, nil
	}
	if info, err = export.VerifyFile(path, pub); err != nil {
		return nil, false, err
	}
	printBundle(stdout, path, info)
	return info, false, nil
}

// isSealedFile reports whether the file at path starts as a sealed bundle
// does (an unreadable file is left to VerifyFile to name).
func isSealedFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 64)
	n, _ := io.ReadFull(f, head)
	return export.IsSealed(head[:n])
}

// printSealed prints what was and was not checked of a sealed bundle.
// keyGiven: --pubkey was given, and cannot be used on it.
func printSealed(stdout io.Writer, path string, info *export.SealedInfo, keyGiven bool) {
	fmt.Fprintf(stdout, "加密数据包 Sealed bundle: %s\n", path)
	fmt.Fprintln(stdout, "已核对：加密文件的格式完好——age 文件头完整，只有一个接收方（X25519 密钥），加密部分没有被截在文件头之后")
	fmt.Fprintln(stdout, "未核对：数据包的内容、签名、序号和站点链，以及加密部分的每个字节。它们只有县妇计中心能解密后核对（carekiosk county import 导入时核对，有任何改动都会拒绝）；站点导出时已在加密前核对过")
	fmt.Fprintln(stdout, "Checked: the sealed file's form — a whole age header, one recipient (an X25519 key), an encrypted part not cut off after the header")
	fmt.Fprintln(stdout, "Not checked: the bundle's content, signature, number and the station's chain, nor each encrypted byte: only the county can check those once it decrypts the bundle (carekiosk county import, which refuses any change); the station checked the bundle before sealing it")
	if keyGiven {
		fmt.Fprintln(stdout, "--pubkey 未用于此文件：签名在加密的内容里 --pubkey was not used on this file: the signature is inside the encrypted content")
	}
	fmt.Fprintf(stdout, "大小 Size: %d 字节 bytes　本文件 SHA-256 This file's SHA-256: %s\n", info.Size, info.SHA256)
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
// the bundle files (*.zip, *.zip.age) in it and its subfolders, in name
// order.
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
			name := strings.ToLower(d.Name())
			if !d.IsDir() && (strings.HasSuffix(name, ".zip") || strings.HasSuffix(name, ".zip"+export.SealedSuffix)) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, model.Errorf(model.ENOTFOUND, "无法读取文件夹 %s：%v", "cannot read the folder %s: %v", a, err)
		}
		if len(found) == 0 {
			return nil, model.Errorf(model.ENOTFOUND, "文件夹 %s 中没有数据包（*.zip 或 *.zip.age）", "the folder %s holds no bundles (*.zip or *.zip.age)", a)
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
