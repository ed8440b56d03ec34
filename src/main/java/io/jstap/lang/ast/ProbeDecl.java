package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/** {@code probe POINT, POINT... { BODY }}: one handler for every listed probe point. */
public record ProbeDecl(Span span, List<ProbePoint> points, Block body) implements Decl {
  public ProbeDecl {
    points = List.copyOf(points);
  }
}
