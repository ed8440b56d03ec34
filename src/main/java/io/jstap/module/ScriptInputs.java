package io.jstap.module;

import io.jstap.lang.Source;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything passes 1 and 2 read when a script was compiled, kept in its module so that
 * {@code jstap run} can run them again (they are pure and fast) and get the very same checked
 * script: the user-space probes' code and the globals' layout come from it.
 *
 * @param script the user's script
 * @param macroFiles the {@code .stpm} files of {@code -I} folders
 * @param tapsets jstap's own tapset files and the {@code .stp} files of {@code -I} folders
 * @param arguments {@code $1}, {@code @1}...
 * @param defines {@code -D NAME=VALUE}
 * @param guru {@code -g}
 * @param kernelRelease the release {@code %( kernel_v ... %)} compared against
 * @param arch the architecture {@code %( arch == ... %)} compared against
 * @param kernelConfig the {@code CONFIG_*} questions asked, with their answers (empty: not set)
 * @param defaultProcess the program {@code -c} named, which {@code process.function(...)} without
 *     a path probes (null: none)
 * @param environment what probe resolution learnt of the machine
 */
public record ScriptInputs(
    Source script,
    List<Source> macroFiles,
    List<Source> tapsets,
    List<String> arguments,
    Map<String, String> defines,
    boolean guru,
    String kernelRelease,
    String arch,
    Map<String, Optional<String>> kernelConfig,
    String defaultProcess,
    EnvironmentRecording environment) {

  public ScriptInputs {
    macroFiles = List.copyOf(macroFiles);
    tapsets = List.copyOf(tapsets);
    arguments = List.copyOf(arguments);
    defines = Map.copyOf(defines);
    kernelConfig = Map.copyOf(kernelConfig);
  }
}
