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
 * SystemTap's language, shipped in the jar), plus the {@code .stp} files of {@code -I}
 * folders.
 */
public final class Tapset {
  private static final String FOLDER = "/io/jstap/tapset/";

  private Tapset() {}

  /** jstap's own tapset files and those of {@code includeDirs}, parsed. */
  public static List<Script> load(
      PreprocessorContext context, MacroLibrary macros, List<Path> includeDirs,
      Diagnostics diagnostics) {
    var sources = new ArrayList<>(builtInSources());
    sources.addAll(includeSources(includeDirs));
    return parse(sources, context, macros, diagnostics);
  }

  /** Tapset files, parsed (a module keeps the sources it was compiled with, and parses them). */
  public static List<Script> parse(
      List<Source> sources, PreprocessorContext context, MacroLibrary macros,
      Diagnostics diagnostics) {
    var scripts = new ArrayList<Script>();
    for (Source source : sources) {
      scripts.add(Frontend.parseTapset(source, context, macros, diagnostics));
    }
    return scripts;
  }

  /** jstap's own tapset files, from the jar. */
  public static List<Source> builtInSources() {
    var sources = new ArrayList<Source>();
    for (String name : read(FOLDER + "INDEX").lines().map(String::strip)
        .filter(l -> !l.isEmpty()).toList()) {
      sources.add(new Source("<tapset>/" + name, read(FOLDER + name)));
    }
    return sources;
  }

  /** The {@code .stp} files under {@code includeDirs}, in order. */
  public static List<Source> includeSources(List<Path> includeDirs) {
    var sources = new ArrayList<Source>();
    for (Path dir : includeDirs) {
      for (Path file : stpFiles(dir)) {
        try {
          sources.add(new Source(file.toString(), Files.readString(file)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read tapset file " + file, e);
        }
      }
    }
    return sources;
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
