package io.jstap.kernel;

import io.jstap.kernel.btf.Btf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * What the compiler needs to know about the kernel it compiles for: release, architecture,
 * possible CPUs, BTF types, tracepoints with their arguments, available features and kernel
 * symbols. Built from the running kernel ({@link #live}) or from committed files
 * ({@link #fixture}), so that compiling is a pure function of the script and these facts.
 *
 * <p>The costly parts (BTF ~5 MB, kallsyms ~120,000 lines) are read on first use, once; a fact
 * that cannot be found out throws {@link KernelFactsException} with a message for the user.
 */
public final class KernelFacts {
  private static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");
  private static final Path ARCH = Path.of("/proc/sys/kernel/arch");
  private static final Path POSSIBLE_CPUS = Path.of("/sys/devices/system/cpu/possible");

  private final String release;
  private final String machine;
  private final int possibleCpus;
  private final Once<Btf> btf;
  private final Once<TracepointCatalogue> tracepoints;
  private final Once<KernelFeatures> features;
  private final Once<Kallsyms> kallsyms;

  /**
   * Facts from values and suppliers; each supplier is called at most once, when its fact is
   * first asked for.
   */
  public KernelFacts(String release, String machine, int possibleCpus, Supplier<Btf> btf,
      Supplier<TracepointCatalogue> tracepoints, Supplier<KernelFeatures> features,
      Supplier<Kallsyms> kallsyms) {
    this.release = Objects.requireNonNull(release);
    this.machine = Objects.requireNonNull(machine);
    this.possibleCpus = possibleCpus;
    this.btf = new Once<>(btf);
    this.tracepoints = new Once<>(tracepoints);
    this.features = new Once<>(features);
    this.kallsyms = new Once<>(kallsyms);
  }

  /**
   * The running kernel's facts. Release, machine and CPUs are read now (three small files);
   * BTF, tracepoints and kallsyms when first used.
   *
   * @param features the feature probes
   * @param tracefs the tracefs catalogue (names with subsystems, format files), merged with the
   *     BTF one; null to use BTF alone
   */
  public static KernelFacts live(Supplier<KernelFeatures> features,
      Supplier<TracepointCatalogue> tracefs) throws IOException {
    String release = Files.readString(OSRELEASE).strip();
    String machine = Files.exists(ARCH) ? Files.readString(ARCH).strip() : javaArch();
    int cpus = countCpus(Files.readString(POSSIBLE_CPUS).strip(), POSSIBLE_CPUS.toString());
    var facts = new KernelFacts[1];
    Supplier<Btf> btf = () -> {
      try {
        return Btf.vmlinux();
      } catch (IOException e) {
        throw new KernelFactsException(e.getMessage(), e);
      }
    };
    Supplier<TracepointCatalogue> tracepoints = () -> {
      TracepointCatalogue fromBtf = new BtfTracepoints(facts[0]::btf);
      return tracefs == null ? fromBtf : TracepointCatalogue.merged(fromBtf, tracefs.get());
    };
    Supplier<Kallsyms> kallsyms = () -> {
      try {
        return Kallsyms.load();
      } catch (IOException e) {
        throw new KernelFactsException(e.getMessage(), e);
      }
    };
    facts[0] = new KernelFacts(release, machine, cpus, btf, tracepoints,
        Objects.requireNonNull(features), kallsyms);
    return facts[0];
  }

  /**
   * Facts from a folder: {@code kernel.properties} (release, machine, possible_cpus in the
   * /sys/devices/system/cpu/possible syntax, and {@code feature.NAME=yes} or
   * {@code feature.NAME=no REASON} lines), {@code vmlinux.btf} (raw BTF), and optionally
   * {@code tracepoints} (available_events lines) and {@code kallsyms} (/proc/kallsyms lines).
   */
  public static KernelFacts fixture(Path dir) throws IOException {
    var props = new Properties();
    try (InputStream in = Files.newInputStream(dir.resolve("kernel.properties"))) {
      props.load(in);
    }
    String where = dir.resolve("kernel.properties").toString();
    var answers = new HashMap<String, KernelFeatures.FeatureStatus>();
    for (String key : props.stringPropertyNames()) {
      if (key.startsWith("feature.")) {
        String name = key.substring(8);
        String value = props.getProperty(key).strip();
        boolean yes = value.equals("yes");
        if (!yes && !value.startsWith("no")) {
          throw new IOException(where + ": " + key + " must be 'yes' or 'no REASON'");
        }
        answers.put(name, new KernelFeatures.FeatureStatus(name, yes,
            yes ? "" : value.substring(2).strip()));
      }
    }
    Btf btf = Btf.read(dir.resolve("vmlinux.btf"));
    Path tracepointFile = dir.resolve("tracepoints");
    TracepointCatalogue fromBtf = new BtfTracepoints(btf);
    TracepointCatalogue tracepoints = Files.exists(tracepointFile)
        ? TracepointCatalogue.merged(fromBtf, new TracepointList(Files.readAllLines(
            tracepointFile)))
        : fromBtf;
    Path kallsymsFile = dir.resolve("kallsyms");
    Kallsyms kallsyms = Files.exists(kallsymsFile) ? Kallsyms.read(kallsymsFile) : null;
    return new KernelFacts(required(props, "release", where), required(props, "machine", where),
        countCpus(required(props, "possible_cpus", where), where), () -> btf, () -> tracepoints,
        () -> KernelFeatures.of(answers), () -> {
          if (kallsyms == null) {
            throw new KernelFactsException(dir + " has no kallsyms file", null);
          }
          return kallsyms;
        });
  }

  private static String required(Properties p, String key, String where) throws IOException {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IOException(where + ": " + key + " is missing");
    }
    return v.strip();
  }

  private static String javaArch() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> arch;
    };
  }

  /** The number of CPUs in a list like {@code 0-3,8,10-11} (Documentation/admin-guide/cputopology.rst). */
  static int countCpus(String list, String where) throws IOException {
    int count = 0;
    try {
      for (String part : list.split(",")) {
        String p = part.strip();
        int dash = p.indexOf('-');
        if (dash < 0) {
          Integer.parseInt(p);
          count++;
        } else {
          int from = Integer.parseInt(p.substring(0, dash));
          int to = Integer.parseInt(p.substring(dash + 1));
          if (to < from) {
            throw new NumberFormatException(p);
          }
          count += to - from + 1;
        }
      }
    } catch (NumberFormatException e) {
      throw new IOException(where + ": '" + list + "' is not a CPU list");
    }
    return count;
  }

  /** The kernel release, as uname -r prints it. */
  public String release() {
    return release;
  }

  /** The machine, as uname -m prints it: x86_64, aarch64. */
  public String machine() {
    return machine;
  }

  /** How many CPUs are possible: per-CPU map values have one slot for each. */
  public int possibleCpus() {
    return possibleCpus;
  }

  /** The kernel's BTF. */
  public Btf btf() {
    return btf.get();
  }

  /** Tracepoints with their arguments. */
  public TracepointCatalogue tracepoints() {
    return tracepoints.get();
  }

  public KernelFeatures features() {
    return features.get();
  }

  /** The kernel's symbols. */
  public Kallsyms kallsyms() {
    return kallsyms.get();
  }

  @Override
  public String toString() {
    return "kernel " + release + " " + machine + ", " + possibleCpus + " possible CPUs";
  }

  /** A supplier called once; a failure is remembered and thrown again. */
  private static final class Once<T> {
    private Supplier<T> supplier;
    private T value;
    private RuntimeException failure;

    Once(Supplier<T> supplier) {
      this.supplier = Objects.requireNonNull(supplier);
    }

    synchronized T get() {
      if (value == null && failure == null) {
        try {
          value = Objects.requireNonNull(supplier.get());
        } catch (RuntimeException e) {
          failure = e;
        }
        supplier = null;
      }
      if (failure != null) {
        throw failure;
      }
      return value;
    }
  }
}
