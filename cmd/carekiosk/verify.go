package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"carekiosk/export"
	"carekiosk/model"
)

func init() {
	commands["verify"] = command{"校验站点数据包 verify station bundles", runVerify}
}

// runVerify checks a station bundle's hashes and signature and prints what
// it holds. Any changed byte makes it fail with a message naming what is
// wrong (exit code 1). Given several bundles of one station it also checks
// that none is missing between them (sequence and previous-hash chain).
func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, _ := newFlags("verify", "carekiosk verify BUNDLE... [--pubkey FILE]", stderr)
	pubFile := fs.String("pubkey", "", "站点公钥文件（carekiosk pubkey 打印的） the station's public key file (as carekiosk pubkey prints it)")
	// Accept the bundle before or after the flags.
	var paths []string
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
		paths = append(paths, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "carekiosk verify: 请给出数据包文件 give the bundle file(s)")
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
	var infos []*export.BundleInfo
	for i, path := range paths {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		info, err := export.VerifyFile(path, pub)
		if err != nil {
			if len(paths) > 1 {
				fmt.Fprintf(stderr, "carekiosk: %s\n", path)
			}
			return err
		}
		printBundle(stdout, path, info)
		infos = append(infos, info)
	}
	if len(infos) > 1 {
		if err := export.CheckChain(infos); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\n%d 个数据包前后相接，没有缺失 the %d bundles follow each other, none missing\n", len(infos), len(infos))
	}
	return nil
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
	rng := m.From + " .. " + m.To
	if m.From == "" && m.To == "" {
		rng = "全部 all"
	}
	fmt.Fprintf(stdout, "生成时间 Created: %s　日期范围 Range: %s（累积 cumulative）\n", m.CreatedAt, rng)
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
