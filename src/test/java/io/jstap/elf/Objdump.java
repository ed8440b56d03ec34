package io.jstap.elf;

import io.jstap.testing.DebianPackage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What binutils' objdump disassembles, parsed for comparison. */
final class Objdump {
  private Objdump() {}

  static String program() {
    return DebianPackage.require("binutils", "/usr/bin/objdump").toString();
  }

  /**
   * A whole-program disassembly read once: the address of every instruction objdump -d shows
   * (zeros included), sorted, and the lines that mention a given text.
   */
  record Disassembly(long[] addresses, List<String> mentioning) {}

  static long[] instructionAddresses(Path file) {
    return disassemble(file, null).addresses();
  }

  static Disassembly disassemble(Path file, String mention) {
    var cmd = List.of(program(), "-d", "-z", "-w", "--no-show-raw-insn", file.toString());
    long[] out = new long[1 << 16];
    int n = 0;
    var mentioning = new ArrayList<String>();
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try (var r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (mention != null && line.contains(mention)) {
            mentioning.add(line);
          }
          int colon = line.indexOf(":\t");
          if (colon < 2 || line.charAt(0) != ' ') {
            continue;
          }
          String hex = line.substring(0, colon).strip();
          if (hex.isEmpty() || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            continue;
          }
          if (n == out.length) {
            out = Arrays.copyOf(out, n * 2);
          }
          out[n++] = Long.parseLong(hex, 16);
        }
      }
      if (p.waitFor() != 0) {
        throw new AssertionError(cmd + " exited with " + p.exitValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    long[] result = Arrays.copyOf(out, n);
    Arrays.sort(result);
    return new Disassembly(result, mentioning);
  }

  /** objdump -d output lines. */
  static List<String> lines(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      var lines = new ArrayList<String>();
      try (var r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      }
      if (p.waitFor() != 0) {
        throw new AssertionError(command + " exited with " + p.exitValue());
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
