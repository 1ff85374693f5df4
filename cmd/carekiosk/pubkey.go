package main

import (
	"context"
	"fmt"
	"io"

	"carekiosk/export"
	"carekiosk/store"
)

func init() {
	commands["pubkey"] = command{"打印站点公钥（交给县妇计中心） print the station's public key for the county", runPubkey}
}

// runPubkey prints the station's public key, making the key pair on first
// use. Save the output as a file and give it to the county: `carekiosk
// verify --pubkey FILE` checks bundles against it. The kiosk's settings
// write the same text onto a USB stick.
func runPubkey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("pubkey", "carekiosk pubkey [--data DIR] > station.pub", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	// A mistyped folder must not quietly make a new station with a new key.
	s, err := store.Open(*data, store.Options{Clock: clockOf(ctx), Existing: true})
	if err != nil {
		return err
	}
	defer s.Close()
	k, err := export.StationKeyOf(ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, k.Text)
	return nil
}
