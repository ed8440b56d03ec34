package io.jstap.lang;

import java.util.List;
import java.util.Map;

/**
 * A macro: {@code @define NAME(PARAMS) %( BODY %)}, or the tokens of one argument of a macro
 * use (an argument expands where its parameter is used, in the context of the use).
 *
 * @param name without the {@code @}
 * @param where the name in the definition (for "first defined here")
 * @param params parameter names, without {@code @}
 * @param body the tokens between {@code %(} and {@code %)}, not yet expanded
 * @param library defined in a macro file ({@code .stpm}): its body sees only library macros
 * @param argumentOf for an argument, the parameters in scope where the macro was used (empty
 *     at top level); null for a defined macro
 */
record MacroDefinition(
    String name,
    Span where,
    List<String> params,
    List<Token> body,
    boolean library,
    Map<String, MacroDefinition> argumentOf) {

  boolean isArgument() {
    return argumentOf != null;
  }
}
