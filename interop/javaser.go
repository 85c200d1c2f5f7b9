package interop

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
)

// A reader of Java's object serialization stream (the Java Object
// Serialization Specification, chapter 6), just enough to take the strings
// out of a serialised java.util.HashMap, as FreeOTP writes its backup. It
// reads objects of any serialisable class whose fields are primitives,
// strings or such objects (a Boolean among the map's values, say), and
// refuses arrays, enums, classes, proxies and externalizable objects without
// block data, which no such map holds. Nothing is instantiated: the stream
// is data, never code. Every length is checked against the bytes left and
// nesting is bounded, so that a damaged or planted file costs at most a
// pass over its bytes.

// The stream's constants.
const (
	javaMagic   = 0xaced
	javaVersion = 5

	tcNull           = 0x70
	tcReference      = 0x71
	tcClassDesc      = 0x72
	tcObject         = 0x73
	tcString         = 0x74
	tcEndBlockData   = 0x78
	tcBlockData      = 0x77
	tcLongString     = 0x7c
	tcBlockDataLong  = 0x7a
	javaBaseHandle   = 0x7e0000
	scWriteMethod    = 0x01
	scSerializable   = 0x02
	scExternalizable = 0x04
	scBlockData      = 0x08

	// javaMaxDepth bounds how deeply objects and class descriptions may
	// nest; a map of strings needs 3.
	javaMaxDepth = 16
)

// errJavaStream is the error for a stream that is damaged or holds what this
// reader does not read.
var errJavaStream = errors.New("not a Java serialised map that Sparekey can read")

// javaClass is a class description: its name, flags, fields and superclass.
type javaClass struct {
	name   string
	flags  byte
	fields []javaField
	super  *javaClass
}

// javaField is one serialised field: its type code ('I', 'L', ...).
type javaField struct {
	typeCode byte
}

// javaObject is a deserialised object: its class, and the contents its
// classes wrote with their writeObject methods, by class name (HashMap's
// entries are there).
type javaObject struct {
	class       *javaClass
	annotations map[string][]any
}

// javaBlock is block data written by a writeObject method.
type javaBlock []byte

// javaReader reads one stream.
type javaReader struct {
	data    []byte
	pos     int
	handles []any
	depth   int
}

// readJavaStringMap reads a stream holding one java.util.HashMap and returns
// its entries whose key and value are both strings, and the keys in the
// stream's order. Entries of other types are left out.
func readJavaStringMap(data []byte) (map[string]string, []string, error) {
	r := &javaReader{data: data}
	magic, err := r.u16()
	if err != nil {
		return nil, nil, err
	}
	version, err := r.u16()
	if err != nil || magic != javaMagic || version != javaVersion {
		return nil, nil, errJavaStream
	}
	v, err := r.content()
	if err != nil {
		return nil, nil, err
	}
	obj, ok := v.(*javaObject)
	if !ok {
		return nil, nil, errJavaStream
	}
	entries, ok := obj.annotations["java.util.HashMap"]
	if !ok || len(entries) == 0 {
		return nil, nil, errJavaStream
	}
	// HashMap.writeObject writes its capacity and size as block data,
	// then each key and value.
	head, ok := entries[0].(javaBlock)
	if !ok || len(head) != 8 {
		return nil, nil, errJavaStream
	}
	size := binary.BigEndian.Uint32(head[4:])
	pairs := entries[1:]
	if uint64(len(pairs)) != 2*uint64(size) {
		return nil, nil, errJavaStream
	}
	m := map[string]string{}
	var keys []string
	for i := 0; i < len(pairs); i += 2 {
		k, ok1 := pairs[i].(string)
		v, ok2 := pairs[i+1].(string)
		if !ok1 || !ok2 {
			continue
		}
		if _, dup := m[k]; !dup {
			keys = append(keys, k)
		}
		m[k] = v
	}
	return m, keys, nil
}

func (r *javaReader) take(n int) ([]byte, error) {
	if n < 0 || n > len(r.data)-r.pos {
		return nil, errJavaStream
	}
	b := r.data[r.pos : r.pos+n]
	r.pos += n
	return b, nil
}

