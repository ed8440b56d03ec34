package io.jstap.lang;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The macros of a set of macro files ({@code .stpm}), available to every script and tapset
 * file parsed with it. Load once and reuse: loading evaluates the files' {@code %( %)}
 * conditions against one {@link PreprocessorContext}.
 */
public final class MacroLibrary {
  private static final MacroLibrary EMPTY = new MacroLibrary(Map.of());

  private final Map<String, MacroDefinition> macros;

  private MacroLibrary(Map<String, MacroDefinition> macros) {
    this.macros = macros;
  }

  public static MacroLibrary empty() {
    return EMPTY;
  }

  /**
   * Reads macro files in order. A file that holds anything but {@code @define}s, or defines a
   * macro an earlier file already defined, is reported and left out whole (as SystemTap does).
   */
  public static MacroLibrary load(
      List<Source> files, PreprocessorContext context, Diagnostics diagnostics) {
    var all = new HashMap<String, MacroDefinition>();
    for (Source file : files) {
      var local = new Diagnostics();
      var pp = new Preprocessor(file, context, new MacroLibrary(all), local, true);
      Token stray = null;
      for (Token t = pp.next(); !t.isEof(); t = pp.next()) {
        if (stray == null) stray = t;
      }
      if (stray != null) {
        local.report(
            Diagnostic.error(stray.site(), "a macro file may hold only '@define' macros, found "
                    + stray.describe())
                .withHint("move code to a .stp file; .stpm files are read for their macros"));
      }
      Map<String, MacroDefinition> defined = pp.definedMacros();
      for (MacroDefinition m : defined.values()) {
        MacroDefinition earlier = all.get(m.name());
        if (earlier != null) {
          local.report(
              Diagnostic.error(m.where(), "macro '@" + m.name() + "' is already defined by another macro file")
                  .withNote(earlier.where(), "first defined here"));
        }
      }
      for (Diagnostic d : local.all()) diagnostics.report(d);
      if (!local.hasErrors()) {
        all.putAll(defined);
      }
    }
    return new MacroLibrary(Map.copyOf(all));
  }

  /**
   * This library's macros and those of {@code defaults} that it does not define itself: the
   * macros of a {@code -I} folder replace a built-in macro of the same name instead of
   * clashing with it.
   */
  public MacroLibrary over(MacroLibrary defaults) {
    if (defaults.macros.isEmpty()) return this;
    if (macros.isEmpty()) return defaults;
    var all = new HashMap<>(defaults.macros);
    all.putAll(macros);
    return new MacroLibrary(Map.copyOf(all));
  }

  MacroDefinition get(String name) {
    return macros.get(name);
  }

  /** The macro names, without {@code @} (for "did you mean" hints and listings). */
  public java.util.Set<String> names() {
    return Collections.unmodifiableSet(macros.keySet());
  }

  public int size() {
    return macros.size();
  }
}
