"""A FUSE filesystem holding one file, disk.img, whose reads or writes fail with a chosen errno
over a byte range: a disk that fails for real on the host side, for jstap's labs.

usage: /usr/bin/python3 failing-disk.py MOUNTPOINT SIZE FAIL_OFFSET FAIL_LENGTH ERRNO OP
OP is read, write or both. Runs in the foreground until unmounted. Mount it with direct_io so
that every read and write reaches it (no page cache in between).
"""
import errno
import stat
import sys
import time

from fusepy import FUSE, FuseOSError, Operations

NAME = "/disk.img"


class FailingDisk(Operations):
    def __init__(self, size, fail_offset, fail_length, error, op):
        self.data = bytearray(size)
        self.fail_start = fail_offset
        self.fail_end = fail_offset + fail_length
        self.error = error
        self.op = op
        self.now = time.time()

    def fails(self, op, offset, length):
        return (self.op in (op, "both") and offset < self.fail_end
                and offset + length > self.fail_start)

    def getattr(self, path, fh=None):
        common = dict(st_uid=0, st_gid=0, st_atime=self.now, st_mtime=self.now,
                      st_ctime=self.now)
        if path == "/":
            return dict(st_mode=stat.S_IFDIR | 0o755, st_nlink=2, **common)
        if path == NAME:
            return dict(st_mode=stat.S_IFREG | 0o644, st_nlink=1, st_size=len(self.data),
                        **common)
        raise FuseOSError(errno.ENOENT)

    def readdir(self, path, fh):
        return [".", "..", NAME[1:]]

    def open(self, path, flags):
        if path != NAME:
            raise FuseOSError(errno.ENOENT)
        return 0

    def read(self, path, size, offset, fh):
        if self.fails("read", offset, size):
            raise FuseOSError(self.error)
        return bytes(self.data[offset:offset + size])

    def write(self, path, data, offset, fh):
        if self.fails("write", offset, len(data)):
            raise FuseOSError(self.error)
        end = min(len(self.data), offset + len(data))
        self.data[offset:end] = data[:end - offset]
        return len(data)

    def truncate(self, path, length, fh=None):
        if length != len(self.data):
            raise FuseOSError(errno.EPERM)

    def flush(self, path, fh):
        return 0

    def fsync(self, path, datasync, fh):
        return 0


def main():
    mountpoint, size, offset, length, error, op = sys.argv[1:7]
    if op not in ("read", "write", "both"):
        sys.exit("failing-disk.py: OP must be read, write or both, not " + op)
    disk = FailingDisk(int(size), int(offset), int(length), int(error), op)
    FUSE(disk, mountpoint, foreground=True, nothreads=True, direct_io=True)


if __name__ == "__main__":
    main()
