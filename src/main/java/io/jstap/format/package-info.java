/**
 * SystemTap's output, byte for byte: printf formats, the print family, statistics and their
 * histograms, and the end-of-run dump of globals.
 *
 * <ul>
 *   <li>{@link io.jstap.format.StapFormat} parses a format at compile time (errors carry
 *       offsets), lists the operands and their types, checks argument lists, and formats
 *       interpreter values ({@code printf}, {@code sprintf}).
 *   <li>{@link io.jstap.format.RecordLayout} says where each operand lies in a
 *       ring-buffer record; {@link io.jstap.format.RecordFormatter} formats such records
 *       in place into an {@link io.jstap.format.OutputBuffer}, allocating nothing.
 *   <li>{@link io.jstap.format.StatShape} fixes the per-CPU bytes of a statistic that
 *       BPF code updates ({@link io.jstap.format.StatPartial#add} is the reference);
 *       {@link io.jstap.format.StatSummary} merges the CPUs;
 *       {@link io.jstap.format.HistogramPrinter} draws {@code @hist_log} and
 *       {@code @hist_linear}.
 *   <li>{@link io.jstap.format.GlobalDump} prints globals written but never read.
 * </ul>
 *
 * <p>The C it reproduces is cited where each rule comes from: runtime/vsprintf.c,
 * runtime/stat-common.c, runtime/stat.c, translate.cxx, staptree.cxx and elaborate.cxx of
 * SystemTap.
 */
package io.jstap.format;
