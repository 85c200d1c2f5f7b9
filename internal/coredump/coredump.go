// Package coredump keeps the program's memory out of core dumps. While a
// vault is open, Sparekey's memory holds every 2FA key in the clear; a crash
// that writes a core file, or a debugger attached by another program running
// as the same user, would copy them out.
package coredump

// Off turns core dumps off for the rest of the process's life. On Unix it
// sets the core file size limit to zero (soft and hard, so it cannot be
// raised again); on Linux it also marks the process not dumpable, which keeps
// the kernel from writing a core file whatever the limit and keeps
// ptrace-based tools (debuggers, strace) of the same user out. Elsewhere it
// does nothing. Call it first thing in main; an error says which step failed.
func Off() error { return off() }
