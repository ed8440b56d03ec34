package io.jstap.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure a program from a Debian package is installed before a test uses it: installs the
 * package with apt-get when it is missing and the test runs as root (as ./run-tests does through
 * scripts/install-test-packages), else skips the test saying what to install.
 */
public final class DebianPackage {
  private DebianPackage() {}

  /** The path of {@code program} (or any file the package provides), installing {@code pkg} first when it is missing. */
  public static synchronized Path require(String pkg, String program) {
    Path path = Path.of(program);
    if (Files.exists(path)) {
      return path;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    assumeTrue(root, program + " is missing: install the Debian package " + pkg);
    try {
      run(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends", pkg));
      if (!Files.exists(path)) {
        run(List.of("apt-get", "update", "-qq"));
        run(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends", pkg));
      }
    } catch (IOException e) {
      throw new IllegalStateException("apt-get install " + pkg + " failed: " + e.getMessage(), e);
    }
    assumeTrue(Files.exists(path),
        "apt-get install " + pkg + " did not provide " + program);
    return path;
  }

  private static void run(List<String> command) throws IOException {
    var pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Process p = pb.start();
    try {
      if (!p.waitFor(600, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " timed out");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
