package io.jstap.lang;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The macros of a set of macro files ({@code .stpm}), available to every script and tapset
 * file parsed with it. Load once and reuse: loading evaluates the files' {@code %( %)}
 * conditions against one {@link PreprocessorContext}.
 */
public final class MacroLibrary {
  private static final MacroLibrary EMPTY = new MacroLibrary(Map.of());

  private final Map<String, MacroDefinition> macros;
  /** Macros not read yet: each name's loader reads the file that defines it (once). */
  private final Map<String, Supplier<MacroLibrary>> onDemand;

  private MacroLibrary(Map<String, MacroDefinition> macros) {
    this(macros, Map.of());
  }

  private MacroLibrary(Map<String, MacroDefinition> macros,
      Map<String, Supplier<MacroLibrary>> onDemand) {
    this.macros = macros;
    this.onDemand = onDemand;
  }

  /**
   * Macros read from their file the first time a script uses one: {@code loaders} maps each
   * macro's name to a loader of its file's library (which should load the file once, for all
   * of its names). Scripts that use none of them never pay for reading them.
   */
  public static MacroLibrary onDemand(Map<String, Supplier<MacroLibrary>> loaders) {
    return new MacroLibrary(Map.of(), Map.copyOf(loaders));
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
    if (defaults.names().isEmpty()) return this;
    if (names().isEmpty()) return defaults;
    var all = new HashMap<>(defaults.macros);
    var later = new HashMap<>(defaults.onDemand);
    all.keySet().removeAll(onDemand.keySet());
    later.keySet().removeAll(macros.keySet());
    all.putAll(macros);
    later.putAll(onDemand);
    return new MacroLibrary(Map.copyOf(all), Map.copyOf(later));
  }

  MacroDefinition get(String name) {
    MacroDefinition m = macros.get(name);
    if (m != null) return m;
    Supplier<MacroLibrary> loader = onDemand.get(name);
    return loader == null ? null : loader.get().get(name);
  }

  /** The macro names, without {@code @} (for "did you mean" hints and listings). */
  public java.util.Set<String> names() {
    if (onDemand.isEmpty()) return Collections.unmodifiableSet(macros.keySet());
    var all = new java.util.HashSet<>(macros.keySet());
    all.addAll(onDemand.keySet());
    return Collections.unmodifiableSet(all);
  }

  public int size() {
    return names().size();
  }
}
