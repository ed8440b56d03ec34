package io.jstap.lang;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where SystemTap looks for tapset ({@code .stp}) and macro ({@code .stpm}) files under each
 * include directory (main.cxx, passes_0_4): the runtime's subdirectory ({@code bpf}, {@code
 * linux}, {@code dyninst}) first, then the directory itself; within each, the most specific
 * kernel version first ({@code 6.18.44-foo}, {@code 6.18.44}, {@code 6.18}), then none; and each
 * of those with the architecture's subdirectory just before it. Only files directly in a
 * directory count.
 */
public final class TapsetPath {
  private TapsetPath() {}

  /** The subdirectories to search, in order, relative to an include directory ("" is itself). */
  public static List<String> suffixes(PreprocessorContext context) {
    var versions = new ArrayList<String>();
    if (!context.runtime().equals("dyninst")) {
      String release = context.kernelRelease();
      versions.add("/" + release);
      String base = context.kernelVersion();
      if (!base.equals(release)) versions.add("/" + base);
      String family = base;
      int first = family.indexOf('.');
      int lastDot = family.lastIndexOf('.');
      while (lastDot > first && first >= 0) {
        family = family.substring(0, lastDot);
        versions.add("/" + family);
        lastDot = family.lastIndexOf('.');
      }
    }
    versions.add("");
    var withArch = new ArrayList<String>();
    for (String v : versions) {
      withArch.add(v + "/" + context.arch());
      withArch.add(v);
    }
    String runtimeDir =
        switch (context.runtime()) {
          case "kernel" -> "/linux";
          case "dyninst" -> "/dyninst";
          case "bpf" -> "/bpf";
          default -> "";
        };
    var all = new ArrayList<String>();
    if (!runtimeDir.isEmpty()) {
      for (String s : withArch) all.add(runtimeDir + s);
    }
    all.addAll(withArch);
    var relative = new ArrayList<String>();
    for (String s : all) relative.add(s.isEmpty() ? "" : s.substring(1));
    return relative;
  }

  /** The directories to search under each include directory, in order. */
  public static List<Path> directories(List<Path> includeDirs, PreprocessorContext context) {
    List<String> suffixes = suffixes(context);
    var dirs = new ArrayList<Path>();
    for (Path root : includeDirs) {
      for (String s : suffixes) dirs.add(s.isEmpty() ? root : root.resolve(s));
    }
    return dirs;
  }
}
