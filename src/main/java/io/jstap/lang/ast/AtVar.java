package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/**
 * {@code @var("name[@cu-file]"[, "module"])}: a variable of the probed code named by a string
 * (global or, in a function probe, local).
 *
 * @param module where to look, or null
 */
public record AtVar(
    Span span, String name, String module, List<TargetComponent> components, boolean addressOf)
    implements TargetExpr {
  public AtVar {
    components = List.copyOf(components);
  }
}
