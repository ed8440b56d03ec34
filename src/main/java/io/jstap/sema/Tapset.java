package io.jstap.sema;

import io.jstap.lang.Diagnostics;
import io.jstap.lang.Frontend;
import io.jstap.lang.MacroLibrary;
import io.jstap.lang.PreprocessorContext;
import io.jstap.lang.Source;
import io.jstap.lang.ast.Script;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * jstap's tapset: the library scripts every script may use (functions and aliases written in
 * SystemTap's language, shipped in the jar, listed in its INDEX), plus the {@code .stp} files
 * of {@code -I} folders; and jstap's macro files ({@code .stpm}: {@code @choose_defined} and
 * the others SystemTap ships), which every script and tapset file is parsed with.
 */
public final class Tapset {
  private static final String FOLDER = "/io/jstap/tapset/";

  private Tapset() {}

  /** jstap's own tapset files and those of {@code includeDirs}, parsed. */
  public static List<Script> load(
      PreprocessorContext context, MacroLibrary macros, List<Path> includeDirs,
      Diagnostics diagnostics) {
    var scripts = new ArrayList<Script>();
    for (String name : index()) {
      if (!name.endsWith(".stp")) continue;
      var source = new Source("<tapset>/" + name, read(FOLDER + name));
      scripts.add(Frontend.parseTapset(source, context, macros, diagnostics));
    }
    for (Path dir : includeDirs) {
      for (Path file : stpFiles(dir)) {
        try {
          var source = new Source(file.toString(), Files.readString(file));
          scripts.add(Frontend.parseTapset(source, context, macros, diagnostics));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read tapset file " + file, e);
        }
      }
    }
    return scripts;
  }

  /**
   * jstap's own macros, for {@link MacroLibrary#over}: a macro a {@code -I} folder's file
   * defines too is the folder's.
   */
  public static MacroLibrary macros(PreprocessorContext context, Diagnostics diagnostics) {
    var files = new ArrayList<Source>();
    for (String name : index()) {
      if (name.endsWith(".stpm")) files.add(new Source("<tapset>/" + name, read(FOLDER + name)));
    }
    return MacroLibrary.load(files, context, diagnostics);
  }

  /** The tapset's files, .stp and .stpm, in the order of its INDEX. */
  private static List<String> index() {
    return read(FOLDER + "INDEX").lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static List<Path> stpFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".stp")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tapset folder " + dir, e);
    }
  }

  private static String read(String resource) {
    try (InputStream in = Tapset.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing tapset resource " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
