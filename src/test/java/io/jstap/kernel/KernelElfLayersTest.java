package io.jstap.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The binary readers sit low: they know nothing of the stages that use them. */
class KernelElfLayersTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.jstap");

  @Test
  void theElfReaderStandsAlone() {
    noClasses().that().resideInAPackage("io.jstap.elf..").should().dependOnClassesThat()
        .resideInAnyPackage("io.jstap.kernel..", "io.jstap.cli..", "io.jstap.lang..",
            "io.jstap.sema..", "io.jstap.codegen..", "io.jstap.runtime..", "io.jstap.bpf..")
        .check(CLASSES);
  }

  @Test
  void theBtfReaderStandsAlone() {
    noClasses().that().resideInAPackage("io.jstap.kernel.btf..").should().dependOnClassesThat()
        .resideInAnyPackage("io.jstap.kernel", "io.jstap.elf..", "io.jstap.cli..",
            "io.jstap.lang..", "io.jstap.sema..", "io.jstap.codegen..", "io.jstap.runtime..",
            "io.jstap.bpf..")
        .check(CLASSES);
  }
}
