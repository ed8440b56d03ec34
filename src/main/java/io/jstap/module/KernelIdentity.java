package io.jstap.module;

import io.jstap.kernel.btf.Btf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Which kernel a module's programs were compiled for: its release, its machine, and a digest of
 * its BTF. Programs read kernel structures at offsets taken from that BTF (and tracepoint
 * fields at offsets of that build), so a module fits only a kernel with the same BTF: the same
 * build. The release alone would not do: two builds of one release may lay structures out
 * differently.
 *
 * <p>The digest is the BTF's size and CRC32C ({@code 5520351:crc32c:0a1b2c3d}): it tells kernel
 * builds apart (it guards against mistakes, not against forgery), and costs about a
 * millisecond where a SHA-256 of the 5 MB blob costs 50 to 100 ms of the time to attach.
 *
 * @param btfDigest the digest of /sys/kernel/btf/vmlinux, or {@link #NO_BTF}
 */
public record KernelIdentity(String release, String machine, String btfDigest) {
  /** The digest recorded when the kernel publishes no BTF. */
  public static final String NO_BTF = "none";

  private static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");

  /** The running kernel; its BTF is read and digested (~5 MB, a few ms). */
  public static KernelIdentity running() {
    String release;
    try {
      release = Files.readString(OSRELEASE, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      release = System.getProperty("os.version", "unknown");
    }
    return new KernelIdentity(release, currentMachine(), btfDigest(Btf.VMLINUX));
  }

  static String currentMachine() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> arch;
    };
  }

  /** The digest of a BTF file, or {@link #NO_BTF} when it does not exist. */
  static String btfDigest(Path btf) {
    try {
      return digest(Files.readAllBytes(btf));
    } catch (NoSuchFileException e) {
      return NO_BTF;
    } catch (IOException e) {
      return NO_BTF;
    }
  }

  static int crc32c(byte[] bytes) {
    var crc = new CRC32C();
    crc.update(bytes);
    return (int) crc.getValue();
  }

  /** {@code SIZE:crc32c:HEX}: what tells two files apart in a module. */
  static String digest(byte[] bytes) {
    return bytes.length + ":crc32c:" + String.format("%08x", crc32c(bytes));
  }

  /** {@code 6.18.0-1 (x86_64, BTF 5520351:crc32c:0a1b2c3d)}. */
  public String describe() {
    return release + " (" + machine + ", " + (btfDigest.equals(NO_BTF) ? "no BTF"
        : "BTF " + btfDigest) + ")";
  }
}
