package io.jstap.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.testing.CProgram;
import io.jstap.testing.KernelTest;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** uprobes, uretprobes and USDT marks on a program the test compiles. */
@KernelTest
class UserProbeCodegenTest {
  private static final String SOURCE = """
      #include <sys/sdt.h>
      #include <stdio.h>
      __attribute__((noinline)) int add(int a, int b) { return a + b; }
      __attribute__((noinline)) long scale(long x, int factor) { return x * factor; }
      int main(int argc, char **argv) {
        long sum = 0;
        for (int i = 1; i <= 4; i++) {
          sum += add(i, -i * 10);
          DTRACE_PROBE2(demo, tick, i, sum);
        }
        sum += scale(-3, 7);
        printf("%ld\\n", sum);
        return 0;
      }
      """;

  @TempDir static Path dir;
  static Path program;

  @BeforeAll
  static void build() throws Exception {
    program = CProgram.compile(dir, "demo", SOURCE, "-O1");
  }

  private static String traced(String script) throws Exception {
    var c = KernelScripts.compile(script.replace("PROGRAM", program.toString()));
    assertThat(c.diagnostics().render()).isEmpty();
    try (var r = new KernelScripts.Running(c.script())) {
      CProgram.run(program.toString());
      return r.output();
    }
  }

  @Test
  void functionArgumentsAndReturnValues() throws Exception {
    String out = traced("""
        probe process("PROGRAM").function("add") { printf("add(%d, %d)\\n", int_arg(1), int_arg(2)) }
        probe process("PROGRAM").function("add").return {
          # returnval() is the whole of rax, as in SystemTap; an int result is its low half
          printf("= %d %d\\n", returnval() & 0xffffffff, (returnval() << 32) >> 32)
        }
        probe process("PROGRAM").function("scale") { printf("scale(%d, %d)\\n", long_arg(1), int_arg(2)) }
        """);
    assertThat(out).isEqualTo("""
        add(1, -10)
        = 4294967287 -9
        add(2, -20)
        = 4294967278 -18
        add(3, -30)
        = 4294967269 -27
        add(4, -40)
        = 4294967260 -36
        scale(-3, 7)
        """);
  }

  @Test
  void usdtMarkArguments() throws Exception {
    String out = traced("""
        global n
        probe process("PROGRAM").mark("tick") { n++; printf("%d %d %s\\n", $arg1, $arg2, pp()) }
        """);
    assertThat(out.lines().toList()).hasSize(4);
    assertThat(out.lines().toList().getFirst()).startsWith("1 -9 process(\"" + program + "\")");
    assertThat(out.lines().toList().get(3)).startsWith("4 -90 ");
  }
}
