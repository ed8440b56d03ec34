package io.jstap.cli;

import java.io.PrintWriter;
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
    };
    for (String[] session : sessions) {
      var cl = Main.commandLine();
      var sink = new PrintWriter(new StringWriter());
      cl.setOut(sink);
      cl.setErr(sink);
      cl.execute(session);
    }
  }
}
