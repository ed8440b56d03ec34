package io.jstap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringWriter;

/**
 * The workload the launcher runs once per build to record an ahead-of-time class cache
 * ({@code -XX:AOTCacheOutput}): the commands a typical session starts with, output discarded.
 */
public final class AotTraining {
  private AotTraining() {}

  public static void main(String[] args) {
    String[][] sessions = {
      {"--version"},
      {"--help"},
      // Pass 1 over a script that touches most of the grammar, so the parser's classes are
      // in the cache (and one with a mistake, for the diagnostics).
      {"-p1", "-e", "global a[10], s; probe begin, timer.ms(100)? if (1) { foreach ([k, v-] in a"
          + " limit 3) { s <<< k; printf(\"%d %s\\n\", k, @1) } if (k in a) delete a[k]; else"
          + " x = $p->f . sprintf(\"%x\", @count(s)) } function f:long (x:long) { return x ? -x : 1 }",
          "arg"},
      {"-p1", "-e", "probe begin { x = (1 + }"},
      // Whole runs: one in user space only, one that loads and attaches a BPF program (as
      // root; elsewhere it stops at the permission error, which is fine for training).
      {"-e", "global g; probe begin { g[\"a\"] = strlen(\"xy\"); printf(\"%s %d\\n\", execname(),"
          + " g[\"a\"]); exit() } probe end { println(\"bye\") }"},
      {"-T", "1", "-e", "global n; probe kernel.trace(\"syscalls:sys_enter_getppid\"),"
          + " kernel.trace(\"sched:sched_switch\") { n++; printf(\"%s %d\\n\", execname(), n);"
          + " exit() }"},
    };
    for (String[] session : sessions) {
      var sink = new PrintWriter(new StringWriter());
      Main.run(session, Main.Console.of(sink, sink, new java.io.ByteArrayInputStream(new byte[0])));
    }
    // A module written (-k keeps it in a temporary folder) and run, as jstap run does.
    var err = new StringWriter();
    var sink = new PrintWriter(new StringWriter());
    Main.run(new String[] {"-k", "-m", "aot_training", "-e", "global n; probe"
        + " kernel.trace(\"syscalls:sys_enter_getppid\") { n++ } probe begin { exit() }"},
        Main.Console.of(sink, new PrintWriter(err), new java.io.ByteArrayInputStream(new byte[0])));
    var kept = java.util.regex.Pattern.compile("Keeping temporary directory \"([^\"]+)\"")
        .matcher(err.toString());
    if (kept.find()) {
      Path dir = Path.of(kept.group(1));
      Main.run(new String[] {"run", dir.resolve("aot_training.bo").toString()},
          Main.Console.of(sink, sink, new java.io.ByteArrayInputStream(new byte[0])));
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) Files.delete(f);
        Files.delete(dir);
      } catch (IOException e) {
        // a temporary folder left behind
      }
    }
  }
}
