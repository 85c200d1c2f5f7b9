//go:build linux || freebsd || openbsd || netbsd

package capture

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// The X11 clipboard is read here, in pure Go, rather than through
// golang.design/x/clipboard: that package needs cgo, opens "libX11.so" by a
// name only the developers' package (libx11-dev) provides, cannot receive a
// large picture (X11 sends those in pieces, "INCR"), and waits forever for
// an owner that does not answer. This asks the owner as the X11 rules
// (ICCCM) say: which kinds it offers (TARGETS), then the best one, piece by
// piece when large, each wait bounded.

// clipWait bounds each wait for the clipboard's owner.
const clipWait = 5 * time.Second

// pictureTargets are the kinds of picture asked for, best first: the ones
// Sparekey can decode.
var pictureTargets = []string{"image/png", "image/jpeg", "image/gif", "image/webp"}

// textTargets are the kinds of text asked for, best first.
var textTargets = []string{"UTF8_STRING", "text/plain;charset=utf-8", "text/plain", "STRING"}

func clipboard(ctx context.Context) (Clip, error) {
	quietX()
	if os.Getenv("DISPLAY") == "" {
		if os.Getenv("WAYLAND_DISPLAY") != "" {
			return Clip{}, &UnavailableError{What: "clipboard", Reason: "Sparekey reads the clipboard through the desktop's X11 bridge (Xwayland), and it is not running here. Save the picture to a file and open it with \u201cScan a QR image\u2026\u201d instead."}
		}
		return Clip{}, &UnavailableError{What: "clipboard", Reason: "there is no desktop here (no display), so there is no clipboard to read. Save the picture to a file and import that file instead."}
	}
	c, err := xgb.NewConn()
	if err != nil {
		return Clip{}, &UnavailableError{What: "clipboard", Reason: "Sparekey could not reach the desktop's display to read the clipboard (" + err.Error() + "). Save the picture to a file and import that file instead."}
	}
	r := &x11Reader{c: c, events: make(chan xgb.Event, 16)}
	defer r.close()
	go r.pump()
	return r.read(ctx)
}

// x11Reader is one conversation with the X server.
type x11Reader struct {
	c      *xgb.Conn
	win    xproto.Window
	prop   xproto.Atom
	events chan xgb.Event
}

// pump passes the connection's events to a channel, so that each wait can
// have a deadline; it ends when the connection is closed.
func (r *x11Reader) pump() {
	defer close(r.events)
	for {
		ev, xerr := r.c.WaitForEvent()
		if ev == nil && xerr == nil {
			return
		}
		if ev != nil {
			r.events <- ev
		}
	}
}

func (r *x11Reader) close() {
	r.c.Close()
	for range r.events { // let pump end
	}
}

func (r *x11Reader) atom(name string) (xproto.Atom, error) {
	reply, err := xproto.InternAtom(r.c, false, uint16(len(name)), name).Reply()
	if err != nil {
		return 0, fmt.Errorf("reading the clipboard: %w", err)
	}
	return reply.Atom, nil
}

func (r *x11Reader) read(ctx context.Context) (Clip, error) {
	setup := xproto.Setup(r.c)
	root := setup.DefaultScreen(r.c).Root
	id, err := r.c.NewId()
	if err != nil {
		return Clip{}, fmt.Errorf("reading the clipboard: %w", err)
	}
	r.win = xproto.Window(id)
	if err := xproto.CreateWindowChecked(r.c, 0, r.win, root, 0, 0, 1, 1, 0, xproto.WindowClassInputOnly, 0,
		xproto.CwEventMask, []uint32{xproto.EventMaskPropertyChange}).Check(); err != nil {
		return Clip{}, fmt.Errorf("reading the clipboard: %w", err)
	}
	sel, err := r.atom("CLIPBOARD")
	if err != nil {
		return Clip{}, err
	}
	if r.prop, err = r.atom("SPAREKEY_CLIPBOARD"); err != nil {
		return Clip{}, err
	}
	owner, err := xproto.GetSelectionOwner(r.c, sel).Reply()
	if err != nil {
		return Clip{}, fmt.Errorf("reading the clipboard: %w", err)
	}
	if owner.Owner == xproto.WindowNone {
		return Clip{}, nil // nothing was copied
	}
	targetsAtom, err := r.atom("TARGETS")
	if err != nil {
		return Clip{}, err
	}
	offered := map[xproto.Atom]bool{}
	if data, typ, err := r.convert(ctx, sel, targetsAtom, 64<<10); err == nil && typ == xproto.AtomAtom {
		for i := 0; i+4 <= len(data); i += 4 {
			offered[xproto.Atom(xgb.Get32(data[i:]))] = true
		}
	} else if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return Clip{}, err
	}
	// An owner that does not list its kinds may still give them: ask for
	// each in turn then.
	for _, name := range pictureTargets {
		a, err := r.atom(name)
		if err != nil {
			return Clip{}, err
		}
		if len(offered) > 0 && !offered[a] {
			continue
		}
		data, _, err := r.convert(ctx, sel, a, MaxClip)
		if err != nil {
			if errors.Is(err, errTooLarge) || ctx.Err() != nil {
				return Clip{}, err
			}
			continue
		}
		if len(data) > 0 {
			return Clip{Picture: data}, nil
		}
	}
	for _, name := range textTargets {
		a, err := r.atom(name)
		if err != nil {
			return Clip{}, err
		}
		if len(offered) > 0 && !offered[a] {
			continue
		}
		data, _, err := r.convert(ctx, sel, a, MaxClip)
		if err != nil {
			if errors.Is(err, errTooLarge) || ctx.Err() != nil {
				return Clip{}, err
			}
			continue
		}
		if len(data) > 0 {
			return Clip{Text: strings.ToValidUTF8(string(data), "\uFFFD")}, nil
		}
	}
	return Clip{}, nil
}

