package io.jstap.lang;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.lang.ast.Script;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests, one feature each, under src/test/resources/lang: {@code parse/NAME.stp} must
 * parse without errors and print as {@code parse/NAME.p1} (which must parse back to the same
 * tree); {@code errors/NAME.stp} must produce exactly the diagnostics in {@code
 * errors/NAME.err}.
 *
 * <p>A script's first lines may say {@code # args: A B} (script arguments) and {@code # guru}
 * (guru mode). {@code NAME.stpm} next to a script is loaded as its macro file. Run with {@code
 * -Djstap.golden.update=true} to rewrite the expected files after a deliberate change, and
 * review the diff.
 */
class GoldenTest {
  private static final Path ROOT = Path.of("src/test/resources/lang");
  private static final boolean UPDATE = Boolean.getBoolean("jstap.golden.update");

  /** The machine every golden test pretends to run on. */
  static PreprocessorContext context(List<String> args, boolean guru) {
    Map<String, String> config =
        Map.of("CONFIG_64BIT", "y", "CONFIG_HZ", "250", "CONFIG_NR_CPUS", "64",
            "CONFIG_MODULES", "y", "CONFIG_IPV6", "m", "CONFIG_LOCALVERSION", "\"-golden\"");
    return PreprocessorContext.of("6.18.44-golden", "x86_64", config)
        .withArguments(args)
        .withGuruMode(guru);
  }

  @TestFactory
  Stream<DynamicTest> parseGoldens() throws IOException {
    return scripts("parse").map(p -> DynamicTest.dynamicTest(name(p), () -> checkParse(p)));
  }

  @TestFactory
  Stream<DynamicTest> errorGoldens() throws IOException {
    return scripts("errors").map(p -> DynamicTest.dynamicTest(name(p), () -> checkErrors(p)));
  }

  private static Stream<Path> scripts(String dir) throws IOException {
    List<Path> found;
    try (Stream<Path> files = Files.list(ROOT.resolve(dir))) {
      found = files.filter(p -> p.toString().endsWith(".stp")).sorted().toList();
    }
    assertThat(found).as("golden scripts in " + ROOT.resolve(dir)).isNotEmpty();
    return found.stream();
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }

  /** Parses a golden script the way its header asks. */
  static Script parse(Path script, Diagnostics diagnostics) throws IOException {
    String text = Files.readString(script, StandardCharsets.UTF_8);
    var args = new ArrayList<String>();
    boolean guru = false;
    for (String line : text.split("\n")) {
      if (!line.startsWith("#")) break;
      if (line.startsWith("# args:")) args.addAll(List.of(line.substring(7).trim().split(" +")));
      if (line.trim().equals("# guru")) guru = true;
    }
    var macroFiles = new ArrayList<Source>();
    Path stpm = script.resolveSibling(name(script).replace(".stp", ".stpm"));
    if (Files.exists(stpm)) macroFiles.add(new Source(name(stpm), Files.readString(stpm)));
    return Frontend.parse(new Source(name(script), text), context(args, guru), macroFiles, diagnostics);
  }

  private static void checkParse(Path script) throws IOException {
    var diagnostics = new Diagnostics();
    Script tree = parse(script, diagnostics);
    assertThat(diagnostics.render()).isEmpty();
    String printed = ScriptPrinter.print(tree);
    compare(script.resolveSibling(name(script).replace(".stp", ".p1")), printed);

    // The printed form is itself a script that parses to the same tree and prints the same.
    Path copy = Files.createTempFile("golden", ".stp");
    try {
      Files.writeString(copy, headerOf(script) + printed);
      var again = new Diagnostics();
      Script reparsed = parse(copy, again);
      assertThat(again.render()).isEmpty();
      assertThat(AstShape.of(reparsed)).isEqualTo(AstShape.of(tree));
      assertThat(ScriptPrinter.print(reparsed)).isEqualTo(printed);
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  private static String headerOf(Path script) throws IOException {
    var header = new StringBuilder();
    for (String line : Files.readString(script).split("\n")) {
      if (!line.startsWith("#")) break;
      header.append(line).append('\n');
    }
    return header.toString();
  }

  private static void checkErrors(Path script) throws IOException {
    var diagnostics = new Diagnostics();
    parse(script, diagnostics);
    assertThat(diagnostics.all()).as("diagnostics for " + name(script)).isNotEmpty();
    compare(script.resolveSibling(name(script).replace(".stp", ".err")), diagnostics.render());
  }

  private static void compare(Path expectedFile, String actual) throws IOException {
    if (UPDATE) {
      Files.writeString(expectedFile, actual);
      return;
    }
    assertThat(expectedFile).as("expected output file (run with -Djstap.golden.update=true to create it)").exists();
    assertThat(actual).isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8));
  }
}
