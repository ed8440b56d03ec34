/**
 * The FFM bindings: one lazily linked downcall handle to libc's {@code syscall}, and on it
 * bpf(2), perf_event_open(2), ioctl, mmap/munmap, epoll, close, mount and kill. Failures are {@link
 * io.jstap.bpf.sys.SyscallException}s naming the call and the errno. Only {@code io.jstap.bpf}
 * and {@code io.jstap.kernel} use this package (checked by an ArchUnit test).
 */
package io.jstap.bpf.sys;
