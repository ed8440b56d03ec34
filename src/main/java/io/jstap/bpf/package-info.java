/**
 * eBPF programs and kernel objects.
 *
 * <p>Instructions are a sealed family of records ({@link io.jstap.bpf.Instruction}) built with
 * validating factories; an {@link io.jstap.bpf.Assembler} binds labels, tags each instruction
 * with a caller-supplied source position and resolves jumps; {@link
 * io.jstap.bpf.InstructionEncoding} converts to and from the kernel's 8-byte format and {@link
 * io.jstap.bpf.Disassembler} prints the verifier's syntax.
 *
 * <p>Specs ({@link io.jstap.bpf.MapSpec}, {@link io.jstap.bpf.ProgramSpec}) are plain data; live
 * objects ({@link io.jstap.bpf.BpfMap}, {@link io.jstap.bpf.BpfProgram}, {@link
 * io.jstap.bpf.Attachment}s, {@link io.jstap.bpf.RingBufferReader}) own descriptors and are
 * closed by one owner, {@link io.jstap.bpf.BpfObjects}:
 *
 * <pre>{@code
 * try (var objects = new BpfObjects()) {
 *   BpfMap counts = objects.createMap(MapSpec.array("counts", 8, 1));
 *   BpfProgram p = objects.load(ProgramSpec.of("count", ProgramType.TRACEPOINT, asm.assemble()));
 *   objects.own(PerfEvent.tracepoint(p, Tracefs.open(), "syscalls", "sys_enter_openat"));
 *   ...
 * } // detaches in parallel, then closes programs and maps
 * }</pre>
 *
 * <p>System calls go through {@code io.jstap.bpf.sys}, which nothing outside this package and
 * {@code io.jstap.kernel} uses; its failures surface here as {@link io.jstap.bpf.BpfException}.
 */
package io.jstap.bpf;
