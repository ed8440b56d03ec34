package io.jstap.runtime.interp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.bpf.BpfMap;
import io.jstap.bpf.MapSpec;
import io.jstap.codegen.Limits;
import io.jstap.codegen.StorageLayout;
import io.jstap.runtime.MapStore;
import io.jstap.testing.FdLeakCheck;
import io.jstap.testing.KernelTest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The script corpus again, with the globals in real BPF maps: every script prints the same as
 * with the in-memory store.
 */
@KernelTest
@ExtendWith(FdLeakCheck.class)
class InterpreterOnMapsKernelTest {
  /**
   * Scripts whose output depends on the order of unsorted foreach (insertion order in memory,
   * hash order in a BPF map) or on which element a full wrapping array drops (the oldest in
   * memory, the least recently used in an LRU map).
   */
  private static final Set<String> ORDER_DEPENDENT = Set.of("arrays.stp", "arrayfull.stp");

  @TestFactory
  Stream<DynamicTest> corpusOnMaps() throws IOException, URISyntaxException {
    Path dir = Path.of(getClass().getResource("/interp").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".stp"))
          .filter(f -> !ORDER_DEPENDENT.contains(f.getFileName().toString())).sorted()
          .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> compare(f)))
          .toList().stream();
    }
  }

  private static void compare(Path file) throws IOException {
    String text = Files.readString(file);
    String name = file.getFileName().toString();
    var settings = new LinkedHashMap<String, String>();
    int timers = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("# define:")) {
        String[] kv = line.substring("# define:".length()).split("=", 2);
        settings.put(kv[0].strip(), kv[1].strip());
      } else if (line.startsWith("# timers:")) {
        timers = Integer.parseInt(line.substring("# timers:".length()).strip());
      }
    }
    Limits limits = ScriptRun.limits(settings);
    ScriptRun inMemory = ScriptRun.run(name, text, limits, timers);
    List<BpfMap> created = new ArrayList<>();
    try {
      ScriptRun onMaps = ScriptRun.run(name, text, limits, timers, checked -> {
        StorageLayout layout = StorageLayout.of(checked, limits);
        Map<String, BpfMap> maps = new HashMap<>();
        for (MapSpec spec : layout.mapSpecs()) {
          BpfMap m = BpfMap.create(spec);
          created.add(m);
          maps.put(spec.name(), m);
        }
        return new MapStore(layout, maps::get);
      });
      assertThat(onMaps.stdout).as("standard output of " + name).isEqualTo(inMemory.stdout);
      assertThat(onMaps.stderr).as("standard error of " + name).isEqualTo(inMemory.stderr);
    } finally {
      created.forEach(BpfMap::close);
    }
  }
}
