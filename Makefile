# Everyday commands; see docs/DEVELOPMENT.md. CI runs `make ci` (= .ci/run).

GOLANGCI_LINT_VERSION := v2.15.0
GOBIN := $(shell go env GOPATH)/bin
GOLANGCI_LINT := $(GOBIN)/golangci-lint

.PHONY: test test-short golden lint bench ci deb

# Every test with the race detector, as CI runs them. The browser, LibreOffice
# and tmux tests skip themselves when chromium, soffice or tmux is missing.
test:
	go test -race ./...

# The quick loop: -short skips the tmux session, the SIGKILL rounds, the
# cross-compiles, the signal test and the browser and county-year tests.
test-short:
	go test -short ./...

# Rewrites the golden files: the screens (tui/testdata, 80x24 and 120x40) and
# the reference bundle (export/testdata/bundle-v1.zip). Look at the diff before
# committing: a golden is right only when the new output is.
golden:
	go test ./tui -update
	go test ./export -run TestGoldenBundleVerifies -golden
	git status --short -- tui/testdata export/testdata

# gofmt, go vet and golangci-lint (.golangci.yml), installing the linter when
# it is missing or another version.
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	go vet ./...
	@$(GOLANGCI_LINT) version 2>/dev/null | grep -q "version $(GOLANGCI_LINT_VERSION:v%=%) " || go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)
	$(GOLANGCI_LINT) run ./...

# The benchmarks of the README's performance table, six runs each; compare
# with benchstat (go install golang.org/x/perf/cmd/benchstat@latest). -p 1: the
# two packages one after the other, as the goals compare them. Run on a
# quiet machine.
bench:
	go test -p 1 -run '^$$' -bench 'RawInsert|RawBatch60|SignIn$$|StoreOne|CheckinHTTP$$|CheckinBurst60$$|HTTPFloor|StoreBurst60' -count 6 ./store ./checkin | tee /tmp/carekiosk-bench-checkin.txt
	CAREKIOSK_BENCH_DIR=$${CAREKIOSK_BENCH_DIR:-/tmp/ckbench} go test -run '^$$' -bench 'ExportStatistics|RawStream' -benchtime 20x -count 6 ./export | tee /tmp/carekiosk-bench-export.txt
	go test -run '^$$' -bench 'Keystrokes|Load|Candidates' -count 6 ./pinyin | tee /tmp/carekiosk-bench-pinyin.txt
	go test -run '^$$' -bench 'CheckinView|CheckinChange' -benchtime 100x -count 6 ./tui | tee /tmp/carekiosk-bench-tui.txt
	go test -run '^$$' -bench 'CountyImport$$|BundleReadFloor|BundleStoreFloor' -benchtime 20x -count 6 ./county | tee /tmp/carekiosk-bench-county-import.txt
	CAREKIOSK_BENCH_DIR=$${CAREKIOSK_BENCH_DIR:-/tmp/ckbench} go test -run '^$$' -bench 'CountyReport$$|CountyRawStream' -benchtime 10x -count 6 ./county | tee /tmp/carekiosk-bench-county-report.txt
	CAREKIOSK_BENCH_BIG=1 CAREKIOSK_BENCH_DIR=$${CAREKIOSK_BENCH_DIR:-/tmp/ckbench} go test -run '^$$' -bench CountyImportPeakMemory -benchtime 1x -count 6 ./county | tee /tmp/carekiosk-bench-county-peak.txt

# The whole CI: system packages, gofmt, vet, lint, tests, cross-compiles, the
# systemd unit.
ci:
	bash .ci/run

# The station box's Debian packages: carekiosk_<version>_{amd64,arm64,armhf}.deb
# in dist/ (armhf is built for ARMv6, so it runs on the Pi Zero/1 and on ARMv7).
# Built with nfpm from tools/mkdeb (its own Go module); VERSION=… overrides the
# version taken from git. deploy/README.md says what they install.
deb:
	cd tools/mkdeb && go run . -repo ../.. -out ../../dist $(if $(VERSION),-version $(VERSION))
