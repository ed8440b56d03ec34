package io.jstap.runtime;

import io.jstap.bpf.Attachment;
import io.jstap.bpf.BpfException;
import io.jstap.bpf.BpfMap;
import io.jstap.bpf.BpfObjects;
import io.jstap.bpf.BpfProgram;
import io.jstap.bpf.Feature;
import io.jstap.bpf.Features;
import io.jstap.bpf.Link;
import io.jstap.bpf.MapSpec;
import io.jstap.bpf.PerfEvent;
import io.jstap.bpf.RingBufferReader;
import io.jstap.bpf.VerifierException;
import io.jstap.codegen.AttachPoint;
import io.jstap.codegen.CompiledScript;
import io.jstap.codegen.KernelProgram;
import io.jstap.kernel.Tracefs;
import io.jstap.lang.Diagnostic;
import io.jstap.lang.Diagnostics;
import io.jstap.lang.Span;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The kernel half of a running script: its maps, loaded programs and attachments, all owned
 * by one {@link BpfObjects} that {@link #close} detaches and frees.
 */
public final class KernelSide implements AutoCloseable {
  private static final String RING = "events";
  private static final String LOST = "lost";
  private static final String RUNTIME = "runtime";

  private final CompiledScript script;
  private final BpfObjects objects = new BpfObjects();
  private final List<BpfProgram> programs = new ArrayList<>();
  private Tracefs tracefs;

  private KernelSide(CompiledScript script) {
    this.script = script;
  }

  /** Creates the maps and fills the read-only ones. */
  public static KernelSide create(CompiledScript script) {
    var side = new KernelSide(script);
    try {
      for (MapSpec spec : script.maps()) side.objects.createMap(spec);
      for (var e : script.mapContents().entrySet()) {
        BpfMap map = side.objects.map(e.getKey());
        try (Arena arena = Arena.ofConfined()) {
          MemorySegment key = arena.allocate(4);
          var values = e.getValue();
          for (int i = 0; i < values.size(); i++) {
            key.set(ValueLayout.JAVA_INT, 0, i);
            MemorySegment value = arena.allocate(Math.max(8, values.get(i).length), 8);
            MemorySegment.copy(MemorySegment.ofArray(values.get(i)), 0, value, 0, values.get(i).length);
            map.update(key, value);
          }
        }
        if (script.frozenMaps().contains(e.getKey())) map.freeze();
      }
      return side;
    } catch (RuntimeException e) {
      side.close();
      throw e;
    }
  }

  public BpfObjects objects() {
    return objects;
  }

  private long wallClockOffset;
  private long targetPid;

  /** Sets what programs read of the session: the wall-clock offset and the target pid. */
  public void setRuntimeValues(long wallClockOffsetNanos, long targetPid) {
    this.wallClockOffset = wallClockOffsetNanos;
    this.targetPid = targetPid;
    writeRuntime(0);
  }

  /**
   * The session is ending: from now on the programs return at once, so the end probes read
   * globals that no longer change (SystemTap's STOPPING state).
   */
  public void stopProbes() {
    writeRuntime(1);
  }

  private void writeRuntime(long exiting) {
    if (!objects.maps().containsKey(RUNTIME)) return;
    BpfMap map = objects.map(RUNTIME);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment key = arena.allocate(4);
      MemorySegment value = arena.allocate(24, 8);
      value.set(ValueLayout.JAVA_LONG, 0, wallClockOffset);
      value.set(ValueLayout.JAVA_LONG, 8, targetPid);
      value.set(ValueLayout.JAVA_LONG, 16, exiting);
      map.update(key, value);
    }
  }

  /**
   * Loads every program; a verifier rejection is reported at the script line it came from
   * (each instruction carries its statement's source span).
   *
   * @return false when some program was refused (reported to {@code diagnostics})
   */
  public boolean load(Diagnostics diagnostics) {
    boolean ok = true;
    for (KernelProgram p : script.programs()) {
      try {
        programs.add(objects.load(p.spec()));
      } catch (VerifierException e) {
        Span where = e.position() instanceof Span s ? s : p.probe().declaration().span();
        diagnostics.report(Diagnostic.error(where, "the kernel refused the BPF program for "
            + p.probe().point() + ": " + VerifierMessages.explain(e.reason()))
            .withHint(VerifierMessages.isComplexity(e.reason())
                ? "run with -v to see the verifier's log"
                : "run with -v to see the verifier's log; if the script is valid, this is a"
                    + " jstap bug: please report it with the log"));
        verifierLogs.add(e.log());
        programs.add(null);
        ok = false;
      }
    }
    return ok;
  }

  private final List<String> verifierLogs = new ArrayList<>();

  /** The verifier's logs of refused programs (for -vv). */
  public List<String> verifierLogs() {
    return verifierLogs;
  }

  /**
   * Attaches every loaded program. Optional probes that cannot attach are skipped (each
   * reported to {@code skipped}); others fail the whole session with the reason.
   */
  public void attach(Consumer<String> skipped) {
    for (int i = 0; i < script.programs().size(); i++) {
      KernelProgram p = script.programs().get(i);
      BpfProgram prog = programs.get(i);
      try {
        attach(p, prog);
      } catch (BpfException | IllegalStateException e) {
        if (p.optional()) {
          skipped.accept(p.probe().point() + ": " + e.getMessage());
        } else {
          throw new AttachException(p.probe().point(), e.getMessage(), e);
        }
      }
    }
  }

  private void attach(KernelProgram p, BpfProgram prog) {
    switch (p.attach()) {
      case AttachPoint.RawTracepoint r -> objects.own(Link.rawTracepoint(prog, r.event()));
      case AttachPoint.Tracepoint t -> objects.own(PerfEvent.tracepoint(prog, tracefs(),
          t.subsystem(), t.event()));
      case AttachPoint.Uprobe u -> objects.own(PerfEvent.uprobe(prog, Path.of(u.binary()),
          u.fileOffset(), u.isReturn(), u.refCtrOffset(), u.pid() == 0 ? -1 : (int) u.pid()));
      case AttachPoint.PerfEvent e -> objects.ownAll(PerfEvent.perCpu(prog, e.type(), e.config(),
          e.period(), e.frequency()));
      case AttachPoint.Kprobe k -> {
        Features.require(Feature.KPROBES);
        objects.own(PerfEvent.kprobe(prog, k.function(), 0, k.isReturn()));
      }
    }
  }

  private Tracefs tracefs() {
    if (tracefs == null) tracefs = Tracefs.open();
    return tracefs;
  }

  /** "mounted tracefs at ..." when jstap had to mount it, for -v; else null. */
  public String tracefsNote() {
    return tracefs == null ? null : tracefs.mountNote();
  }

  /** A reader of the programs' records (null when there are no programs). */
  public RingBufferReader openRing() {
    if (!objects.maps().containsKey(RING)) return null;
    return objects.own(RingBufferReader.open(objects.map(RING), objects.map(LOST)));
  }

  /** Attachments made, for -v. */
  public List<Attachment> attachments() {
    return objects.attachments();
  }

  /** Detaches everything first (the probes stop), then frees programs and maps. */
  @Override
  public void close() {
    objects.close();
  }

  /** A probe that could not be attached. */
  public static final class AttachException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AttachException(String probe, String reason, Throwable cause) {
      super("cannot attach " + probe + ": " + reason, cause);
    }
  }
}
