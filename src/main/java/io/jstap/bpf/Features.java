package io.jstap.bpf;

import io.jstap.bpf.sys.Bpf;
import io.jstap.bpf.sys.PerfEventOpen;
import io.jstap.bpf.sys.Syscall;
import io.jstap.bpf.sys.SyscallException;
import io.jstap.kernel.KernelConfig;
import io.jstap.kernel.KernelVersion;
import io.jstap.kernel.PerfEventSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Detects features by trying them (creating a tiny map, loading a tiny program) or by sysfs,
 * once per feature per process.
 */
public final class Features {
  private Features() {}

  private static final Map<Feature, Optional<String>> CACHE = new EnumMap<>(Feature.class);

  /** Why the running kernel lacks {@code f}, or empty when it has it. */
  public static synchronized Optional<String> missing(Feature f) {
    return CACHE.computeIfAbsent(f, Features::probe);
  }

  public static boolean supported(Feature f) {
    return missing(f).isEmpty();
  }

  /** Throws {@link UnsupportedFeatureException} with the reason when the kernel lacks {@code f}. */
  public static void require(Feature f) {
    missing(f).ifPresent(reason -> { throw new UnsupportedFeatureException(f, reason); });
  }

  private static Optional<String> probe(Feature f) {
    String detail = detect(f);
    return detail == null
        ? Optional.empty()
        : Optional.of(explain(f, KernelVersion.running(), KernelConfig.running(), detail));
  }

  /**
   * The message for a missing feature: too old a kernel names the release needed; otherwise the
   * build option when the kernel config shows it off, or what the probe saw; then an alternative.
   */
  static String explain(Feature f, KernelVersion running, KernelConfig config, String detail) {
    String msg;
    if (!running.atLeast(f.since())) {
      msg = f.description() + " not supported (requires Linux >= " + f.since() + ")";
    } else if (f.configOption() != null && config.option(f.configOption()).filter("n"::equals).isPresent()) {
      msg = f.description() + " not supported by this kernel (" + f.configOption() + " is off)";
    } else {
      msg = f.description() + " not supported by this kernel (" + detail + ")";
    }
    return f.alternative() == null ? msg : msg + "; " + f.alternative();
  }

  /** Null when present, else what the attempt showed. */
  private static String detect(Feature f) {
    return switch (f) {
      case RING_BUFFER -> tryMap(MapType.RINGBUF, MapSpec.PAGE_SIZE);
      case RAW_TRACEPOINTS -> tryProgram(ProgramType.RAW_TRACEPOINT, List.of(Alu.mov(Reg.R0, 0), Exit.exit()));
      case PROBE_READ_KERNEL ->
          tryProgram(
              ProgramType.KPROBE,
              List.of(
                  Alu.mov(Reg.R1, Reg.R10),
                  Alu.add(Reg.R1, -8),
                  Alu.mov(Reg.R2, 8),
                  Alu.mov(Reg.R3, 0),
                  Call.helper(Helpers.PROBE_READ_KERNEL),
                  Alu.mov(Reg.R0, 0),
                  Exit.exit()));
      case UPROBES -> PerfEventSource.find("uprobe").isPresent() ? null : "no uprobe PMU in /sys/bus/event_source/devices";
      case KPROBES -> PerfEventSource.find("kprobe").isPresent() ? null : "no kprobe PMU in /sys/bus/event_source/devices";
      case BTF -> Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")) ? null : "no /sys/kernel/btf/vmlinux";
      case PERF_EVENTS -> tryPerfEvent();
      case PERF_EVENT_LINKS -> tryPerfEventLink();
      case FENTRY -> tryFentry();
      case SLEEPABLE_UPROBES -> trySleepableUprobe();
    };
  }

  private static String tryMap(MapType type, int entries) {
    try {
      Syscall.close(Bpf.mapCreate(type.id(), 0, 0, entries, 0, "probe"));
      return null;
    } catch (SyscallException e) {
      return e.getMessage();
    }
  }

  private static String tryProgram(ProgramType type, List<Instruction> code) {
    try {
      BpfProgram.load(ProgramSpec.of("probe", type, AssembledProgram.of(code)), Map.of()).close();
      return null;
    } catch (VerifierException e) {
      return e.reason().isEmpty() ? e.getMessage() : e.reason();
    } catch (BpfException e) {
      return e.getMessage();
    }
  }

  /**
   * A sleepable kprobe-type program that calls bpf_copy_from_user: kernels before sleepable
   * uprobes refuse the flag for this program type at load time.
   */
  private static String trySleepableUprobe() {
    var code = AssembledProgram.of(List.of(
        Alu.mov(Reg.R1, Reg.R10), Alu.add(Reg.R1, -8), Alu.mov(Reg.R2, 8), Alu.mov(Reg.R3, 0),
        Call.helper(Helpers.COPY_FROM_USER), Alu.mov(Reg.R0, 0), Exit.exit()));
    try {
      BpfProgram.load(ProgramSpec.of("probe", ProgramType.KPROBE, code).sleepable(), Map.of())
          .close();
      return null;
    } catch (VerifierException e) {
      return e.reason().isEmpty() ? e.getMessage() : e.reason();
    } catch (BpfException e) {
      return e.getMessage();
    }
  }

