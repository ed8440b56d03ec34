package io.jstap.runtime;

import java.util.List;
import java.util.regex.Pattern;

/** The verifier's complaints in plain words (the raw text follows in parentheses). */
final class VerifierMessages {
  private VerifierMessages() {}

  private record Rule(Pattern pattern, String meaning) {}

  private static final List<Rule> RULES = List.of(
      new Rule(Pattern.compile("too large|processed \\d+ insn|too many states|complexity limit"
          + "|jumps is too complex"),
          "the handler has too many paths for the kernel's verifier to check (every loop"
              + " iteration up to MAXACTION counts); lower MAXACTION with -D, shorten the loop, or"
              + " split the work between probes"),
      new Rule(Pattern.compile("back-edge|infinite loop|loop detected"),
          "it has a loop the verifier cannot prove finishes"),
      new Rule(Pattern.compile("invalid access to map value|outside of the allowed memory range"),
          "it reaches past the end of a map value (a string or key larger than expected)"),
      new Rule(Pattern.compile("invalid mem access 'scalar'|invalid mem access 'inv'"),
          "it reads memory through a value the verifier does not know to be a pointer"),
      new Rule(Pattern.compile("!read_ok"),
          "it reads a register that was never set"),
      new Rule(Pattern.compile("unknown func|helper call is not allowed|program of this type cannot use helper"),
          "it calls a kernel helper this kernel does not offer to this kind of probe"),
      new Rule(Pattern.compile("invalid stack|stack limit|combined stack size"),
          "it uses more than the 512 bytes of BPF stack"),
      new Rule(Pattern.compile("R\\d+ min value is negative|unbounded memory access"),
          "it uses an offset whose bounds the verifier cannot prove"));

  /** True when the complaint is about the script's size, not a mistake of jstap's. */
  static boolean isComplexity(String reason) {
    return reason != null && RULES.getFirst().pattern().matcher(reason).find();
  }

  static String explain(String reason) {
    String r = reason == null ? "" : reason.strip();
    for (Rule rule : RULES) {
      if (rule.pattern().matcher(r).find()) return rule.meaning() + " (" + r + ")";
    }
    return r.isEmpty() ? "no reason given" : r;
  }
}
