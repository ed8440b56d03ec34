package io.jstap.bpf;

import static io.jstap.bpf.Reg.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AssemblerTest {
  @Test
  void jumpsCountSlotsIncludingBothHalvesOfLdImm64() {
    Label done = new Label("done"), top = new Label("top");
    var p =
        new Assembler()
            .bind(top)
            .emit(Jump.ifEqual(R1, 0, done)) // slot 0
            .emit(LoadImm64.constant(R2, 7)) // slots 1-2
            .emit(Jump.to(top)) // slot 3
            .bind(done)
            .emit(Exit.exit()) // slot 4
            .assemble();
    assertThat(p.instructions().get(0)).isEqualTo(Jump.ifEqual(R1, 0, new JumpTarget.Offset(3)));
    assertThat(p.instructions().get(2)).isEqualTo(new Goto(new JumpTarget.Offset(-4)));
    assertThat(p.slotCount()).isEqualTo(5);
    assertThat(p.instructionAtSlot(2)).isEqualTo(1);
    assertThat(p.instructionAtSlot(3)).isEqualTo(2);
    assertThat(p.instructionAtSlot(5)).isEqualTo(-1);
  }

  @Test
  void unboundLabelsAreNamedWithTheirUsers() {
    var asm = new Assembler().emit(Jump.ifEqual(R1, 0, new Label("missing")), Jump.to(new Label("gone")), Exit.exit());
    assertThatThrownBy(asm::assemble)
        .hasMessage("unbound labels 'missing' (used by instruction 0), 'gone' (used by instruction 1)");
  }

  @Test
  void unreachableInstructionsAreLeftOut() {
    // The verifier refuses unreachable instructions: the rest of a block after a jump, and a
    // handler nothing jumps to, go; jumps over them are shortened.
    Label done = new Label("done"), handler = new Label("handler"), after = new Label("after");
    var p =
        new Assembler()
            .at(1).emit(Jump.ifEqual(R1, 0, done))
            .emit(Alu.mov(R0, 1), Jump.to(done))
            .at(2).emit(Alu.mov(R0, 2)) // dead: after a jump
            .bind(handler)
            .emit(Alu.mov(R0, 3), Jump.to(after)) // dead: nothing jumps to the handler
            .bind(after)
            .at(3).bind(done)
            .emit(Exit.exit())
            .assemble();
    assertThat(p.instructions()).containsExactly(
        Jump.ifEqual(R1, 0, new JumpTarget.Offset(2)), Alu.mov(R0, 1),
        new Goto(new JumpTarget.Offset(0)), Exit.exit());
    assertThat(p.positions()).containsExactly(1, 1, 1, 3);
  }

  @Test
  void localCallsKeepTheirSubprograms() {
    Label sub = new Label("sub");
    var p = new Assembler().emit(new CallLocal(sub), Exit.exit()).bind(sub)
        .emit(Alu.mov(R0, 1), Exit.exit()).assemble();
    assertThat(p.instructions()).hasSize(4);
  }

  @Test
  void aLabelBindsOnce() {
    Label l = new Label("twice");
    var asm = new Assembler().bind(l).emit(Exit.exit());
    assertThatThrownBy(() -> asm.bind(l)).hasMessage("label 'twice' is bound twice");
  }

  @Test
  void positionsFollowInstructionsAndSlots() {
    var p = new Assembler().at(7).emit(LoadImm64.constant(R0, 1)).at(8).emit(Exit.exit()).assemble();
    assertThat(p.positions()).containsExactly(7, 8);
    assertThat(p.positionAtSlot(1)).isEqualTo(7);
    assertThat(p.positionAtSlot(2)).isEqualTo(8);
  }

  @Test
  void mapNamesResolveToDescriptors() {
    var p = new Assembler().emit(LoadImm64.map(R1, "a"), LoadImm64.mapValue(R2, "b", 16), LoadImm64.map(R3, "a"), Exit.exit()).assemble();
    assertThat(p.mapNames()).containsExactly("a", "b");
    var resolved = p.withMapFds(n -> n.equals("a") ? 10 : 11);
    assertThat(resolved.instructions().subList(0, 2))
        .containsExactly(new LoadImm64(R1, new LoadImm64.MapFd(10)), new LoadImm64(R2, new LoadImm64.MapValueFd(11, 16)));
    assertThat(InstructionEncoding.decode(InstructionEncoding.encode(resolved.instructions()))).isEqualTo(resolved.instructions());
  }

  @Test
  void encodingRefusesUnresolvedReferences() {
    assertThatThrownBy(() -> InstructionEncoding.encode(List.of(LoadImm64.map(R1, "m"))))
        .hasMessage("map 'm' is referenced by name: resolve it to a descriptor first");
    assertThatThrownBy(() -> InstructionEncoding.encode(List.of(Jump.to(new Label("l")))))
        .hasMessage("jump to unresolved label 'l'");
  }

  @Test
  void encodingMatchesTheKernelsByteLayout() {
    // r1 = *(u64 *)(r10 -8): code 0x79, dst 1 | src 10 << 4, off -8, imm 0
    assertThat(InstructionEncoding.encode(List.of(Load.u64(R1, R10, -8))))
        .containsExactly(0x79, 0xa1, 0xf8, 0xff, 0, 0, 0, 0);
    // ld_imm64 r2, 0x1122334455667788: low half in the first slot, high half in the second
    assertThat(InstructionEncoding.encode(List.of(LoadImm64.constant(R2, 0x1122334455667788L))))
        .containsExactly(0x18, 0x02, 0, 0, 0x88, 0x77, 0x66, 0x55, 0, 0, 0, 0, 0x44, 0x33, 0x22, 0x11);
  }

  @Test
  void decodingNamesWhatItCannotRead() {
    assertThatThrownBy(() -> InstructionEncoding.decode(new byte[] {(byte) 0x20, 0, 0, 0, 0, 0, 0, 0}))
        .hasMessage("legacy packet load (opcode 0x20) at instruction 0");
    assertThatThrownBy(() -> InstructionEncoding.decode(new byte[] {(byte) 0xbf, (byte) 0xc1, 0, 0, 0, 0, 0, 0}))
        .hasMessage("register r12 (opcode 0xbf) at instruction 0");
    assertThatThrownBy(() -> InstructionEncoding.decode(new byte[5])).hasMessage("BPF code is 5 bytes, not a multiple of 8");
  }

  @Test
  void factoriesRefuseWhatTheVerifierWould() {
    assertThatThrownBy(() -> Alu.mov(R10, 0)).hasMessage("r10 (the frame pointer) is read-only");
    assertThatThrownBy(() -> Alu.lsh(R1, 64)).hasMessage("shift by 64 is outside 0..63");
    assertThatThrownBy(() -> Alu.of32(AluOp.RSH, R1, Imm.of(32))).hasMessage("shift by 32 is outside 0..31");
    assertThatThrownBy(() -> Alu.div(R1, 0)).hasMessage("division by zero");
    assertThatThrownBy(() -> Load.u64(R1, R10, 40000)).hasMessage("memory offset 40000 does not fit 16 bits");
    assertThatThrownBy(() -> new Atomic(Size.B, AtomicOp.ADD, R1, 0, R2)).hasMessage("atomic operations are 32 or 64 bits wide, not B");
    assertThatThrownBy(() -> new ByteSwap(ByteSwap.Order.TO_BE, 8, R1)).hasMessage("byte swap of 8 bits (16, 32 or 64)");
    assertThatThrownBy(() -> Reg.of(11)).hasMessage("no BPF register r11 (r0-r10)");
  }
}
