package io.jstap.codegen;

import io.jstap.bpf.Alu;
import io.jstap.bpf.Call;
import io.jstap.bpf.Helpers;
import io.jstap.bpf.Jump;
import io.jstap.bpf.Label;
import io.jstap.bpf.Load;
import io.jstap.bpf.Reg;
import io.jstap.bpf.Size;
import io.jstap.elf.ElfException;
import io.jstap.kernel.btf.Btf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Runs a probe only in processes of one executable: {@code process("P").library("L")} probes
 * L's code, which every process mapping L runs, but means P's processes only. The program
 * compares the inode of the running executable ({@code current->mm->exe_file->f_inode}, the
 * offsets from the kernel's BTF) with the file's; the device too on file systems whose
 * stat(2) reports the super block's device (btrfs and overlayfs report others).
 *
 * @param inode st_ino of the executable
 * @param device the kernel's dev_t of its file system (MAJOR << 20 | MINOR), or -1: any
 */
record ExecutableFilter(String path, long inode, long device, int mm, int exeFile, int fInode,
    int iIno, int iSb, int sDev) {

  /** Where stat's st_dev is the super block's s_dev. */
  private static final Set<String> SAME_DEVICE = Set.of("ext2", "ext3", "ext4", "xfs", "tmpfs",
      "f2fs", "vfat", "ext2/ext3", "ramfs", "squashfs", "erofs", "fuse", "fuseblk");

  static ExecutableFilter of(String path, Btf btf) throws ElfException {
    Path p = Path.of(path);
    long inode;
    long device = -1;
    try {
      inode = ((Number) Files.getAttribute(p, "unix:ino")).longValue();
      long dev = ((Number) Files.getAttribute(p, "unix:dev")).longValue();
      if (SAME_DEVICE.contains(Files.getFileStore(p).type())) device = kernelDevice(dev);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      throw new ElfException("cannot read the inode of " + path + ": " + e.getMessage());
    }
    return new ExecutableFilter(path, inode, device,
        offset(btf, "task_struct", "mm"), offset(btf, "mm_struct", "exe_file"),
        offset(btf, "file", "f_inode"), offset(btf, "inode", "i_ino"),
        offset(btf, "inode", "i_sb"), offset(btf, "super_block", "s_dev"));
  }

  private static int offset(Btf btf, String struct, String field) throws ElfException {
    var s = btf.struct(struct);
    var f = s.isEmpty() ? java.util.Optional.<io.jstap.kernel.btf.Field>empty() : btf.field(s.get().id(), field);
    if (f.isEmpty()) {
      throw new ElfException("this kernel's BTF has no " + struct + "." + field + ", which"
          + " limiting a library probe to one program needs");
    }
    return (int) f.get().byteOffset();
  }

  /**
   * stat's st_dev (glibc's encoding, sys/sysmacros.h) as the kernel's dev_t
   * (include/linux/kdev_t.h: MINORBITS 20).
   */
  static long kernelDevice(long stDev) {
    long major = ((stDev >>> 8) & 0xfff) | ((stDev >>> 32) & ~0xfffL);
    long minor = (stDev & 0xff) | ((stDev >>> 12) & ~0xffL);
    return (major << 20) | minor;
  }

  /** Jumps to {@code skip} unless the current process runs the executable. */
  void emit(HandlerCompiler c, Label skip) {
    int slot = c.stackSlot();
    c.emit(Call.helper(Helpers.GET_CURRENT_TASK));
    read(c, slot, mm, 8, skip);
    read(c, slot, exeFile, 8, skip);
    read(c, slot, fInode, 8, skip);
    int inodeSlot = c.stackSlot();
    c.emit(io.jstap.bpf.Store.of(Size.DW, Reg.R10, inodeSlot, Reg.R0));
    read(c, slot, iIno, 8, skip);
    c.loadConstant(Reg.R1, inode);
    c.emit(Jump.ifNotEqual(Reg.R0, Reg.R1, skip));
    if (device >= 0) {
      c.emit(Load.of(Size.DW, Reg.R0, Reg.R10, inodeSlot));
      read(c, slot, iSb, 8, skip);
      read(c, slot, sDev, 4, skip);
      c.loadConstant(Reg.R1, device);
      c.emit(Jump.ifNotEqual(Reg.R0, Reg.R1, skip));
    }
  }

  /** r0 = the {@code size}-byte field at r0 + offset (kernel memory); NULL or a fault skips. */
  private static void read(HandlerCompiler c, int slot, int offset, int size, Label skip) {
    c.emit(Jump.ifEqual(Reg.R0, 0, skip),
        io.jstap.bpf.StoreImm.of(Size.DW, Reg.R10, slot, 0),
        Alu.mov(Reg.R3, Reg.R0), Alu.add(Reg.R3, offset),
        Alu.mov(Reg.R1, Reg.R10), Alu.add(Reg.R1, slot), Alu.mov(Reg.R2, size),
        Call.helper(Helpers.PROBE_READ_KERNEL),
        Jump.ifNotEqual(Reg.R0, 0, skip),
        Load.of(size == 4 ? Size.W : Size.DW, Reg.R0, Reg.R10, slot));
  }
}
