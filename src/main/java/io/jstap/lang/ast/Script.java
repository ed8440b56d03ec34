package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/** One parsed file (a user script, {@code -e} text, or a tapset file): its declarations in order. */
public record Script(Span span, List<Decl> decls) implements Node {
  public Script {
    decls = List.copyOf(decls);
  }
}
