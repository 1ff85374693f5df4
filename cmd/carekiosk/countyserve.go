package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	"carekiosk/countyweb"
)

func init() {
	countyCommands["serve"] = command{"县妇计中心网页：看板、导入、查看、下载报表 the county's page: board, import, records, report", runCountyServe}
}

// runCountyServe serves the county's page until interrupted. It listens
// on loopback unless --allow-lan is given with another address.
func runCountyServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("county serve", "carekiosk county serve --data DIR [--listen 127.0.0.1:8090] [--allow-lan]", stderr)
	listen := fs.String("listen", countyweb.DefaultAddr, "监听地址 address to listen on")
	allowLAN := fs.Bool("allow-lan", false, "允许本机以外访问（网页含儿童与家长的个人信息） let other computers reach the page (it shows children's and parents' personal data)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := countyData(fs, flagGiven(fs, "data"), stderr, "serve"); err != nil {
		return err
	}
	lan := !countyweb.IsLoopback(*listen)
	if lan && !*allowLAN {
		fmt.Fprintf(stderr, "carekiosk county serve: %s 不是本机地址；网页含儿童与家长的个人信息，只应在本机打开。确需让其他电脑访问，请加 --allow-lan\n"+
			"%s is not a loopback address; the page shows personal data and is meant for this computer only. Add --allow-lan if other computers must reach it\n", *listen, *listen)
		return exitError{2}
	}
	db, err := openCounty(ctx, *data, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.County(ctx); err != nil {
		return err
	}
	s, err := countyweb.New(db, countyweb.Options{Addr: *listen, Clock: clockOf(ctx)})
	if err != nil {
		return err
	}
	ln, err := s.Listen()
	if err != nil {
		return err
	}
	if lan {
		fmt.Fprintf(stderr, "警告 WARNING: 网页对本机以外开放（%s），同一网络中的任何人都能看到儿童与家长的个人信息并导入数据包。用完请关闭。\n"+
			"the page is open beyond this computer (%s): anyone on the network can see personal data and import bundles. Stop it when done.\n", ln.Addr(), ln.Addr())
	}
	fmt.Fprintf(stdout, "县妇计中心网页 County page: http://%s/ （在 Chrome 或 Edge 中打开 open it in Chrome or Edge；Ctrl+C 结束 to stop）\n", ln.Addr())
	// Ctrl+C in the clerk's window ends the page cleanly, the database closed.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	return s.Serve(ctx, ln)
}
