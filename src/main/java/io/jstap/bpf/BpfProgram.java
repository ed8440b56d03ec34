package io.jstap.bpf;

import io.jstap.bpf.sys.Bpf;
import io.jstap.bpf.sys.Syscall;
import io.jstap.bpf.sys.SyscallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A loaded (verified) program. Closing releases the descriptor; attachments keep their own reference. */
public final class BpfProgram implements AutoCloseable {
  /** Verifier log buffer for a rejected program; since Linux 6.4 a full buffer keeps the log's tail. */
  static final int LOG_SIZE = 16 << 20;

  private final ProgramSpec spec;
  private final int fd;
  private volatile boolean closed;

  private BpfProgram(ProgramSpec spec, int fd) {
    this.spec = spec;
    this.fd = fd;
  }

  /**
   * Loads {@code spec}, resolving its map references by name in {@code maps}. Loads without a
   * log first (cheap); when the kernel refuses, loads again with log_level 1 to explain why.
   *
   * @throws VerifierException when the kernel refuses the program
   * @throws BpfException when a referenced map is missing or the system call fails otherwise
   */
  public static BpfProgram load(ProgramSpec spec, Map<String, BpfMap> maps) {
    AssembledProgram code =
        spec.code()
            .withMapFds(
                name -> {
                  BpfMap m = maps.get(name);
                  if (m == null) {
                    throw new BpfException("program '" + spec.name() + "' uses map '" + name + "', which does not exist");
                  }
                  return m.fd();
                });
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment insns = InstructionEncoding.encode(code.instructions(), arena);
      int slots = (int) (insns.byteSize() / 8);
      int attach = spec.expectedAttachType() == null ? 0 : spec.expectedAttachType().id();
      long r = Bpf.progLoad(spec.type().id(), insns, slots, spec.license(), spec.name(), attach, spec.attachBtfId(), spec.flags(), 0, null);
      if (r >= 0) return new BpfProgram(spec, (int) r);
      MemorySegment log = arena.allocate(LOG_SIZE);
      long again =
          Bpf.progLoad(spec.type().id(), insns, slots, spec.license(), spec.name(), attach, spec.attachBtfId(), spec.flags(), 1, log);
      if (again >= 0) return new BpfProgram(spec, (int) again); // refused once, accepted with a log: keep it
      throw rejection(spec, (int) -r, log.getString(0, StandardCharsets.UTF_8));
    }
  }

  private static final Pattern INSN_LINE = Pattern.compile("(?m)^(\\d+): \\(");

  /** Builds the exception for a refused program from the verifier's log. */
  static VerifierException rejection(ProgramSpec spec, int errno, String log) {
    int index = -1;
    Matcher m = INSN_LINE.matcher(log);
    while (m.find()) index = Integer.parseInt(m.group(1));
    String reason = reason(log);
    Object position = index >= 0 ? spec.code().positionAtSlot(index) : null;
    var se = new SyscallException("bpf(BPF_PROG_LOAD)", errno);
    var msg = new StringBuilder(se.getMessage()).append(": the kernel refused program '").append(spec.name()).append('\'');
    if (index >= 0) msg.append(" at instruction ").append(index);
    if (position != null) msg.append(" (").append(position).append(')');
    if (!reason.isEmpty()) msg.append(": ").append(reason);
    else if (errno == 22) msg.append(": invalid attributes (program type, attach type or name) and no verifier log");
    return new VerifierException(msg.toString(), errno, se.errnoName(), spec.name(), log, reason, index, position);
  }

  /** The last line of the log that is neither an instruction nor one of the closing statistics. */
  static String reason(String log) {
    String[] lines = log.split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      String l = lines[i].strip();
      if (l.isEmpty() || l.startsWith("processed ") || l.startsWith("verification time") || l.startsWith("stack depth")) continue;
      return l;
    }
    return "";
  }

  public ProgramSpec spec() {
    return spec;
  }

  public String name() {
    return spec.name();
  }

  public ProgramType type() {
    return spec.type();
  }

  /**
   * The kernel's id for the program (struct bpf_prog_info's id, as bpftool and the verifier's
   * {@code map[id:N]} use), read with BPF_OBJ_GET_INFO_BY_FD.
   */
  public int kernelId() {
    return ObjectInfo.id(fd(), "program '" + spec.name() + "'");
  }

  /**
   * Runs the kernel skipped because the program was already running on the same CPU (e.g. a
   * tracepoint hit again from an interrupt while the program ran): events it never saw.
   */
  public long recursionMisses() {
    return ObjectInfo.recursionMisses(fd(), "program '" + spec.name() + "'");
  }

  public int fd() {
    if (closed) throw new IllegalStateException("program '" + spec.name() + "' is closed");
    return fd;
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    Syscall.close(fd);
  }

  @Override
  public String toString() {
    return "program '" + spec.name() + "' (" + spec.type() + ", fd " + fd + ")";
  }
}
