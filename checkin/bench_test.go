package checkin

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"carekiosk/model"
)

// cpuTime is the process's user+system CPU time so far: a figure that,
// unlike ns/op, hardly moves when other programs load the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU time per op since start as "cpu-µs/op".
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
}

// returning is a family that checked in at an earlier session: what its
// phone's cookie and the one-tap page hold.
type returning struct {
	fam   string // the one-tap form's sealed reference
	child string // the child's sealed reference, as the page names it
}

// returningFamilies makes n families through an earlier session, untimed,
// many at once so group commit keeps the set-up short.
func returningFamilies(b *testing.B, e *env, n int) []returning {
	b.Helper()
	earlier := e.newSession("上次活动", band1318(), true)
	out := make([]returning, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed error
	work := make(chan int)
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				in := model.SignInInput{SessionID: earlier.ID, Children: []model.ChildInput{{Name: "孩子" + hanNumber(i), BirthDate: model.MustDate("2025-09-10")}},
					Phone: fmt.Sprintf("139%08d", i), Relation: model.RelMother, Method: model.MethodPhone, SignedName: "李丽", ConsentVersion: ConsentVersion}
				r, err := e.st.SignIn(context.Background(), in)
				if err != nil {
					mu.Lock()
					failed = err
					mu.Unlock()
					continue
				}
				ref := familyRef{FamilyID: r.FamilyID, CaregiverID: r.SignIns[0].CaregiverID, Consent: ConsentVersion}
				out[i] = returning{fam: makeTap(e.srv.keys.form, tapRef{familyRef: ref, Phone: in.Phone, Relation: string(in.Relation)}),
					child: kidRef(e.srv.keys.kid, r.FamilyID, r.SignIns[0].ChildID)}
			}
		}()
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
	if failed != nil {
		b.Fatal(failed)
	}
	return out
}

// hanNumber spells i in Han digits so every child has a distinct valid name.
func hanNumber(i int) string {
	d := []rune("零一二三四五六七八九")
	s := []rune{}
	for {
		s = append([]rune{d[i%10]}, s...)
		i /= 10
		if i == 0 {
			return string(s)
		}
	}
}

// sessionSize is how many families a benchmark session takes before the
// next one starts: a real session has 10–30, the burst 60. (The store's
// nonce lookup walks the session's sign-ins, so one session of thousands
// would measure something no station ever sees.)
const sessionSize = 30

// benchSessions opens n sessions, untimed.
func benchSessions(b *testing.B, e *env, n int) []string {
	b.Helper()
	out := make([]string, n)
	for i := range out {
		out[i] = e.newSession("基准活动", band1318(), true).ID
	}
	return out
}

// benchPhone is one phone with its own keep-alive connection and a pass for
// the session.
type benchPhone struct {
	c    *http.Client
	pass *http.Cookie
	url  string
	e    *env
}

func newBenchPhone(e *env) *benchPhone {
	tr := &http.Transport{MaxIdleConnsPerHost: 1}
	return &benchPhone{c: &http.Client{Transport: tr}, url: e.ts.URL + "/f", e: e}
}

// scanned gives the phone a pass for a session, as a scan of its QR does.
func (p *benchPhone) scanned(sid string) {
	p.pass = &http.Cookie{Name: passCookie, Value: makePass(p.e.srv.keys.pass, sid, p.e.srv.now())}
}

// oneTap posts a returning family's check-in and checks the answer; an
// empty sig signs with the typed name.
func (p *benchPhone) oneTap(sid string, f returning, sig string, nonce string) error {
	_, err := p.post(sid, f, sig, nonce)
	return err
}

// oneTapPage posts a one-tap check-in signed with the typed name and
// returns the confirmation page.
func (p *benchPhone) oneTapPage(sid string, f returning, nonce string) ([]byte, error) {
	return p.post(sid, f, "", nonce)
}

