package io.jstap.bpf;

import static io.jstap.bpf.Reg.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Golden output in the verifier's syntax (kernel/bpf/disasm.c), one feature per test. */
class DisassemblerTest {
  private static String line(Instruction i) {
    return Disassembler.line(0, i);
  }

  @Test
  void alu() {
    assertThat(line(Alu.mov(R1, R10))).isEqualTo("0: (bf) r1 = r10");
    assertThat(line(Alu.add(R1, -8))).isEqualTo("0: (07) r1 += -8");
    assertThat(line(Alu.mov(R0, 0))).isEqualTo("0: (b7) r0 = 0");
    assertThat(line(Alu.rsh(R0, 32))).isEqualTo("0: (77) r0 >>= 32");
    assertThat(line(Alu.arsh(R3, R4))).isEqualTo("0: (cf) r3 s>>= r4");
    assertThat(line(Alu.mov32(R2, R3))).isEqualTo("0: (bc) w2 = w3");
    assertThat(line(Alu.of32(AluOp.ADD, R2, Imm.of(5)))).isEqualTo("0: (04) w2 += 5");
    assertThat(line(Alu.neg(R5))).isEqualTo("0: (87) r5 = -r5");
    assertThat(line(Alu.of(AluOp.SDIV, R1, Imm.of(3)))).isEqualTo("0: (37) r1 s/= 3");
    assertThat(line(ByteSwap.toBigEndian(R0, 16))).isEqualTo("0: (dc) r0 = be16 r0");
    assertThat(line(ByteSwap.toLittleEndian(R0, 64))).isEqualTo("0: (d4) r0 = le64 r0");
  }

  @Test
  void memory() {
    assertThat(line(Load.u64(R1, R10, -8))).isEqualTo("0: (79) r1 = *(u64 *)(r10 -8)");
    assertThat(line(Load.of(Size.B, R2, R1, 16))).isEqualTo("0: (71) r2 = *(u8 *)(r1 +16)");
    assertThat(line(Store.u64(R10, -16, R1))).isEqualTo("0: (7b) *(u64 *)(r10 -16) = r1");
    assertThat(line(StoreImm.of(Size.W, R10, -4, 0))).isEqualTo("0: (62) *(u32 *)(r10 -4) = 0");
    assertThat(line(Store.of(Size.H, R1, 0, R2))).isEqualTo("0: (6b) *(u16 *)(r1 +0) = r2");
  }

  @Test
  void atomics() {
    assertThat(line(Atomic.add64(R0, 0, R1))).isEqualTo("0: (db) lock *(u64 *)(r0 +0) += r1");
    assertThat(line(new Atomic(Size.W, AtomicOp.OR, R0, 4, R1))).isEqualTo("0: (c3) lock *(u32 *)(r0 +4) |= r1");
    assertThat(line(new Atomic(Size.DW, AtomicOp.FETCH_ADD, R0, 0, R1)))
        .isEqualTo("0: (db) r1 = atomic64_fetch_add((u64 *)(r0 +0), r1)");
    assertThat(line(new Atomic(Size.DW, AtomicOp.XCHG, R0, 8, R2))).isEqualTo("0: (db) r2 = atomic64_xchg((u64 *)(r0 +8), r2)");
    assertThat(line(new Atomic(Size.W, AtomicOp.CMPXCHG, R0, 0, R3))).isEqualTo("0: (c3) r0 = atomic_cmpxchg((u32 *)(r0 +0), r0, r3)");
  }

  @Test
  void jumpsCallsAndExit() {
    var t = new JumpTarget.Offset(3);
    assertThat(line(Jump.ifEqual(R0, 0, t))).isEqualTo("0: (15) if r0 == 0x0 goto pc+3");
    assertThat(line(Jump.ifNotEqual(R0, R1, new JumpTarget.Offset(-2)))).isEqualTo("0: (5d) if r0 != r1 goto pc-2");
    assertThat(line(Jump.ifSignedLess(R1, -1, t))).isEqualTo("0: (c5) if r1 s< 0xffffffff goto pc+3");
    assertThat(line(Jump.of32(JumpOp.GT, R2, Imm.of(10), t))).isEqualTo("0: (26) if w2 > 0xa goto pc+3");
    assertThat(line(Jump.to(t))).isEqualTo("0: (05) goto pc+3");
    assertThat(line(Call.helper(Helpers.MAP_LOOKUP_ELEM))).isEqualTo("0: (85) call bpf_map_lookup_elem#1");
    assertThat(line(Call.helper(Helpers.RINGBUF_OUTPUT))).isEqualTo("0: (85) call bpf_ringbuf_output#130");
    assertThat(line(Call.helper(99999))).isEqualTo("0: (85) call unknown#99999");
    assertThat(line(Exit.exit())).isEqualTo("0: (95) exit");
    assertThat(line(CallLocal.to(new JumpTarget.Offset(5)))).isEqualTo("0: (85) call pc+5");
  }

  @Test
  void loadImm64() {
    assertThat(line(LoadImm64.constant(R1, 0x1234_5678_9abcL))).isEqualTo("0: (18) r1 = 0x123456789abc");
    assertThat(line(LoadImm64.map(R1, "counts"))).isEqualTo("0: (18) r1 = map[name:counts]");
    assertThat(line(LoadImm64.mapValue(R1, "globals", 8))).isEqualTo("0: (18) r1 = map[name:globals][0]+8");
    assertThat(line(new LoadImm64(R2, new LoadImm64.MapFd(5)))).isEqualTo("0: (18) r2 = map[fd:5]");
  }

  @Test
  void programWithPositionsAndSlotNumbers() {
    Label out = new Label("out");
    var asm =
        new Assembler()
            .at("a.stp:1:1")
            .emit(LoadImm64.map(R1, "m"))
            .emit(Jump.ifEqual(R1, 0, out))
            .at("a.stp:2:3")
            .emit(Alu.mov(R0, 1))
            .bind(out)
            .at(null)
            .emit(Exit.exit());
    assertThat(Disassembler.print(asm.assemble()))
        .isEqualTo(
            """
            ; a.stp:1:1
            0: (18) r1 = map[name:m]
            2: (15) if r1 == 0x0 goto pc+1
            ; a.stp:2:3
            3: (b7) r0 = 1
            4: (95) exit
            """);
  }
}
