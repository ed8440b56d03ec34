package io.jstap.bpf.sys;

/**
 * System call numbers of the architectures jstap runs on. x86_64 numbers come from
 * arch/x86/entry/syscalls/syscall_64.tbl, aarch64 ones from include/uapi/asm-generic/unistd.h
 * (aarch64 has no epoll_wait, so both use epoll_pwait with a null signal mask).
 */
record SyscallNumbers(
    int close,
    int mmap,
    int munmap,
    int ioctl,
    int getpid,
    int getppid,
    int kill,
    int mount,
    int epollCtl,
    int epollPwait,
    int epollCreate1,
    int perfEventOpen,
    int bpf,
    int rtSigaction) {

  static final SyscallNumbers X86_64 =
      new SyscallNumbers(3, 9, 11, 16, 39, 110, 62, 165, 233, 281, 291, 298, 321, 13);
  static final SyscallNumbers AARCH64 =
      new SyscallNumbers(57, 222, 215, 29, 172, 173, 129, 40, 21, 22, 20, 241, 280, 134);

  static SyscallNumbers forArch(String osArch) {
    return switch (osArch) {
      case "amd64", "x86_64" -> X86_64;
      case "aarch64", "arm64" -> AARCH64;
      default ->
          throw new UnsupportedOperationException(
              "jstap runs on x86_64 and aarch64 Linux only, not on " + osArch);
    };
  }
}
