package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/**
 * {@code @cast(pointer, "type"[, "module"])}: reads {@code pointer} as a pointer to {@code
 * type}, usually followed by {@code ->member} components.
 *
 * @param module where to find the type ({@code "kernel"}, a path, or {@code "<header.h>"}),
 *     or null
 */
public record CastOp(
    Span span,
    Expr operand,
    String type,
    String module,
    List<TargetComponent> components,
    boolean addressOf)
    implements TargetExpr {
  public CastOp {
    components = List.copyOf(components);
  }
}
