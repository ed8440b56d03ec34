package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/**
 * A plain value used like a typed pointer, {@code task_current()->pid} or {@code &x}: its type
 * comes from where the value came from (a later stage works it out).
 */
public record Autocast(
    Span span, Expr operand, List<TargetComponent> components, boolean addressOf)
    implements TargetExpr {
  public Autocast {
    components = List.copyOf(components);
  }
}
