package io.jstap.bpf;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The FFM bindings stay behind io.jstap.bpf (and tracefs's mount in io.jstap.kernel). */
class LayersTest {
  @Test
  void onlyTheBpfAndKernelPackagesUseTheSystemCallLayer() {
    var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.jstap");
    noClasses()
        .that()
        .resideOutsideOfPackages("io.jstap.bpf..", "io.jstap.kernel..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.jstap.bpf.sys..")
        .allowEmptyShould(true)
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.jstap.bpf.sys..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.jstap.bpf", "io.jstap.kernel..")
        .check(classes);
  }
}
