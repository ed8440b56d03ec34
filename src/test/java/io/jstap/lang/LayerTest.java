package io.jstap.lang;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The front end stands alone: it never reaches into later stages or the kernel. */
class LayerTest {
  @Test
  void langDependsOnlyOnItselfAndTheJdk() {
    var lang = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.jstap.lang");
    classes().that().resideInAPackage("io.jstap.lang..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("io.jstap.lang..", "java..")
        .because("lang is the first stage: others build on it, never the reverse")
        .check(lang);
  }
}
