package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/**
 * A context variable of the probed code: {@code $name}, {@code $return}, {@code $argN}, or a
 * collection {@code $$vars}, {@code $$locals}, {@code $$parms}, {@code $$return}.
 *
 * @param name with its dollars, e.g. {@code "$fd"} or {@code "$$parms"}
 */
public record TargetVar(
    Span span, String name, List<TargetComponent> components, boolean addressOf)
    implements TargetExpr {
  public TargetVar {
    components = List.copyOf(components);
  }
}
