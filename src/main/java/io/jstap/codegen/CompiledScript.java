package io.jstap.codegen;

import io.jstap.bpf.MapSpec;
import io.jstap.sema.CheckedScript;
import io.jstap.sema.ResolvedProbe;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A script ready to run: BPF programs for its kernel-context probes, the maps they share with
 * user space (with the initial contents of the read-only ones), the records they send, and the
 * user-space probes the interpreter runs.
 *
 * @param mapContents initial values of array maps that need them, by index: string literals,
 *     errno names
 * @param frozenMaps maps made read-only for programs after they are filled
 */
public record CompiledScript(
    CheckedScript checked,
    StorageLayout storage,
    Limits limits,
    List<KernelProgram> programs,
    List<ResolvedProbe> userProbes,
    List<OutputRecord> records,
    List<MapSpec> maps,
    Map<String, List<byte[]>> mapContents,
    Set<String> frozenMaps) {

  /** The ring buffer's size in bytes ({@code -s NUM} MiB, or the default). */
  public int ringBufferBytes() {
    return ringBufferBytes(maps);
  }

  /** The size of the ring buffer among {@code maps}, as a module stores them. */
  public static int ringBufferBytes(List<MapSpec> maps) {
    return maps.stream().filter(m -> m.type() == io.jstap.bpf.MapType.RINGBUF)
        .mapToInt(MapSpec::maxEntries).max().orElse(ScriptCompiler.RING_BYTES);
  }

  /** True when no BPF is needed at all (begin, end and timer probes only). */
  public boolean userSpaceOnly() {
    return programs.isEmpty();
  }
}
