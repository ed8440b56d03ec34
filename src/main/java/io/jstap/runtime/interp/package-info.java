/**
 * The interpreter of user-space handlers: {@code begin}, {@code end}, {@code error} and {@code
 * timer.*} probes, and the functions they call, run in the JVM over the script's globals (a
 * {@link io.jstap.runtime.GlobalStore}: Java maps without kernel probes, the BPF maps of
 * {@link io.jstap.codegen.StorageLayout} with them).
 *
 * <pre>
 * var store = new MemoryStore(StorageLayout.of(checked, limits));   // or new MapStore(...)
 * var interpreter = new Interpreter(checked, store, context);       // context: the session
 * interpreter.initializeGlobals();
 * var probes = UserSpaceProbes.of(checked);
 * for (ResolvedProbe p : probes.begin()) {
 *   try { interpreter.run(p); } catch (ScriptError e) { print e.render(), count the error }
 * }
 * </pre>
 *
 * <p>Semantics follow SystemTap's translator (translate.cxx) and runtime: see {@link
 * io.jstap.runtime.interp.Interpreter} for the language, {@link
 * io.jstap.runtime.interp.ScriptError} for run-time errors and what they print.
 */
package io.jstap.runtime.interp;
