package io.jstap.dropwatch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs jstap in a new JVM, with this test run's classes. */
public final class ChildJvm {
  private ChildJvm() {}

  /** {@code java ... io.jstap.cli.Main ARGS}; {@code home} becomes the child's user.home. */
  public static List<String> jstap(Path home, String... args) {
    var cmd = new ArrayList<String>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Duser.home=" + home);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.jstap.cli.Main");
    cmd.addAll(List.of(args));
    return cmd;
  }
}
