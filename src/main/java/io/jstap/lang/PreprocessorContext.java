package io.jstap.lang;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What {@code %( ... %? ... %: ... %)} conditions and {@code $1}/{@code @1} arguments are
 * evaluated against. The front end never looks at the machine itself: the command line builds
 * this from the running kernel (io.jstap.kernel), and tests build it by hand.
 *
 * @param kernelRelease the full release, as {@code uname -r} prints it ({@code "6.18.44-foo"});
 *     {@code kernel_vr} compares against it and {@code kernel_v} against the part before the
 *     first {@code -}
 * @param arch the kernel's name for the architecture ({@code "x86_64"}, {@code "arm64"},
 *     {@code "i386"}, {@code "powerpc"}, {@code "s390"}, ...)
 * @param kernelConfig answers {@code CONFIG_FOO} with the value in the kernel's config
 *     ({@code "y"}, {@code "m"}, {@code "64"}, ...) or null when it is not set
 * @param arguments the script arguments ({@code $1} is the first)
 * @param runtime {@code runtime == "..."} compares against it; jstap's is {@code "bpf"}
 * @param privilege {@code systemtap_privilege}: {@code "stapdev"}, {@code "stapsys"} or
 *     {@code "stapusr"}
 * @param systemtapVersion the SystemTap version scripts see as {@code systemtap_v}
 * @param guruMode {@code -g}: embedded C and guru-only operators are accepted (and {@code
 *     guru_mode == 1} holds)
 */
public record PreprocessorContext(
    String kernelRelease,
    String arch,
    Function<String, String> kernelConfig,
    List<String> arguments,
    String runtime,
    String privilege,
    String systemtapVersion,
    boolean guruMode) {

  /** The SystemTap language version jstap implements, claimed as {@code systemtap_v}. */
  public static final String SYSTEMTAP_VERSION = "5.0";

  public PreprocessorContext {
    Objects.requireNonNull(kernelRelease, "kernelRelease");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(kernelConfig, "kernelConfig");
    arguments = List.copyOf(arguments);
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(privilege, "privilege");
    Objects.requireNonNull(systemtapVersion, "systemtapVersion");
  }

  /**
   * A context for the given kernel, with jstap's defaults: the bpf runtime, stapdev
   * privilege, no arguments, no guru mode.
   */
  public static PreprocessorContext of(
      String kernelRelease, String arch, Function<String, String> kernelConfig) {
    return new PreprocessorContext(
        kernelRelease, arch, kernelConfig, List.of(), "bpf", "stapdev", SYSTEMTAP_VERSION, false);
  }

  /** A context whose kernel config is the given map (handy in tests). */
  public static PreprocessorContext of(String kernelRelease, String arch, Map<String, String> config) {
    Map<String, String> copy = Map.copyOf(config);
    return of(kernelRelease, arch, copy::get);
  }

  /** {@code kernel_v}: the release up to its first {@code -} ({@code "6.18.44"}). */
  public String kernelVersion() {
    int dash = kernelRelease.indexOf('-');
    return dash < 0 ? kernelRelease : kernelRelease.substring(0, dash);
  }

  public PreprocessorContext withArguments(List<String> args) {
    return new PreprocessorContext(
        kernelRelease, arch, kernelConfig, args, runtime, privilege, systemtapVersion, guruMode);
  }

  public PreprocessorContext withGuruMode(boolean guru) {
    return new PreprocessorContext(
        kernelRelease, arch, kernelConfig, arguments, runtime, privilege, systemtapVersion, guru);
  }

  public PreprocessorContext withArch(String newArch) {
    return new PreprocessorContext(
        kernelRelease, newArch, kernelConfig, arguments, runtime, privilege, systemtapVersion,
        guruMode);
  }

  public PreprocessorContext withRuntime(String newRuntime) {
    return new PreprocessorContext(
        kernelRelease, arch, kernelConfig, arguments, newRuntime, privilege, systemtapVersion,
        guruMode);
  }
}
