package io.jstap.dropwatch;

import io.jstap.kernel.Kallsyms;
import io.jstap.kernel.btf.Btf;
import java.nio.file.Path;

/** The committed 6.18 x86_64 kernel facts (src/test/resources/kernel), for kernel-free tests. */
final class Fixture {
  private Fixture() {}

  static Path dir() {
    try {
      return Path.of(Fixture.class.getResource("/kernel/6.18-x86_64").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Btf btf() {
    try {
      return Btf.read(dir().resolve("vmlinux.btf"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Kallsyms kallsyms() {
    try {
      return Kallsyms.read(dir().resolve("kallsyms"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
