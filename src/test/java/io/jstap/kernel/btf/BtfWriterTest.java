package io.jstap.kernel.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.kernel.btf.BtfType.Enumerator;
import io.jstap.kernel.btf.BtfType.Member;
import io.jstap.kernel.btf.BtfType.Param;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Types written by BtfWriter read back the same; C spellings of tricky declarators. */
class BtfWriterTest {
  private final BtfWriter w = new BtfWriter();
  private final int intT = w.add(new BtfType.Int(0, "int", 4, true, false, false, 0, 32));
  private final int charT = w.add(new BtfType.Int(0, "char", 1, false, true, false, 0, 8));
  private final int constChar = w.add(new BtfType.Const(0, charT));
  private final int constCharPtr = w.add(new BtfType.Ptr(0, constChar));
  private final int charPtr = w.add(new BtfType.Ptr(0, charT));
  private final int charPtrConst = w.add(new BtfType.Const(0, charPtr));
  private final int arr4 = w.add(new BtfType.Array(0, intT, intT, 4));
  private final int ptrToArr = w.add(new BtfType.Ptr(0, arr4));
  private final int arrOfPtr = w.add(new BtfType.Array(0, charPtr, intT, 3));
  private final int proto = w.add(new BtfType.FuncProto(0, intT,
      List.of(new Param("fmt", constCharPtr)), true));
  private final int fnPtr = w.add(new BtfType.Ptr(0, proto));
  private final int voidProto = w.add(new BtfType.FuncProto(0, 0, List.of(), false));
  private final int fwd = w.add(new BtfType.Fwd(0, "later", false));
  private final int fwdPtr = w.add(new BtfType.Ptr(0, fwd));
  private final int inner = w.add(new BtfType.Struct(0, "", 8, List.of(
      new Member("a", intT, 0, 0), new Member("b", intT, 32, 0))));
  private final int outer = w.add(new BtfType.Struct(0, "outer", 24, List.of(
      new Member("flags", intT, 0, 3), new Member("mode", intT, 3, 5),
      new Member("", inner, 64, 0), new Member("name", arr4, 128, 0))));
  private final int typedef = w.add(new BtfType.Typedef(0, "outer_t", outer));
  private final int e64 = w.add(new BtfType.Enum64(0, "big", 8, false, List.of(
      new Enumerator("HUGE", 0xffff_ffff_ffff_fff0L), new Enumerator("ONE", 1))));
  private final int e32 = w.add(new BtfType.Enum(0, "small", 4, true, List.of(
      new Enumerator("MINUS", -5), new Enumerator("PLUS", 5))));
  private final int func = w.add(new BtfType.Func(0, "printk", proto, BtfType.Linkage.GLOBAL));
  private final Btf btf = Btf.parse(w.toBytes());

  @Test
  void spellsDeclaratorsAsC() {
    assertThat(btf.typeName(constCharPtr)).isEqualTo("const char *");
    assertThat(btf.typeName(charPtrConst)).isEqualTo("char *const");
    assertThat(btf.typeName(arr4)).isEqualTo("int[4]");
    assertThat(btf.typeName(ptrToArr)).isEqualTo("int (*)[4]");
    assertThat(btf.typeName(arrOfPtr)).isEqualTo("char *[3]");
    assertThat(btf.typeName(fnPtr)).isEqualTo("int (*)(const char *, ...)");
    assertThat(btf.typeName(voidProto)).isEqualTo("void (void)");
    assertThat(btf.typeName(fwdPtr)).isEqualTo("struct later *");
    assertThat(btf.typeName(inner)).isEqualTo("struct (anon)");
    assertThat(btf.typeName(func)).isEqualTo("int printk(const char *, ...)");
    assertThat(btf.declaration(arrOfPtr, "argv")).isEqualTo("char *argv[3]");
    assertThat(btf.declaration(fnPtr, "cb")).isEqualTo("int (*cb)(const char *, ...)");
  }

  @Test
  void findsMembersThroughTypedefsAndAnonymousStructs() {
    assertThat(btf.field(typedef, "b").orElseThrow())
        .isEqualTo(new Field("b", intT, 96, 0));
    Field mode = btf.field(outer, "mode").orElseThrow();
    assertThat(mode.isBitfield()).isTrue();
    assertThat(mode.bitfieldSize()).isEqualTo(5);
    assertThat(mode.bitOffset()).isEqualTo(3);
    assertThat(btf.fields(outer)).extracting(Field::name)
        .containsExactly("flags", "mode", "a", "b", "name");
    assertThat(btf.field(intT, "a")).isEmpty();
  }

  @Test
  void sizesFollowTheTypes() {
    assertThat(btf.sizeOf(typedef)).isEqualTo(24);
    assertThat(btf.sizeOf(arrOfPtr)).isEqualTo(24);
    assertThat(btf.sizeOf(constCharPtr)).isEqualTo(8);
    assertThatThrownBy(() -> btf.sizeOf(fwd)).isInstanceOf(BtfException.class)
        .hasMessage("struct later is only declared here, not defined: its size is unknown");
    assertThatThrownBy(() -> btf.sizeOf(0)).hasMessage("void has no size");
  }

  @Test
  void readsEnumValuesWithTheirSign() {
    assertThat(btf.enumValues("big").orElseThrow()).isEqualTo(
        Map.of("HUGE", 0xffff_ffff_ffff_fff0L, "ONE", 1L));
    assertThat(btf.enumValues("small").orElseThrow()).containsEntry("MINUS", -5L);
    assertThat(btf.type(e64)).isInstanceOf(BtfType.Enum64.class);
    assertThat(btf.type(e32)).isEqualTo(new BtfType.Enum(e32, "small", 4, true, List.of(
        new Enumerator("MINUS", -5), new Enumerator("PLUS", 5))));
    assertThat(btf.enumValues("missing")).isEmpty();
  }

  @Test
  void everyRecordReadsBackAsWritten() {
    var again = new BtfWriter();
    for (int id = 1; id < btf.typeCount(); id++) {
      again.add(btf.type(id));
    }
    assertThat(again.toBytes()).isEqualTo(w.toBytes());
    assertThat(btf.function("printk").orElseThrow().variadic()).isTrue();
    assertThat(btf.typedef("outer_t").orElseThrow().target()).isEqualTo(outer);
    assertThat(btf.resolve(charPtrConst)).isEqualTo(charPtr);
    assertThat(btf.resolve(typedef)).isEqualTo(outer);
  }

  @Test
  void rejectsWhatIsNotBtf() {
    assertThatThrownBy(() -> Btf.parse(new byte[10])).hasMessageContaining("shorter");
    byte[] bytes = w.toBytes();
    byte[] badMagic = bytes.clone();
    badMagic[0] = 0x12;
    assertThatThrownBy(() -> Btf.parse(badMagic)).hasMessageContaining("not BTF: magic");
    byte[] bigEndian = bytes.clone();
    bigEndian[0] = (byte) 0xeb;
    bigEndian[1] = (byte) 0x9f;
    assertThatThrownBy(() -> Btf.parse(bigEndian)).hasMessageContaining("big-endian");
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length);
    cut[12] = (byte) (cut[12] + 2); // type_len no longer ends at a record boundary
    assertThatThrownBy(() -> Btf.parse(cut)).isInstanceOf(BtfException.class);
    assertThatThrownBy(() -> btf.type(9999)).hasMessageContaining("no type 9999");
  }
}