func (p *benchPhone) post(sid string, f returning, sig string, nonce string) ([]byte, error) {
	v := url.Values{"mode": {"back"}, "sid": {sid}, "nonce": {nonce}, "fam": {f.fam}, "child": {f.child}, "consent": {ConsentVersion}}
	if sig != "" {
		v.Set("sig", sig)
	} else {
		v.Set("signed", "李丽")
	}
	req, _ := http.NewRequest("POST", p.url, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(p.pass)
	resp, err := p.c.Do(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `<span class="seq">`) {
		return nil, fmt.Errorf("status %d: %s", resp.StatusCode, excerpt(string(body)))
	}
	return body, nil
}

// BenchmarkCheckinHTTP is one phone over loopback: a returning family's
// one-tap check-in signed with the typed name (the row RawInsert writes),
// posted, committed durably and answered with the 序号 page. Compare with
// store's BenchmarkRawInsert.
func BenchmarkCheckinHTTP(b *testing.B) { benchOne(b, "") }

// BenchmarkCheckinHTTPSigned is the same with a drawn signature of 10 KB.
func BenchmarkCheckinHTTPSigned(b *testing.B) { benchOne(b, benchSignature()) }

func benchOne(b *testing.B, sig string) {
	e := newEnv(b, Options{})
	fams := returningFamilies(b, e, b.N)
	sessions := benchSessions(b, e, b.N/sessionSize+1)
	p := newBenchPhone(e)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		sid := sessions[i/sessionSize]
		p.scanned(sid)
		if err := p.oneTap(sid, fams[i], sig, fmt.Sprintf("bench%08d", i)); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// BenchmarkCheckinHTTPNewFamily is one phone filling in the full form for
// a new family (a family, a caregiver, a child and a sign-in are written).
func BenchmarkCheckinHTTPNewFamily(b *testing.B) {
	e := newEnv(b, Options{})
	sessions := benchSessions(b, e, b.N/sessionSize+1)
	sig := benchSignature()
	p := newBenchPhone(e)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		sid := sessions[i/sessionSize]
		p.scanned(sid)
		v := url.Values{"mode": {"new"}, "sid": {sid}, "nonce": {fmt.Sprintf("bench%08d", i)}, "name1": {"新孩" + hanNumber(i)},
			"birth1": {"2025-09-10"}, "phone": {fmt.Sprintf("138%08d", i)}, "rel": {"妈妈"}, "consent": {ConsentVersion}, "sig": {sig}}
		req, _ := http.NewRequest("POST", p.url, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(p.pass)
		resp, err := p.c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatal(resp.StatusCode)
		}
	}
	reportCPU(b, cpu)
}

// BenchmarkCheckinBurst60 is 60 phones checking in at the same moment, each
// on its own connection, signing with the typed name; one op is all 60
// acknowledged. Compare with BenchmarkCheckinHTTP: group commit writes them
// in a few transactions instead of 60.
func BenchmarkCheckinBurst60(b *testing.B) { benchBurst(b, "") }

// BenchmarkCheckinBurst60Signed is the same with drawn 10 KB signatures;
// compare with BenchmarkCheckinHTTPSigned.
func BenchmarkCheckinBurst60Signed(b *testing.B) { benchBurst(b, benchSignature()) }

func benchBurst(b *testing.B, sig string) {
	const n = 60
	e := newEnv(b, Options{})
	fams := returningFamilies(b, e, n*b.N)
	sessions := benchSessions(b, e, b.N)
	phones := make([]*benchPhone, n)
	for i := range phones {
		phones[i] = newBenchPhone(e)
	}
	b.ReportAllocs()
	b.ResetTimer()
	// Between bursts the clock stops: the log is read, and each burst meets
	// an idle server, as the families arriving at a session do.
	var cpuSpent time.Duration
	commits, counted := 0, 0
	for op := 0; op < b.N; op++ {
		sid := sessions[op]
		for _, p := range phones {
			p.scanned(sid)
		}
		b.StopTimer()
		before := readWAL(b, e.st.Path())
		b.StartTimer()
		opCPU := cpuTime()
		err := allAtOnce(phones, func(k int, p *benchPhone) error {
			i := op*n + k
			return p.oneTap(sid, fams[i], sig, fmt.Sprintf("burst%08d", i))
		})
		b.StopTimer()
		cpuSpent += cpuTime() - opCPU
		if err != nil {
			b.Fatal(err)
		}
		if c, ok := commitsBetween(before, readWAL(b, e.st.Path())); ok {
			commits, counted = commits+c, counted+1
		}
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuSpent)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
	if counted > 0 {
		// Durable transactions per burst of 60, read from the write-ahead log.
		b.ReportMetric(float64(commits)/float64(counted), "commits/op")
	}
	for _, sid := range sessions {
		if got := len(e.signIns(sid)); got != n {
			b.Fatalf("%d sign-ins stored, want %d", got, n)
		}
	}
}

// BenchmarkStoreOne is one phone's sign-in (the same input as the burst's)
// called on the store directly: BenchmarkCheckinHTTP without HTTP.
func BenchmarkStoreOne(b *testing.B) {
	e := newEnv(b, Options{})
	fams := returningFamilies(b, e, b.N)
	sessions := benchSessions(b, e, b.N/sessionSize+1)
	sig, _ := decodeSignature(benchSignature())
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := e.st.SignIn(context.Background(), directInput(e, fams[i], sessions[i/sessionSize], sig, fmt.Sprintf("one%08d", i))); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// directInput is what the one-tap handler hands the store.
func directInput(e *env, f returning, sid string, sig []byte, nonce string) model.SignInInput {
	tap, _ := checkTap(e.srv.keys.form, f.fam)
	child, _ := openKid(e.srv.keys.kid, tap.FamilyID, f.child)
	return model.SignInInput{SessionID: sid, FamilyID: tap.FamilyID, Children: []model.ChildInput{{ChildID: child, AgeMonths: -1}},
		Phone: tap.Phone, Relation: model.Relation(tap.Relation), Method: model.MethodPhone, SignaturePNG: sig,
		ConsentVersion: ConsentVersion, Nonce: nonce}
}

// BenchmarkStoreBurst60 is the floor under BenchmarkCheckinBurst60: the same
// 60 one-tap sign-ins called on the store directly, all at once, no HTTP.
func BenchmarkStoreBurst60(b *testing.B) {
	const n = 60
	e := newEnv(b, Options{})
	fams := returningFamilies(b, e, n*b.N)
	sessions := benchSessions(b, e, b.N)
	sig, _ := decodeSignature(benchSignature())
	b.ResetTimer()
	cpu := cpuTime()
	for op := 0; op < b.N; op++ {
		var wg sync.WaitGroup
		for k := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				i := op*n + k
				if _, err := e.st.SignIn(context.Background(), directInput(e, fams[i], sessions[op], sig, fmt.Sprintf("direct%08d", i))); err != nil {
					b.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	reportCPU(b, cpu)
}

// benchSignature is a drawn signature the size the canvas sends from a phone
// (620×308 RGBA, about 10 KB, like the browser test's).
func benchSignature() string {
	img := image.NewNRGBA(image.Rect(0, 0, 620, 308))
	ink := color.NRGBA{17, 17, 17, 255}
	dot := func(x, y float64) {
		for dx := -2; dx <= 2; dx++ {
			for dy := -2; dy <= 2; dy++ {
				if dx*dx+dy*dy <= 5 {
					img.Set(int(x)+dx, int(y)+dy, ink)
				}
			}
		}
	}
	for s := range 3 {
		for t := 0.0; t < 1; t += 0.0005 {
			x := 40 + 540*t
			y := 80 + 70*float64(s) + 35*math.Sin(t*float64(9+4*s)*math.Pi)*math.Cos(t*7)
			dot(x, y)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return base64.RawURLEncoding.EncodeToString(b.Bytes()) // as the page's script sends it
}

func TestBenchSignatureIsRealistic(t *testing.T) {
	sig, err := decodeSignature(benchSignature())
	if err != nil || len(sig) < 6<<10 || len(sig) > 20<<10 {
		t.Fatalf("bench signature: %d bytes, %v", len(sig), err)
	}
}

// BenchmarkHTTPFloorOne and BenchmarkHTTPFloorBurst60 are what HTTP alone
// costs on this machine, without the check-in: the same phones post the
// same one-tap form over loopback to a handler that only parses it and
// answers with a page as long as the real confirmation. They bound from
// below what BenchmarkCheckinBurst60 can reach: when 60 bare requests on
// two shared cores already take several times one whole check-in, no
// store can bring the burst to a small multiple of it.
func BenchmarkHTTPFloorOne(b *testing.B) { benchFloor(b, 1) }

// BenchmarkHTTPFloorBurst60: see BenchmarkHTTPFloorOne.
func BenchmarkHTTPFloorBurst60(b *testing.B) { benchFloor(b, 60) }

func benchFloor(b *testing.B, n int) {
	e := newEnv(b, Options{})
	fams := returningFamilies(b, e, 1)
	// The real confirmation page, to answer with one as long.
	p := newBenchPhone(e)
	p.scanned(e.sess.ID)
	page, err := p.oneTapPage(e.sess.ID, fams[0], "floor-page")
	if err != nil {
		b.Fatal(err)
	}
	floor := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || r.PostForm.Get("fam") == "" {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer floor.Close()
	phones := make([]*benchPhone, n)
	for i := range phones {
		phones[i] = newBenchPhone(e)
		phones[i].url = floor.URL + "/f"
		phones[i].scanned(e.sess.ID)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for op := 0; op < b.N; op++ {
		err := allAtOnce(phones, func(k int, p *benchPhone) error {
			return p.oneTap(e.sess.ID, fams[0], "", fmt.Sprintf("floor%08d-%d", op, k))
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// allAtOnce has every phone post at the same moment and returns the first
// error once all are answered.
func allAtOnce(phones []*benchPhone, post func(k int, p *benchPhone) error) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(phones))
	for k, p := range phones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := post(k, p); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}
