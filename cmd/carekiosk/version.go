package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
)

func init() {
	commands["version"] = command{"显示版本 print the version", func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		fmt.Fprintf(stdout, "carekiosk %s (%s, %s/%s)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return nil
	}}
}