var errTooLarge = errors.New("what is on the clipboard is too large to be a picture of a QR code or a list of links")

// errNoAnswer means the owner did not answer in time.
var errNoAnswer = errors.New("the program that put this on the clipboard did not hand it over; copy it again, or save the picture to a file and import that")

// convert asks the owner for the selection as target and returns the data
// and its type, at most limit bytes.
func (r *x11Reader) convert(ctx context.Context, sel, target xproto.Atom, limit int) ([]byte, xproto.Atom, error) {
	xproto.ConvertSelection(r.c, r.win, sel, target, r.prop, xproto.TimeCurrentTime)
	for {
		ev, err := r.next(ctx)
		if err != nil {
			return nil, 0, err
		}
		n, ok := ev.(xproto.SelectionNotifyEvent)
		if !ok || n.Requestor != r.win {
			continue
		}
		if n.Property == xproto.AtomNone {
			return nil, 0, errors.New("the clipboard does not have it in that kind")
		}
		data, typ, err := r.property(limit)
		if err != nil {
			return nil, 0, err
		}
		incr, err := r.atom("INCR")
		if err != nil {
			return nil, 0, err
		}
		if typ != incr {
			return data, typ, nil
		}
		return r.incremental(ctx, limit)
	}
}

// next waits for the next event, at most clipWait.
func (r *x11Reader) next(ctx context.Context) (xgb.Event, error) {
	t := time.NewTimer(clipWait)
	defer t.Stop()
	select {
	case ev, ok := <-r.events:
		if !ok {
			return nil, errors.New("the connection to the display closed while reading the clipboard")
		}
		return ev, nil
	case <-t.C:
		return nil, errNoAnswer
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// property reads and deletes the window's property (deleting it is, for a
// large transfer, the owner's cue to send the next piece).
func (r *x11Reader) property(limit int) ([]byte, xproto.Atom, error) {
	var out []byte
	var typ xproto.Atom
	offset := uint32(0)
	for {
		reply, err := xproto.GetProperty(r.c, true, r.win, r.prop, xproto.GetPropertyTypeAny, offset, 1<<20).Reply()
		if err != nil {
			return nil, 0, fmt.Errorf("reading the clipboard: %w", err)
		}
		typ = reply.Type
		n := int(reply.ValueLen) * int(reply.Format) / 8
		if len(out)+n > limit || int(reply.BytesAfter) > limit {
			xproto.DeleteProperty(r.c, r.win, r.prop)
			return nil, 0, errTooLarge
		}
		out = append(out, reply.Value[:min(n, len(reply.Value))]...)
		if reply.BytesAfter == 0 {
			return out, typ, nil
		}
		offset += uint32(n / 4)
	}
}

// incremental receives a large transfer: the owner sets the property piece
// by piece, each after the last was deleted, and ends with an empty piece.
func (r *x11Reader) incremental(ctx context.Context, limit int) ([]byte, xproto.Atom, error) {
	var out []byte
	var typ xproto.Atom
	for {
		ev, err := r.next(ctx)
		if err != nil {
			return nil, 0, err
		}
		p, ok := ev.(xproto.PropertyNotifyEvent)
		if !ok || p.Window != r.win || p.Atom != r.prop || p.State != xproto.PropertyNewValue {
			continue
		}
		piece, t, err := r.property(limit - len(out))
		if err != nil {
			return nil, 0, err
		}
		if len(piece) == 0 {
			return out, typ, nil
		}
		out, typ = append(out, piece...), t
	}
}
