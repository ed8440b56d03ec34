package io.jstap.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs jstap's command line in-process and keeps its exit code and output. */
public record CliRun(int exitCode, String out, String err) {
  public static CliRun of(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
