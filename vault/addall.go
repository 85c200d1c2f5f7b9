package vault

import "fmt"

// AddAll adds several entries as Add would one by one, but in one pass over
// the vault, so that importing thousands of keys takes linear time. errs[i]
// is nil when entries[i] was added, ErrDuplicate (wrapped, naming the entry
// that has the key) when the vault or an earlier entry of the list already
// has the key, or Normalize's error; added holds the stored entries in order.
func (v *Vault) AddAll(entries []Entry) (added []Entry, errs []error) {
	errs = make([]error, len(entries))
	// Index by what SameKey compares; SameKey still decides.
	byKey := map[string][]int{}
	ids := make(map[string]bool, len(v.Entries)+len(entries))
	for i := range v.Entries {
		k := string(v.Entries[i].Type) + "\x00" + v.Entries[i].Secret
		byKey[k] = append(byKey[k], i)
		ids[v.Entries[i].ID] = true
	}
	now := v.clock()
	for n, e := range entries {
		if _, err := e.Normalize(); err != nil {
			errs[n] = err
			continue
		}
		k := string(e.Type) + "\x00" + e.Secret
		var dup *Entry
		for _, i := range byKey[k] {
			if SameKey(&v.Entries[i], &e) {
				dup = &v.Entries[i]
				break
			}
		}
		if dup != nil {
			errs[n] = fmt.Errorf("%w: %s", ErrDuplicate, dup.Name())
			continue
		}
		for {
			e.ID = newID()
			if !ids[e.ID] {
				break
			}
		}
		ids[e.ID] = true
		if e.Created.IsZero() {
			e.Created = now
		}
		e.Updated = now
		byKey[k] = append(byKey[k], len(v.Entries))
		v.Entries = append(v.Entries, e)
		v.Updated = now
		added = append(added, e)
	}
	return added, errs
}
