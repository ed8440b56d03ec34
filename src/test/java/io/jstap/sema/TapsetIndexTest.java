package io.jstap.sema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tapset's INDEX says which names each file defines, so that a script reads only the files
 * it reaches: it must list every file of the folder, and exactly what each defines.
 */
class TapsetIndexTest {
  private static final Path FOLDER = Path.of("src/main/resources/io/jstap/tapset");

  @Test
  void theIndexListsWhatEachFileDefines() throws IOException {
    for (Tapset.Entry e : Tapset.index()) {
      String text = Files.readString(FOLDER.resolve(e.file()));
      assertThat(e.defines()).as("the INDEX line of " + e.file())
          .containsExactlyElementsOf(Tapset.defines(e.file(), text));
    }
  }

  @Test
  void theIndexListsEveryFile() throws IOException {
    try (Stream<Path> files = Files.list(FOLDER)) {
      var names = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".stp") || n.endsWith(".stpm")).toList();
      assertThat(Tapset.index()).extracting(Tapset.Entry::file)
          .containsExactlyInAnyOrderElementsOf(names);
    }
  }

  @Test
  void aScriptReadsOnlyTheFilesItReaches() {
    var context = io.jstap.lang.PreprocessorContext.of("6.18.0", "x86_64", java.util.Map.of());
    var diagnostics = new io.jstap.lang.Diagnostics();
    var macros = Tapset.macros(context, diagnostics);
    var script = io.jstap.lang.Frontend.parse(new io.jstap.lang.Source("t.stp",
        "probe kprocess.exec { println(args) } probe end { println(usecs_to_string(1)) }"),
        context, macros, diagnostics);
    var reached = Tapset.reach(script, java.util.List.of(), context, macros, diagnostics);
    assertThat(diagnostics.render()).isEmpty();
    // kprocess.stp, the errno.stp of its retstr, and time.stp
    assertThat(reached.sources()).extracting(io.jstap.lang.Source::name).containsExactlyInAnyOrder(
        "<tapset>/errno.stp", "<tapset>/kprocess.stp", "<tapset>/time.stp");
    var nothing = io.jstap.lang.Frontend.parse(new io.jstap.lang.Source("t.stp",
        "probe begin { exit() }"), context, macros, diagnostics);
    assertThat(Tapset.reach(nothing, java.util.List.of(), context, macros, diagnostics).scripts())
        .isEmpty();
    // a name the script declares itself does not lead to the tapset file that has it too
    var own = io.jstap.lang.Frontend.parse(new io.jstap.lang.Source("t.stp",
        "global argv probe begin { argv = 1 }"), context, macros, diagnostics);
    assertThat(Tapset.reach(own, java.util.List.of(), context, macros, diagnostics).scripts())
        .isEmpty();
    var theirs = io.jstap.lang.Frontend.parse(new io.jstap.lang.Source("t.stp",
        "probe begin { println(argv[1]) }"), context, macros, diagnostics);
    assertThat(Tapset.reach(theirs, java.util.List.of(), context, macros, diagnostics).sources())
        .extracting(io.jstap.lang.Source::name).containsExactly("<tapset>/argv.stp");
  }
}
