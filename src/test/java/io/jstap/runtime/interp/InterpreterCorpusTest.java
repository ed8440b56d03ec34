package io.jstap.runtime.interp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every script of src/test/resources/interp/ and compares what it prints with what its
 * comments say:
 *
 * <pre>
 *   # expect: a line of standard output (one comment per line, in order)
 *   # expect-error: a line of standard error (run-time errors, warnings)
 *   # define: MAXACTION=100      (-D settings)
 *   # timers: 3                  (rounds of timer probes between begin and end)
 * </pre>
 *
 * A line written as {@code # expect:} with nothing after it expects an empty line.
 */
class InterpreterCorpusTest {

  @TestFactory
  Stream<DynamicTest> corpus() throws IOException, URISyntaxException {
    Path dir = Path.of(getClass().getResource("/interp").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".stp")).sorted()
          .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)))
          .toList().stream();
    }
  }

  private static void check(Path file) throws IOException {
    String text = Files.readString(file);
    var stdout = new StringBuilder();
    var stderr = new StringBuilder();
    var settings = new LinkedHashMap<String, String>();
    int timers = 0;
    for (String line : text.split("\n", -1)) {
      String l = line.strip();
      if (l.startsWith("# expect:")) {
        stdout.append(value(line, "# expect:")).append('\n');
      } else if (l.startsWith("# expect-error:")) {
        stderr.append(value(line, "# expect-error:")).append('\n');
      } else if (l.startsWith("# define:")) {
        String[] kv = value(line, "# define:").split("=", 2);
        settings.put(kv[0].strip(), kv[1].strip());
      } else if (l.startsWith("# timers:")) {
        timers = Integer.parseInt(value(line, "# timers:").strip());
      }
    }
    String name = file.getFileName().toString();
    ScriptRun run = ScriptRun.run(name, text, ScriptRun.limits(settings), timers);
    assertThat(run.stderr).as("standard error of " + name).isEqualTo(stderr.toString());
    assertThat(run.stdout).as("standard output of " + name).isEqualTo(stdout.toString());
  }

  /** The text after the directive, without the one space that follows it. */
  private static String value(String line, String directive) {
    String rest = line.substring(line.indexOf(directive) + directive.length());
    return rest.startsWith(" ") ? rest.substring(1) : rest;
  }
}
