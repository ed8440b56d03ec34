package io.jstap.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs jstap's command line in-process and keeps its exit code and output. */
public record CliRun(int exitCode, String out, String err) {
  public static CliRun of(String... args) {
    return withInput(new ByteArrayInputStream(new byte[0]), args);
  }

  /** Runs with {@code stdin} as standard input (for {@code jstap -}). */
  public static CliRun withInput(InputStream stdin, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int code = Main.run(args, Main.Console.of(new PrintWriter(out, true),
        new PrintWriter(err, true), stdin));
    return new CliRun(code, out.toString(), err.toString());
  }
}
