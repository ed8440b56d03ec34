package io.jstap.module;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Pass 4 sits between the compiler and the runtime: the module is data, written and read
 * without a kernel object, and nothing below it knows it exists.
 */
class ModuleLayersTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.jstap");

  @Test
  void theModuleNeedsNoRuntimeNorSystemCalls() {
    noClasses().that().resideInAPackage("io.jstap.module..").should().dependOnClassesThat()
        .resideInAnyPackage("io.jstap.cli..", "io.jstap.runtime", "io.jstap.runtime.interp..",
            "io.jstap.bpf.sys..")
        .check(CLASSES);
  }

  @Test
  void onlyTheCommandLineUsesModules() {
    noClasses().that().resideOutsideOfPackages("io.jstap.module..", "io.jstap.cli..")
        .should().dependOnClassesThat().resideInAPackage("io.jstap.module..")
        .check(CLASSES);
  }
}
