package io.jstap.sema;

import java.util.Map;

/**
 * Pass 2's listing ({@code -p2}): the globals with their types, the functions the probes
 * reach, and every resolved probe with its locals.
 */
public final class ResolvedPrinter {
  private ResolvedPrinter() {}

  public static String print(CheckedScript script) {
    var b = new StringBuilder();
    if (!script.globals().isEmpty()) {
      b.append("# globals\n");
      for (VariableSymbol g : script.globals().values()) b.append(g).append('\n');
    }
    if (!script.functions().isEmpty()) {
      b.append("# functions\n");
      for (FunctionSymbol f : script.functions().values()) {
        b.append(f).append(" /* ").append(f.decl().span()).append(" */\n");
      }
    }
    b.append("# probes\n");
    for (ResolvedProbe p : script.probes()) {
      b.append(p.point());
      if (!p.target().runsInUserSpace()) b.append(" /* kernel */");
      b.append(" /* ").append(p.declaration().span()).append(" */\n");
      Map<String, VariableSymbol> locals = script.handlerLocals().getOrDefault(p.group(), Map.of());
      if (!locals.isEmpty()) {
        b.append("  locals: ");
        b.append(String.join(", ", locals.values().stream().map(Object::toString).toList()));
        b.append('\n');
      }
    }
    return b.toString();
  }
}
