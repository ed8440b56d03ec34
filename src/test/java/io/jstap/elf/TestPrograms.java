package io.jstap.elf;

import io.jstap.testing.Command;
import io.jstap.testing.DebianPackage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The C programs under src/test/resources/elf, compiled with gcc into a temporary folder on first
 * use (once per test JVM) in the variants the ELF tests compare: with and without -g, stripped,
 * PIE and not, a shared library, USDT probes with and without semaphores.
 */
final class TestPrograms {
  private static Path dir;
  private static final Map<String, Path> BUILT = new HashMap<>();

  private TestPrograms() {}

  /** Every variant's name, for parameterized tests. */
  static List<String> variants() {
    return List.of("pie-g", "pie", "stripped", "no-pie", "lib.so", "usdt", "usdt-O0-g",
        "usdt-no-pie");
  }

  static synchronized Path get(String variant) {
    Path built = BUILT.get(variant);
    if (built != null) {
      return built;
    }
    try {
      if (dir == null) {
        dir = Files.createTempDirectory("jstap-elf-test");
        Runtime.getRuntime().addShutdownHook(new Thread(TestPrograms::deleteDir));
        for (String source : List.of("sample.c", "lib.c", "usdt.c", "usdt_sema.c")) {
          try (InputStream in = TestPrograms.class.getResourceAsStream("/elf/" + source)) {
            Files.copy(in, dir.resolve(source));
          }
        }
      }
      String gcc = DebianPackage.require("gcc", "/usr/bin/gcc").toString();
      Path out = dir.resolve(variant);
      String sample = dir.resolve("sample.c").toString();
      List<String> cmd = new ArrayList<>(List.of(gcc, "-O2", "-o", out.toString()));
      switch (variant) {
        case "pie-g" -> cmd.addAll(List.of("-g", sample));
        case "pie" -> cmd.add(sample);
        case "stripped" -> {
          Files.copy(get("pie"), out);
          Command.output(DebianPackage.require("binutils", "/usr/bin/strip").toString(),
              out.toString());
          cmd = null;
        }
        case "no-pie" -> cmd.addAll(List.of("-no-pie", "-fno-pie", sample));
        case "lib.so" -> cmd.addAll(List.of("-shared", "-fPIC", dir.resolve("lib.c").toString()));
        case "usdt", "usdt-O0-g", "usdt-no-pie" -> {
          DebianPackage.require("systemtap-sdt-dev", "/usr/include/x86_64-linux-gnu/sys/sdt.h");
          if (variant.equals("usdt-O0-g")) {
            cmd.set(1, "-O0");
            cmd.add("-g");
          }
          if (variant.equals("usdt-no-pie")) {
            cmd.addAll(List.of("-no-pie", "-fno-pie"));
          }
          cmd.addAll(List.of(dir.resolve("usdt.c").toString(),
              dir.resolve("usdt_sema.c").toString()));
        }
        default -> throw new IllegalArgumentException(variant);
      }
      if (cmd != null) {
        Command.output(cmd);
      }
      BUILT.put(variant, out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteDir() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder left behind is harmless
    }
  }
}
