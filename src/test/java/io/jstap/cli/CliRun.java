package io.jstap.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs jstap's command line in-process and keeps its exit code and output. */
public record CliRun(int exitCode, String out, String err) {
  public static CliRun of(String... args) {
    return withInput(new java.io.ByteArrayInputStream(new byte[0]), args);
  }

  /** Runs with {@code stdin} as standard input (for {@code jstap -}). */
  public static CliRun withInput(java.io.InputStream stdin, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cl = Main.commandLine(stdin);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