func (r *javaReader) u8() (byte, error) {
	b, err := r.take(1)
	if err != nil {
		return 0, err
	}
	return b[0], nil
}

func (r *javaReader) u16() (uint16, error) {
	b, err := r.take(2)
	if err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint16(b), nil
}

func (r *javaReader) u32() (uint32, error) {
	b, err := r.take(4)
	if err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint32(b), nil
}

// newHandle records v under the next handle, for later references.
func (r *javaReader) newHandle(v any) { r.handles = append(r.handles, v) }

// reference reads a handle and returns what it stands for.
func (r *javaReader) reference() (any, error) {
	h, err := r.u32()
	if err != nil {
		return nil, err
	}
	i := int64(h) - javaBaseHandle
	if i < 0 || i >= int64(len(r.handles)) {
		return nil, errJavaStream
	}
	return r.handles[i], nil
}

// content reads one object or block of data: a string, a *javaObject, a
// javaBlock, or nil.
func (r *javaReader) content() (any, error) {
	if r.depth >= javaMaxDepth {
		return nil, errJavaStream
	}
	r.depth++
	defer func() { r.depth-- }()
	tc, err := r.u8()
	if err != nil {
		return nil, err
	}
	switch tc {
	case tcNull:
		return nil, nil
	case tcReference:
		return r.reference()
	case tcString, tcLongString:
		return r.newString(tc)
	case tcBlockData:
		n, err := r.u8()
		if err != nil {
			return nil, err
		}
		b, err := r.take(int(n))
		return javaBlock(b), err
	case tcBlockDataLong:
		n, err := r.u32()
		if err != nil {
			return nil, err
		}
		b, err := r.take(int(min(n, 1<<31-1)))
		return javaBlock(b), err
	case tcObject:
		return r.newObject()
	}
	return nil, fmt.Errorf("%w (type code 0x%02x)", errJavaStream, tc)
}

// newString reads a string after its type code, and gives it a handle.
func (r *javaReader) newString(tc byte) (string, error) {
	var n uint64
	if tc == tcString {
		l, err := r.u16()
		if err != nil {
			return "", err
		}
		n = uint64(l)
	} else {
		b, err := r.take(8)
		if err != nil {
			return "", err
		}
		n = binary.BigEndian.Uint64(b)
	}
	if n > uint64(len(r.data)-r.pos) {
		return "", errJavaStream
	}
	b, _ := r.take(int(n))
	s, err := decodeModifiedUTF8(b)
	if err != nil {
		return "", err
	}
	r.newHandle(s)
	return s, nil
}

// utf reads a class or field name: modified UTF-8 with a 2-byte length,
// without a handle.
func (r *javaReader) utf() (string, error) {
	n, err := r.u16()
	if err != nil {
		return "", err
	}
	b, err := r.take(int(n))
	if err != nil {
		return "", err
	}
	return decodeModifiedUTF8(b)
}

// classDesc reads a class description: new, a reference to an earlier one,
// or null.
func (r *javaReader) classDesc() (*javaClass, error) {
	if r.depth >= javaMaxDepth {
		return nil, errJavaStream
	}
	r.depth++
	defer func() { r.depth-- }()
	tc, err := r.u8()
	if err != nil {
		return nil, err
	}
	switch tc {
	case tcNull:
		return nil, nil
	case tcReference:
		v, err := r.reference()
		if err != nil {
			return nil, err
		}
		c, ok := v.(*javaClass)
		if !ok {
			return nil, errJavaStream
		}
		return c, nil
	case tcClassDesc:
	default:
		return nil, errJavaStream
	}
	c := &javaClass{}
	if c.name, err = r.utf(); err != nil {
		return nil, err
	}
	if _, err := r.take(8); err != nil { // serialVersionUID
		return nil, err
	}
	r.newHandle(c)
	if c.flags, err = r.u8(); err != nil {
		return nil, err
	}
	if c.flags&scExternalizable != 0 && c.flags&scBlockData == 0 {
		return nil, errJavaStream // its data has no framing to skip by
	}
	count, err := r.u16()
	if err != nil {
		return nil, err
	}
	for range count {
		f := javaField{}
		if f.typeCode, err = r.u8(); err != nil {
			return nil, err
		}
		if _, err := r.utf(); err != nil {
			return nil, err
		}
		switch f.typeCode {
		case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z':
		case 'L', '[':
			// The field's class name, as a string object.
			v, err := r.content()
			if err != nil {
				return nil, err
			}
			if _, ok := v.(string); !ok {
				return nil, errJavaStream
			}
		default:
			return nil, errJavaStream
		}
		c.fields = append(c.fields, f)
	}
	// The class annotation (what annotateClass wrote; nothing, usually).
	if _, err := r.annotation(); err != nil {
		return nil, err
	}
	if c.super, err = r.classDesc(); err != nil {
		return nil, err
	}
	return c, nil
}

