package io.jstap.errno;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The families of Linux architectures that number error codes differently. Most architectures
 * use asm-generic's numbers; alpha, mips, parisc and sparc keep their historic ABIs, and powerpc
 * differs in EDEADLOCK alone (arch/{alpha,mips,parisc,sparc,powerpc}/include/uapi/asm/errno.h).
 */
public enum Arch {
  GENERIC("generic", List.of("x86_64", "amd64", "x86", "i386", "i686", "arm", "arm64", "aarch64",
      "riscv", "riscv64", "s390", "s390x", "loongarch", "loongarch64", "ia64", "m68k", "arc",
      "csky", "hexagon", "microblaze", "nios2", "openrisc", "sh", "um", "xtensa")),
  ALPHA("alpha", List.of()),
  MIPS("mips", List.of("mips64", "mipsel", "mips64el")),
  PARISC("parisc", List.of("parisc64", "hppa", "hppa64")),
  SPARC("sparc", List.of("sparc64", "sparcv9")),
  POWERPC("powerpc", List.of("powerpc64", "powerpc64le", "ppc", "ppc64", "ppc64le"));

  private final String familyName;
  private final List<String> members;

  Arch(String familyName, List<String> members) {
    this.familyName = familyName;
    this.members = members;
  }

  /** The family's name, as `--arch` accepts it and as the table's columns are headed. */
  public String familyName() {
    return familyName;
  }

  /** Finds the family of an architecture or family name (`x86_64`, `mips64`, `sparc`...). */
  public static Optional<Arch> named(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (Arch a : values()) {
      if (a.familyName.equals(n) || a.members.contains(n)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** Every name {@link #named} accepts, families first. */
  public static List<String> knownNames() {
    var names = new java.util.ArrayList<String>();
    for (Arch a : values()) names.add(a.familyName);
    for (Arch a : values()) names.addAll(a.members);
    return names;
  }

  /** The family of the machine jstap runs on (from the JVM's os.arch). */
  public static Arch running() {
    return named(System.getProperty("os.arch", "x86_64")).orElse(GENERIC);
  }
}
