package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/**
 * A probe alias: {@code probe NAME = POINTS { prologue }}, {@code probe NAME += POINTS {
 * epilogue }}, or both at once, {@code probe NAME = POINTS { prologue }, { epilogue }}. A use
 * of NAME probes every one of POINTS, running the prologue before the user's handler and the
 * epilogue after it.
 *
 * @param names the alias names being defined ({@code probe a = b = POINTS} defines two)
 * @param points what the alias stands for
 * @param prologue runs before the user's handler, or null ({@code +=} form)
 * @param epilogue runs after the user's handler, or null ({@code =} form without a second
 *     block)
 */
public record AliasDecl(
    Span span, List<ProbePoint> names, List<ProbePoint> points, Block prologue, Block epilogue)
    implements Decl {
  public AliasDecl {
    names = List.copyOf(names);
    points = List.copyOf(points);
    if (prologue == null && epilogue == null) {
      throw new IllegalArgumentException("an alias needs a prologue or an epilogue");
    }
  }
}
