package io.jstap.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.testing.KernelTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KallsymsTest {
  private static Kallsyms parse(String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return Kallsyms.parse(bytes, bytes.length, "test");
  }

  private static final String SAMPLE = """
      ffffffff81000000 T _text
      ffffffff81000000 T _stext
      ffffffff81001000 t helper
      ffffffff81001040 T udp_queue_rcv_one_skb
      ffffffff81002000 d some_data
      ffffffffc0002000 t nft_do_chain\t[nf_tables]
      ffffffffc0001000 T nft_register\t[nf_tables]
      ffffffffc0003000 t helper\t[veth]
      """;

  @Test
  void resolvesAddressesInsideSymbols() throws IOException {
    Kallsyms k = parse(SAMPLE);
    assertThat(k.resolve(0xffffffff81001040L + 0x1b4).orElseThrow())
        .hasToString("udp_queue_rcv_one_skb+0x1b4");
    assertThat(k.resolve(0xffffffff81001040L).orElseThrow().offset()).isZero();
    assertThat(k.resolve(0xffffffffc0002010L).orElseThrow())
        .hasToString("nft_do_chain+0x10 [nf_tables]");
    assertThat(k.resolve(0xffffffff80ffffffL)).isEmpty();
  }

  @Test
  void theFirstAliasNamesAnAddress() throws IOException {
    assertThat(parse(SAMPLE).resolve(0xffffffff81000010L).orElseThrow().symbol())
        .isEqualTo("_text");
  }

  @Test
  void sortsModulesThatAreOutOfOrder() throws IOException {
    Kallsyms k = parse(SAMPLE);
    for (int i = 1; i < k.size(); i++) {
      assertThat(Long.compareUnsigned(k.symbol(i - 1).address(), k.symbol(i).address()))
          .isLessThanOrEqualTo(0);
    }
    assertThat(k.resolve(0xffffffffc0001008L).orElseThrow())
        .hasToString("nft_register+0x8 [nf_tables]");
    assertThat(k.modules()).containsExactly("nf_tables", "veth");
  }

  @Test
  void findsAddressesByName() throws IOException {
    Kallsyms k = parse(SAMPLE);
    assertThat(k.address("udp_queue_rcv_one_skb")).hasValue(0xffffffff81001040L);
    assertThat(k.address("nft_register")).hasValue(0xffffffffc0001000L);
    assertThat(k.address("no_such_symbol")).isEmpty();
    // the kernel image's symbol comes before a module's of the same name
    assertThat(k.address("helper")).hasValue(0xffffffff81001000L);
    assertThat(k.symbols("helper")).extracting(KernelSymbol::module).containsExactly("", "veth");
    assertThat(k.symbols("helper").get(0).isText()).isTrue();
  }

  @Test
  void zeroedAddressesMeanTheyAreHidden() {
    assertThatThrownBy(() -> parse("""
        0000000000000000 T _text
        0000000000000000 T udp_queue_rcv_one_skb
        """)).isInstanceOf(KernelAddressesHiddenException.class)
        .hasMessage("test: kernel addresses are hidden (kptr_restrict); run as root");
  }

  @Test
  void rejectsTextThatIsNotKallsyms(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("bad");
    Files.writeString(f, "ffffffff81000000 T _text\nhello world\n");
    assertThatThrownBy(() -> Kallsyms.read(f)).hasMessage(f + ":2: not a kallsyms line (bad address)");
  }

  @KernelTest
  @Test
  void readsTheRunningKernelsSymbols() throws IOException {
    Kallsyms k = Kallsyms.load();
    assertThat(k.size()).isGreaterThan(10_000);
    for (String name : List.of("udp_queue_rcv_one_skb", "schedule", "do_sys_openat2")) {
      long address = k.address(name).orElseThrow(() -> new AssertionError(name));
      assertThat(k.resolve(address).orElseThrow().symbol()).isEqualTo(name);
      // 4 bytes in is still inside the function (every function is longer than that)
      SymbolOffset inside = k.resolve(address + 4).orElseThrow();
      assertThat(inside).hasToString(name + "+0x4");
      assertThat(inside.symbolAddress()).isEqualTo(address);
    }
    // /proc/kallsyms lists _text, whose address must resolve to a symbol at that address
    long text = k.address("_text").orElseThrow();
    assertThat(k.resolve(text).orElseThrow().offset()).isZero();
  }

  /** Every 500th line, read the plain way, agrees with the table both ways. */
  @KernelTest
  @Test
  void agreesWithAPlainReadingOfTheFile() throws IOException {
    Kallsyms k = Kallsyms.load();
    List<String> lines = Files.readAllLines(Kallsyms.PROC_KALLSYMS);
    assertThat(k.size()).isEqualTo(lines.size());
    for (int i = 0; i < lines.size(); i += 500) {
      String[] f = lines.get(i).split("[ \\t]+");
      long address = Long.parseUnsignedLong(f[0], 16);
      String name = f[2];
      assertThat(k.symbols(name)).extracting(KernelSymbol::address).contains(address);
      SymbolOffset at = k.resolve(address).orElseThrow();
      assertThat(at.offset()).isZero();
      assertThat(at.symbolAddress()).isEqualTo(address);
    }
  }
}
