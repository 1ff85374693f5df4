package screen

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"testing"
)

func TestFontForFitsTheKioskGrids(t *testing.T) {
	for _, tc := range []struct {
		w, h       int
		px         int
		cols, rows int
	}{
		{800, 480, 16, 100, 24},
		{1024, 600, 16, 128, 30},
		{1280, 720, 19, 128, 31},
		{1920, 1080, 29, 128, 30},
		{480, 800, 12, 80, 53}, // a screen turned upright: 80 columns
	} {
		f := FontFor(tc.w, tc.h)
		if f.Pixels != tc.px || f.Cols != tc.cols || f.Rows != tc.rows {
			t.Errorf("%dx%d: got %+v, want %dpx %dx%d", tc.w, tc.h, f, tc.px, tc.cols, tc.rows)
		}
		if f.Raise != (f.Pixels*21+50)/100 || f.Raise < 2 {
			t.Errorf("%dx%d: glyphs raised %d px at %d px", tc.w, tc.h, f.Raise, f.Pixels)
		}
		if f.Cols < minCols || f.Rows < minRows {
			t.Errorf("%dx%d: %+v is smaller than 80x24", tc.w, tc.h, f)
		}
	}
}

func TestSmallest(t *testing.T) {
	m, ok := Smallest([]Mode{{1920, 1080}, {800, 480}, {1280, 720}})
	if !ok || m != (Mode{800, 480}) {
		t.Fatalf("got %v %v", m, ok)
	}
	if _, ok := Smallest(nil); ok {
		t.Fatal("no outputs gave a mode")
	}
}

// fakeCompositor answers the registry with one unrelated global and two
// outputs, the second turned 90 degrees, and checks the client's requests.
func fakeCompositor(t *testing.T, c net.Conn) {
	t.Helper()
	defer c.Close()
	msg := func(obj uint32, op uint16, args ...[]byte) []byte {
		body := bytes.Join(args, nil)
		h := binary.LittleEndian.AppendUint32(nil, obj)
		h = binary.LittleEndian.AppendUint32(h, uint32(8+len(body))<<16|uint32(op))
		return append(h, body...)
	}
	readReq := func() (uint32, uint16, []byte) {
		var h [8]byte
		if _, err := io.ReadFull(c, h[:]); err != nil {
			t.Errorf("read: %v", err)
			return 0, 0, nil
		}
		b := make([]byte, binary.LittleEndian.Uint32(h[4:])>>16-8)
		io.ReadFull(c, b)
		return binary.LittleEndian.Uint32(h[:]), uint16(binary.LittleEndian.Uint32(h[4:])), b
	}
	if obj, op, _ := readReq(); obj != 1 || op != opGetRegistry {
		t.Errorf("first request %d/%d, want get_registry", obj, op)
	}
	_, _, cb := readReq()
	cbID := binary.LittleEndian.Uint32(cb)
	c.Write(msg(2, 0, u32(1), str("wl_compositor"), u32(4)))
	c.Write(msg(2, 0, u32(7), str("wl_output"), u32(4)))
	c.Write(msg(2, 0, u32(9), str("wl_output"), u32(3)))
	c.Write(msg(cbID, 0, u32(0)))
	var ids []uint32
	for i := 0; i < 2; i++ {
		obj, op, b := readReq()
		if obj != 2 || op != opRegistryBind {
			t.Errorf("bind request %d/%d", obj, op)
		}
		a := args(b)
		a.u32()
		if iface := a.str(); iface != "wl_output" {
			t.Errorf("bound %q", iface)
		}
		if v := a.u32(); v != 2 {
			t.Errorf("bound version %d, want 2", v)
		}
		ids = append(ids, a.u32())
	}
	_, _, cb = readReq()
	cbID = binary.LittleEndian.Uint32(cb)
	geometry := func(transform uint32) [][]byte {
		return [][]byte{u32(0), u32(0), u32(150), u32(90), u32(0), str("make"), str("model"), u32(transform)}
	}
	c.Write(msg(ids[0], evOutputGeometry, geometry(0)...))
	c.Write(msg(ids[0], evOutputMode, u32(0), u32(640), u32(480), u32(60000)))
	c.Write(msg(ids[0], evOutputMode, u32(modeCurrent|2), u32(1024), u32(600), u32(60000)))
	c.Write(msg(ids[1], evOutputGeometry, geometry(1)...))
	c.Write(msg(ids[1], evOutputMode, u32(modeCurrent), u32(1280), u32(720), u32(60000)))
	c.Write(msg(cbID, 0, u32(0)))
}

func TestQueryReadsCurrentModes(t *testing.T) {
	a, b := net.Pipe()
	go fakeCompositor(t, b)
	modes, err := query(a)
	if err != nil {
		t.Fatal(err)
	}
	want := []Mode{{1024, 600}, {720, 1280}}
	if len(modes) != 2 || modes[0] != want[0] || modes[1] != want[1] {
		t.Fatalf("modes %v, want %v", modes, want)
	}
}

func TestQueryFailsOnAClosedConnection(t *testing.T) {
	a, b := net.Pipe()
	go func() { var h [64]byte; b.Read(h[:]); b.Close() }()
	if _, err := query(a); err == nil {
		t.Fatal("no error from a compositor that hung up")
	}
}
