package io.jstap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point down the pipeline (DESIGN.md): the command line uses everything; the
 * runtime does not use the command line; the code generator does not use the runtime's
 * sessions; the language and the checker never touch the kernel.
 */
class PipelineLayersTest {
  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.jstap");
  }

  @Test
  void nothingUsesTheCommandLine() {
    noClasses().that().resideOutsideOfPackage("io.jstap.cli..")
        .should().dependOnClassesThat().resideInAPackage("io.jstap.cli..").check(classes);
  }

  @Test
  void theLanguageAndTheCheckerNeverTouchTheKernel() {
    noClasses().that().resideInAnyPackage("io.jstap.lang..", "io.jstap.sema..")
        .should().dependOnClassesThat().resideInAnyPackage("io.jstap.bpf..", "io.jstap.kernel..",
            "io.jstap.elf..", "io.jstap.codegen..", "io.jstap.module..", "io.jstap.dropwatch..")
        .check(classes);
  }

  @Test
  void compilingDoesNotDependOnRunning() {
    noClasses().that().resideInAnyPackage("io.jstap.lang..", "io.jstap.sema..",
            "io.jstap.codegen..", "io.jstap.format..")
        .should().dependOnClassesThat().resideInAnyPackage("io.jstap.runtime..",
            "io.jstap.module..", "io.jstap.dropwatch..")
        .check(classes);
  }

  @Test
  void formatsStandAlone() {
    noClasses().that().resideInAPackage("io.jstap.format..")
        .should().dependOnClassesThat().resideInAnyPackage("io.jstap.lang..", "io.jstap.sema..",
            "io.jstap.codegen..", "io.jstap.bpf..", "io.jstap.kernel..", "io.jstap.elf..")
        .check(classes);
  }
}
