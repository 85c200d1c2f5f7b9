package vault

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestWritePrivateFileIsOwnerOnlyAndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "export.json")
	os.WriteFile(path, []byte("old"), 0o644)
	if err := WritePrivateFile(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	if string(b) != "new" || (runtime.GOOS != "windows" && st.Mode().Perm() != 0o600) {
		t.Errorf("content %q, mode %v", b, st.Mode().Perm())
	}
	if err := WritePrivateFile(filepath.Join(dir, "missing", "x"), []byte("x")); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
	if names, _ := os.ReadDir(dir); len(names) != 1 {
		t.Errorf("files left in the folder: %v", names)
	}
}
