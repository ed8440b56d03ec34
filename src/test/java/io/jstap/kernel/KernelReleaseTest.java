package io.jstap.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelReleaseTest {
  @Test
  void architecturesGetTheKernelsNames() {
    assertThat(KernelRelease.archName("amd64")).isEqualTo("x86_64");
    assertThat(KernelRelease.archName("x86_64")).isEqualTo("x86_64");
    assertThat(KernelRelease.archName("i686")).isEqualTo("i386");
    assertThat(KernelRelease.archName("x86")).isEqualTo("i386");
    assertThat(KernelRelease.archName("aarch64")).isEqualTo("arm64");
    assertThat(KernelRelease.archName("armv7l")).isEqualTo("arm");
    assertThat(KernelRelease.archName("ppc64le")).isEqualTo("powerpc");
    assertThat(KernelRelease.archName("s390x")).isEqualTo("s390");
    assertThat(KernelRelease.archName("riscv64")).isEqualTo("riscv");
    assertThat(KernelRelease.archName("mips64el")).isEqualTo("mips");
  }

  @Test
  void theRunningKernelIsTheOneTheJvmSees() {
    // The JVM reads uname(2) for os.version; /proc/sys/kernel/osrelease says the same.
    KernelRelease running = KernelRelease.running();
    assertThat(running.release()).isEqualTo(System.getProperty("os.version"));
    assertThat(running.arch()).isEqualTo(KernelRelease.archName(System.getProperty("os.arch")));
  }
}
