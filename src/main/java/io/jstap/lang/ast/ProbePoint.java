package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/**
 * One probe point: dotted components such as {@code kernel.function("vfs_read").return}, with
 * optional suffixes {@code ?} (optional: no error if it matches nothing), {@code !} (optional
 * and sufficient: stop trying the following points of the list once this one resolves) and
 * {@code if (condition)}.
 *
 * <p>Brace groups ({@code {a, b}.c}) are expanded by the parser into one point each.
 *
 * @param optional {@code ?} or {@code !} was given
 * @param sufficient {@code !} was given (implies optional)
 * @param condition the {@code if (...)} expression, or null
 */
public record ProbePoint(
    Span span, List<Component> components, boolean optional, boolean sufficient, Expr condition)
    implements Node {
  public ProbePoint {
    components = List.copyOf(components);
    if (components.isEmpty()) {
      throw new IllegalArgumentException("a probe point has at least one component");
    }
  }

  /**
   * One dotted component: a name (which may hold {@code *} wildcards, as in {@code sys_*} or
   * {@code **}) and an optional literal parameter, as in {@code timer.ms(100)}.
   *
   * @param argument the parenthesized literal, or null
   */
  public record Component(Span span, String name, Literal argument) implements Node {}
}
