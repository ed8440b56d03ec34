package io.jstap.errno;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

class ErrnoPropertyTest {
  @Provide
  Arbitrary<Tuple2<Arch, ErrnoCode>> codes() {
    return Arbitraries.of(Arch.values())
        .flatMap(a -> Arbitraries.of(ErrnoTable.of(a).codes()).map(c -> Tuple.of(a, c)));
  }

  @Property
  void nameToNumberToNameRoundTrips(@ForAll("codes") Tuple2<Arch, ErrnoCode> archAndCode) {
    var table = ErrnoTable.of(archAndCode.get1());
    var code = archAndCode.get2();
    var byName = table.byName(code.name().toLowerCase()).orElseThrow();
    var primary = table.byNumber(-byName.number()).orElseThrow();
    String expected = code.isAlias() ? code.aliasOf() : code.name();
    assertThat(primary.name()).isEqualTo(expected);
  }

  @Property
  void everyCodeIsFoundBySearchingItsOwnDescription(
      @ForAll("codes") Tuple2<Arch, ErrnoCode> archAndCode) {
    var table = ErrnoTable.of(archAndCode.get1());
    var code = archAndCode.get2();
    List<String> words = Arrays.asList(code.description().toUpperCase().split("\\s+"));
    assertThat(table.search(words)).contains(code);
  }
}
