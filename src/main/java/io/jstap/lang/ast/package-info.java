/**
 * The syntax tree of a SystemTap script, as the parser builds it: sealed interfaces of
 * records, so a pattern {@code switch} without {@code default} over {@link
 * io.jstap.lang.ast.Decl}, {@link io.jstap.lang.ast.Stmt} or {@link io.jstap.lang.ast.Expr}
 * stops compiling when a node kind is added.
 *
 * <p>The tree is what the script says after preprocessing: {@code %( %)} conditionals are
 * resolved, {@code @define} macros expanded, {@code $1}/{@code @1} arguments pasted in, and
 * adjacent string literals joined. It is not resolved: names are names, probe points are not
 * matched, aliases are not expanded. Every node has a {@link io.jstap.lang.Span} in the parsed
 * file (for text that came from a macro, the span of the macro's use).
 *
 * <p>Fields documented as "or null" are the only nullable ones; lists are never null and are
 * unmodifiable. Records compare by value (spans included): key side tables by node identity
 * ({@link java.util.IdentityHashMap}).
 */
package io.jstap.lang.ast;