// annotation reads contents up to the end-of-block-data mark.
func (r *javaReader) annotation() ([]any, error) {
	var contents []any
	for {
		if r.pos < len(r.data) && r.data[r.pos] == tcEndBlockData {
			r.pos++
			return contents, nil
		}
		v, err := r.content()
		if err != nil {
			return nil, err
		}
		contents = append(contents, v)
	}
}

// newObject reads an object after its type code: its class, then each
// class's data from the topmost superclass down.
func (r *javaReader) newObject() (*javaObject, error) {
	c, err := r.classDesc()
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, errJavaStream
	}
	obj := &javaObject{class: c, annotations: map[string][]any{}}
	r.newHandle(obj)
	var chain []*javaClass
	for k := c; k != nil; k = k.super {
		if len(chain) >= javaMaxDepth {
			return nil, errJavaStream
		}
		chain = append(chain, k)
	}
	for i := len(chain) - 1; i >= 0; i-- {
		k := chain[i]
		if k.flags&scExternalizable != 0 {
			a, err := r.annotation()
			if err != nil {
				return nil, err
			}
			obj.annotations[k.name] = a
			continue
		}
		for _, f := range k.fields {
			if err := r.fieldValue(f); err != nil {
				return nil, err
			}
		}
		if k.flags&scWriteMethod != 0 {
			a, err := r.annotation()
			if err != nil {
				return nil, err
			}
			obj.annotations[k.name] = a
		}
	}
	return obj, nil
}

// fieldValue reads (and drops) one field's value.
func (r *javaReader) fieldValue(f javaField) error {
	n := 0
	switch f.typeCode {
	case 'B', 'Z':
		n = 1
	case 'C', 'S':
		n = 2
	case 'F', 'I':
		n = 4
	case 'D', 'J':
		n = 8
	}
	if n > 0 {
		_, err := r.take(n)
		return err
	}
	v, err := r.content()
	if _, block := v.(javaBlock); block {
		return errJavaStream
	}
	return err
}

// decodeModifiedUTF8 decodes Java's modified UTF-8: NUL as two bytes, and
// characters beyond the Basic Multilingual Plane as two 3-byte surrogates.
func decodeModifiedUTF8(b []byte) (string, error) {
	units := make([]uint16, 0, len(b))
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c != 0 && c < 0x80:
			units = append(units, uint16(c))
			i++
		case c&0xe0 == 0xc0 && i+1 < len(b) && b[i+1]&0xc0 == 0x80:
			units = append(units, uint16(c&0x1f)<<6|uint16(b[i+1]&0x3f))
			i += 2
		case c&0xf0 == 0xe0 && i+2 < len(b) && b[i+1]&0xc0 == 0x80 && b[i+2]&0xc0 == 0x80:
			units = append(units, uint16(c&0x0f)<<12|uint16(b[i+1]&0x3f)<<6|uint16(b[i+2]&0x3f))
			i += 3
		default:
			return "", errJavaStream
		}
	}
	return string(utf16.Decode(units)), nil
}
