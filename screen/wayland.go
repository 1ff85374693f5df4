// Package screen sizes the kiosk's terminal for the box's display: it asks
// the Wayland compositor (cage on the box) for its outputs' modes and picks
// the largest font that still gives the kiosk screens the cells they need.
package screen

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Mode is one output's current size in pixels, already turned when the
// output is rotated.
type Mode struct {
	Width, Height int
}

// Wayland object ids and opcodes the query uses (wayland.xml, core protocol).
const (
	displayID        = 1
	registryID       = 2
	opDisplaySync    = 0
	opGetRegistry    = 1
	opRegistryBind   = 0
	evDisplayError   = 0
	evRegistryGlobal = 0
	evCallbackDone   = 0
	evOutputGeometry = 0
	evOutputMode     = 1
	modeCurrent      = 1
)

// Outputs connects to the compositor named by WAYLAND_DISPLAY (in
// XDG_RUNTIME_DIR) and returns every output's current mode.
func Outputs(timeout time.Duration) ([]Mode, error) {
	name := os.Getenv("WAYLAND_DISPLAY")
	if name == "" {
		name = "wayland-0"
	}
	if !filepath.IsAbs(name) {
		dir := os.Getenv("XDG_RUNTIME_DIR")
		if dir == "" {
			return nil, errors.New("screen: XDG_RUNTIME_DIR is not set")
		}
		name = filepath.Join(dir, name)
	}
	conn, err := net.DialTimeout("unix", name, timeout)
	if err != nil {
		return nil, fmt.Errorf("screen: %w", err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(timeout)); err != nil {
		return nil, err
	}
	return query(conn)
}

// client speaks just enough of the Wayland wire protocol to list outputs.
type client struct {
	rw     io.ReadWriter
	nextID uint32
}

func (c *client) send(obj uint32, op uint16, args []byte) error {
	msg := make([]byte, 8, 8+len(args))
	binary.LittleEndian.PutUint32(msg, obj)
	binary.LittleEndian.PutUint32(msg[4:], uint32(8+len(args))<<16|uint32(op))
	_, err := c.rw.Write(append(msg, args...))
	return err
}

// sync asks for a callback that fires once every earlier request is done.
func (c *client) sync() (uint32, error) {
	c.nextID++
	return c.nextID, c.send(displayID, opDisplaySync, u32(c.nextID))
}

// event is one message from the compositor.
type event struct {
	obj  uint32
	op   uint16
	args []byte
}

func (c *client) read() (event, error) {
	var h [8]byte
	if _, err := io.ReadFull(c.rw, h[:]); err != nil {
		return event{}, fmt.Errorf("screen: reading from the compositor: %w", err)
	}
	size := int(binary.LittleEndian.Uint32(h[4:]) >> 16)
	if size < 8 {
		return event{}, errors.New("screen: malformed message from the compositor")
	}
	args := make([]byte, size-8)
	if _, err := io.ReadFull(c.rw, args); err != nil {
		return event{}, fmt.Errorf("screen: reading from the compositor: %w", err)
	}
	return event{obj: binary.LittleEndian.Uint32(h[:]), op: uint16(binary.LittleEndian.Uint32(h[4:])), args: args}, nil
}

// until reads events, handing each to fn, until callback id fires.
func (c *client) until(id uint32, fn func(event)) error {
	for {
		ev, err := c.read()
		if err != nil {
			return err
		}
		switch {
		case ev.obj == id && ev.op == evCallbackDone:
			return nil
		case ev.obj == displayID && ev.op == evDisplayError:
			return errors.New("screen: the compositor reported a protocol error")
		}
		fn(ev)
	}
}

// output is what the compositor says about one wl_output.
type output struct {
	id      uint32
	mode    Mode
	rotated bool
}

func query(rw io.ReadWriter) ([]Mode, error) {
	c := &client{rw: rw, nextID: registryID}
	if err := c.send(displayID, opGetRegistry, u32(registryID)); err != nil {
		return nil, err
	}
	done, err := c.sync()
	if err != nil {
		return nil, err
	}
	type global struct{ name, version uint32 }
	var globals []global
	err = c.until(done, func(ev event) {
		if ev.obj != registryID || ev.op != evRegistryGlobal {
			return
		}
		a := args(ev.args)
		name, iface, version := a.u32(), a.str(), a.u32()
		if a.ok && iface == "wl_output" {
			globals = append(globals, global{name, version})
		}
	})
	if err != nil {
		return nil, err
	}
	outs := make([]*output, 0, len(globals))
	for _, g := range globals {
		c.nextID++
		o := &output{id: c.nextID}
		outs = append(outs, o)
		bind := append(u32(g.name), str("wl_output")...)
		bind = append(bind, u32(min(g.version, 2))...)
		if err := c.send(registryID, opRegistryBind, append(bind, u32(o.id)...)); err != nil {
			return nil, err
		}
	}
	if done, err = c.sync(); err != nil {
		return nil, err
	}
	err = c.until(done, func(ev event) {
		for _, o := range outs {
			if ev.obj == o.id {
				o.apply(ev)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	var modes []Mode
	for _, o := range outs {
		if o.mode.Width > 0 && o.mode.Height > 0 {
			m := o.mode
			if o.rotated {
				m.Width, m.Height = m.Height, m.Width
			}
			modes = append(modes, m)
		}
	}
	return modes, nil
}

// apply records a wl_output geometry (its transform) or current mode event.
func (o *output) apply(ev event) {
	a := args(ev.args)
	switch ev.op {
	case evOutputGeometry:
		a.u32()
		a.u32()
		a.u32()
		a.u32()
		a.u32()
		a.str()
		a.str()
		transform := a.u32()
		if a.ok {
			o.rotated = transform%2 == 1 // 90 and 270, flipped or not
		}
	case evOutputMode:
		flags, w, h := a.u32(), a.u32(), a.u32()
		if a.ok && flags&modeCurrent != 0 {
			o.mode = Mode{Width: int(int32(w)), Height: int(int32(h))}
		}
	}
}

func u32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

// str encodes a Wayland string: its length with the NUL, the bytes, padding.
func str(s string) []byte {
	b := u32(uint32(len(s) + 1))
	b = append(b, s...)
	b = append(b, 0)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// argReader decodes an event's arguments; ok turns false at the first
// argument that does not fit.
type argReader struct {
	b  []byte
	ok bool
}

func args(b []byte) *argReader { return &argReader{b: b, ok: true} }

func (a *argReader) u32() uint32 {
	if len(a.b) < 4 {
		a.ok = false
		return 0
	}
	v := binary.LittleEndian.Uint32(a.b)
	a.b = a.b[4:]
	return v
}

func (a *argReader) str() string {
	n := int(a.u32())
	padded := (n + 3) &^ 3
	if !a.ok || n == 0 || padded > len(a.b) {
		a.ok = a.ok && n == 0
		return ""
	}
	s := string(a.b[:n-1])
	a.b = a.b[padded:]
	return s
}
