//go:build linux

package sanctions

import (
	"io/fs"
	"syscall"
)

// sysFileKey returns the device, inode and status-change time (ns) of a file.
func sysFileKey(st fs.FileInfo) (dev, ino uint64, ctime int64) {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(s.Dev), uint64(s.Ino), s.Ctim.Sec*1e9 + s.Ctim.Nsec //nolint:unconvert // types differ per OS
	}
	return 0, 0, 0
}
