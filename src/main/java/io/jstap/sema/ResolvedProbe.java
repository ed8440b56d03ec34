package io.jstap.sema;

import io.jstap.lang.ast.Block;
import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.ProbeDecl;
import java.util.List;

/**
 * One concrete probe after alias and wildcard expansion: what it attaches to and the code it
 * runs, in order: the aliases' prologues, the handler, the aliases' epilogues. Every part may
 * be shared with other resolved probes of the same declaration (a wildcard makes many), so
 * side tables keyed by these nodes hold for all of them.
 *
 * @param target what it attaches to
 * @param point the probe point as SystemTap's {@code pp()} returns it
 * @param declaration the {@code probe} declaration whose handler it runs
 * @param conditions {@code if (...)} suffixes that must all hold for the handler to run
 * @param optional a failure to attach is not an error ({@code ?} or {@code !})
 * @param group the handler group: probes resolved from the same declaration share locals
 */
public record ResolvedProbe(
    ProbeTarget target,
    String point,
    ProbeDecl declaration,
    List<Block> prologues,
    List<Block> epilogues,
    List<Expr> conditions,
    boolean optional,
    int group) {

  public ResolvedProbe {
    prologues = List.copyOf(prologues);
    epilogues = List.copyOf(epilogues);
    conditions = List.copyOf(conditions);
  }

  /** The blocks that make up the handler, in the order they run. */
  public List<Block> blocks() {
    var all = new java.util.ArrayList<Block>(prologues);
    all.add(declaration.body());
    all.addAll(epilogues);
    return all;
  }
}
