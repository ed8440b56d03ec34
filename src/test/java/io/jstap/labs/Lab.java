package io.jstap.labs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.cli.CliRun;
import io.jstap.errno.ErrnoCode;
import io.jstap.errno.ErrnoTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The labs of scripts/lab (shared/LABS.md), traced by an example script: jstap runs the lab as
 * its {@code -c} command, so every probe is attached before the lab starts and the session ends
 * with it. The lab's own output goes to a file, apart from jstap's.
 *
 * <p>What the lab injects can be changed for a run, to try other errors and request types:
 * {@code -Djstap.lab.errno=ENOSPC -Djstap.lab.op=read -Djstap.lab.count=5} (or the environment
 * variables JSTAP_LAB_ERRNO, JSTAP_LAB_OP, JSTAP_LAB_COUNT). Defaults: EIO, write, 3.
 */
final class Lab {
  private Lab() {}

  static final Path SCRIPTS = Path.of("scripts", "lab").toAbsolutePath();
  static final Path EXAMPLES = Path.of("examples").toAbsolutePath();

  /** What a lab injects: an error on reads or writes, and how many requests the guest makes. */
  record Settings(String op, ErrnoCode errno, int count) {
    static Settings configured() {
      String op = setting("op", "write").toLowerCase(Locale.ROOT);
      if (!op.equals("read") && !op.equals("write")) {
        throw new IllegalArgumentException("jstap.lab.op is read or write, not " + op);
      }
      int count = Integer.parseInt(setting("count", "3"));
      return new Settings(op, Lab.errno(setting("errno", "EIO")), count);
    }

    Settings with(String op, String errno, int count) {
      return new Settings(op, Lab.errno(errno), count);
    }

    /** The lab's options. */
    String options() {
      return "--op " + op + " --errno " + errno.number() + " --count " + count;
    }

    /** As jstap's errno_text() prints it: "EIO: Input/output error". */
    String errnoText() {
      return errno.name() + ": " + errno.description();
    }
  }

  private static String setting(String name, String otherwise) {
    String value = System.getProperty("jstap.lab." + name);
    if (value == null || value.isBlank()) {
      value = System.getenv("JSTAP_LAB_" + name.toUpperCase(Locale.ROOT));
    }
    return value == null || value.isBlank() ? otherwise : value.strip();
  }

  /** An error code by name or number (5, -5, EIO), as its primary name. */
  static ErrnoCode errno(String nameOrNumber) {
    ErrnoTable table = ErrnoTable.running();
    var code = nameOrNumber.matches("-?\\d+")
        ? table.byNumber(Math.abs(Long.parseLong(nameOrNumber)))
        : table.byName(nameOrNumber.toUpperCase(Locale.ROOT));
    return table.byNumber(code.orElseThrow(() -> new IllegalArgumentException(
        "unknown errno " + nameOrNumber)).number()).orElseThrow();
  }

  /** Skips the test when the machine has no FUSE device (a container without /dev/fuse). */
  static void assumeFuse() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/fuse")),
        "the machine has no /dev/fuse: the FUSE labs need it (modprobe fuse, or run the"
            + " container with --device /dev/fuse)");
  }

  /** Skips the test when the machine has no loop devices. */
  static void assumeLoopDevices() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/loop-control")),
        "the machine has no /dev/loop-control: the block-device lab needs loop devices");
  }

  /** A traced lab: jstap's exit code and output, and the lab's lines. */
  record Traced(CliRun jstap, List<String> lab, long millis) {
    /** The lab's lines starting with {@code lab: PREFIX}, without "lab: ". */
    List<String> labLines(String prefix) {
      var out = new ArrayList<String>();
      for (String l : lab) {
        if (l.startsWith("lab: " + prefix)) out.add(l.substring(5));
      }
      return out;
    }

    /** The first lab line starting with {@code lab: PREFIX}, what follows the prefix. */
    String labValue(String prefix) {
      List<String> lines = labLines(prefix);
      assertThat(lines).as("lab output:\n%s", String.join("\n", lab)).isNotEmpty();
      return lines.getFirst().substring(prefix.length()).strip();
    }

    String describe() {
      return "jstap exit " + jstap.exitCode() + "\n--- jstap stdout:\n" + jstap.out()
          + "--- jstap stderr:\n" + jstap.err() + "--- lab:\n" + String.join("\n", lab);
    }
  }

  /**
   * Runs {@code jstap -v -c 'LAB OPTIONS' SCRIPT ARGS...} in-process; stops it after
   * {@code limitSeconds} in any case.
   */
  static Traced trace(String lab, String options, String script, int limitSeconds,
      String... scriptArgs) throws IOException {
    return traceCommands(SCRIPTS.resolve(lab) + " " + options, script, limitSeconds, scriptArgs);
  }

  /** {@link #trace} with shell commands (several labs in a row, for one session). */
  static Traced traceCommands(String commands, String script, int limitSeconds,
      String... scriptArgs) throws IOException {
    Path log = Files.createTempFile("jstap-lab", ".log");
    Path shell = Files.createTempFile("jstap-lab", ".sh");
    try {
      Files.writeString(shell, commands + "\n");
      var args = new ArrayList<>(List.of("-v", "-T", Integer.toString(limitSeconds), "-c",
          "/bin/sh " + shell + " >" + log + " 2>&1", EXAMPLES.resolve(script).toString()));
      args.addAll(List.of(scriptArgs));
      long start = System.nanoTime();
      CliRun run = CliRun.of(args.toArray(String[]::new));
      long millis = (System.nanoTime() - start) / 1_000_000;
      return new Traced(run, Files.readAllLines(log), millis);
    } finally {
      Files.deleteIfExists(log);
      Files.deleteIfExists(shell);
    }
  }
}