  private static String tryPerfEvent() {
    try {
      // a counting cpu-clock event on this thread: no sampling, no special privilege
      Syscall.close(PerfEventOpen.open("cpu-clock", PerfEventOpen.TYPE_SOFTWARE, PerfEventOpen.SW_CPU_CLOCK, 0, 0, 0, false, 0, -1));
      return null;
    } catch (SyscallException e) {
      return e.getMessage();
    }
  }

  private static String tryPerfEventLink() {
    var spec = ProgramSpec.of("probe", ProgramType.TRACEPOINT, AssembledProgram.of(List.of(Alu.mov(Reg.R0, 0), Exit.exit())));
    try (BpfProgram p = BpfProgram.load(spec, Map.of())) {
      // a kernel that knows BPF_PERF_EVENT looks the target up and finds no perf event (EBADF);
      // one that does not refuses the attach type (EINVAL)
      long r = Bpf.linkCreate(p.fd(), -1, AttachType.PERF_EVENT.id(), 0);
      if (r >= 0) {
        Syscall.close((int) r);
        return null;
      }
      return r == -9 ? null : new SyscallException("bpf(BPF_LINK_CREATE)", (int) -r).getMessage();
    } catch (BpfException e) {
      return e.getMessage();
    }
  }

  private static String tryFentry() {
    int target = btfFunctionId("bpf_fentry_test1");
    if (target <= 0) return "no function in the kernel's BTF to attach to";
    var spec =
        new ProgramSpec(
            "probe", ProgramType.TRACING, AssembledProgram.of(List.of(Alu.mov(Reg.R0, 0), Exit.exit())), "GPL",
            AttachType.TRACE_FENTRY, target);
    try (BpfProgram p = BpfProgram.load(spec, Map.of())) {
      Syscall.close(Bpf.rawTracepointOpen(null, p.fd()));
      return null;
    } catch (VerifierException e) {
      return "loading an fentry program: "
          + new SyscallException("bpf(BPF_PROG_LOAD)", e.errno()).getMessage()
          + (e.reason().isEmpty() ? "" : ": " + e.reason());
    } catch (SyscallException e) {
      return "attaching an fentry program: " + e.getMessage();
    } catch (BpfException e) {
      return e.getMessage();
    }
  }

  /**
   * The BTF type id of the function {@code preferred} in /sys/kernel/btf/vmlinux, or of the first
   * function when it is absent; 0 without BTF. A minimal walk of the type section
   * (Documentation/bpf/btf.rst): only enough to find one BTF_KIND_FUNC.
   */
  static int btfFunctionId(String preferred) {
    byte[] btf;
    try {
      btf = Files.readAllBytes(Path.of("/sys/kernel/btf/vmlinux"));
    } catch (IOException e) {
      return 0;
    }
    ByteBuffer b = ByteBuffer.wrap(btf).order(ByteOrder.nativeOrder());
    if ((b.getShort(0) & 0xffff) != 0xeb9f) return 0;
    int hdrLen = b.getInt(4), typeOff = b.getInt(8), typeLen = b.getInt(12), strOff = b.getInt(16);
    int pos = hdrLen + typeOff, end = pos + typeLen, strings = hdrLen + strOff;
    byte[] want = preferred.getBytes(StandardCharsets.US_ASCII);
    int first = 0;
    for (int id = 1; pos < end; id++) {
      int nameOff = b.getInt(pos), info = b.getInt(pos + 4);
      int kind = (info >>> 24) & 0x1f, vlen = info & 0xffff;
      if (kind == 12) {
        if (first == 0) first = id;
        if (nameEquals(btf, strings + nameOff, want)) return id;
      }
      pos += 12 + switch (kind) {
        case 1, 14, 17 -> 4; // INT, VAR, DECL_TAG
        case 3 -> 12; // ARRAY
        case 4, 5, 15, 19 -> 12 * vlen; // STRUCT, UNION, DATASEC, ENUM64
        case 6, 13 -> 8 * vlen; // ENUM, FUNC_PROTO
        default -> 0;
      };
    }
    return first;
  }

  private static boolean nameEquals(byte[] btf, int at, byte[] want) {
    if (at + want.length >= btf.length) return false;
    for (int i = 0; i < want.length; i++) if (btf[at + i] != want[i]) return false;
    return btf[at + want.length] == 0;
  }


  /**
   * The feature probes as {@link io.jstap.kernel.KernelFeatures}, a feature named by its enum
   * constant in lower case ({@code ring_buffer}, {@code kprobes}, {@code fentry}...).
   */
  public static io.jstap.kernel.KernelFeatures asKernelFeatures() {
    return name -> {
      Feature f;
      try {
        f = Feature.valueOf(name.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return new io.jstap.kernel.KernelFeatures.FeatureStatus(name, false,
            name + ": jstap has no probe for this feature");
      }
      var missing = missing(f);
      return new io.jstap.kernel.KernelFeatures.FeatureStatus(name, missing.isEmpty(),
          missing.orElse(""));
    };
  }
}
