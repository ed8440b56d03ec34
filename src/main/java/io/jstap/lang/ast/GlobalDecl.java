package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/**
 * {@code global a, b[100], c = 5} (or {@code private global ...}, or the shorthand {@code
 * private a}): global variables, scalars or associative arrays; which one is decided by use.
 *
 * @param isPrivate visible only in the file that declares it
 */
public record GlobalDecl(Span span, boolean isPrivate, List<Variable> variables) implements Decl {
  public GlobalDecl {
    variables = List.copyOf(variables);
  }

  /**
   * One declared global.
   *
   * @param wrap {@code %}: an array that is full overwrites its oldest entries instead of
   *     failing
   * @param maxEntries {@code [N]}: the array's capacity, or 0 when not given (the default)
   * @param initializer {@code = literal}, for scalars only, or null
   */
  public record Variable(Span span, String name, boolean wrap, int maxEntries, Literal initializer)
      implements Node {}
}
