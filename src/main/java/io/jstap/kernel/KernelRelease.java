package io.jstap.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The running kernel's release ({@code uname -r}) and architecture, named the way the kernel
 * and SystemTap name architectures ({@code x86_64}, {@code arm64}, {@code i386}, {@code
 * powerpc}, {@code s390}, {@code riscv}, ...).
 */
public record KernelRelease(String release, String arch) {

  /** Where the kernel publishes its release string (proc(5)). */
  static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");

  /** The machine jstap runs on. */
  public static KernelRelease running() {
    String release;
    try {
      release = Files.readString(OSRELEASE, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      // Not Linux, or /proc is not mounted: the JVM read uname(2) at start-up.
      release = System.getProperty("os.version", "");
    }
    return new KernelRelease(release, archName(System.getProperty("os.arch", "")));
  }

  /**
   * The kernel's name for an architecture, from the JVM's {@code os.arch} or {@code uname -m}
   * (SystemTap's normalization: i?86 is i386, ppc* is powerpc, aarch64 is arm64, ...).
   */
  public static String archName(String machine) {
    String m = machine.toLowerCase(Locale.ROOT);
    if (m.equals("amd64") || m.equals("x86_64") || m.equals("x64")) return "x86_64";
    if (m.equals("x86") || m.matches("i[3-6]86")) return "i386";
    if (m.equals("aarch64") || m.equals("arm64")) return "arm64";
    if (m.startsWith("arm")) return "arm";
    if (m.startsWith("ppc") || m.startsWith("powerpc")) return "powerpc";
    if (m.startsWith("s390")) return "s390";
    if (m.startsWith("riscv")) return "riscv";
    if (m.startsWith("mips")) return "mips";
    if (m.startsWith("sparc")) return "sparc";
    if (m.startsWith("loongarch")) return "loongarch";
    if (m.startsWith("sh")) return "sh";
    return m;
  }
}
