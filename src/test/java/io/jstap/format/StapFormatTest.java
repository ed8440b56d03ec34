package io.jstap.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.format.FormatParse.Invalid;
import io.jstap.format.FormatParse.Parsed;
import io.jstap.format.FormatPiece.Conversion;
import io.jstap.format.FormatPiece.Literal;
import io.jstap.format.Operand.Role;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StapFormatTest {
  private static final ScriptType L = ScriptType.LONG;
  private static final ScriptType S = ScriptType.STRING;

  static StapFormat parsed(String text) {
    var result = StapFormat.parse(text);
    assertThat(result).isInstanceOf(Parsed.class);
    return ((Parsed) result).format();
  }

  static FormatError error(String text) {
    var result = StapFormat.parse(text);
    assertThat(result).isInstanceOf(Invalid.class);
    return ((Invalid) result).error();
  }

  @Test
  void piecesOfATypicalFormat() {
    var f = parsed("%s[%d] %-*s -> %d\n");
    assertThat(f.pieces())
        .containsExactly(
            new Conversion(
                0, 2, "%s", ConversionKind.STRING, Set.of(), FieldSize.UNSPECIFIED,
                FieldSize.UNSPECIFIED),
            new Literal("[".getBytes(StandardCharsets.US_ASCII)),
            new Conversion(
                3, 2, "%d", ConversionKind.SIGNED_DECIMAL, Set.of(), FieldSize.UNSPECIFIED,
                FieldSize.UNSPECIFIED),
            new Literal("] ".getBytes(StandardCharsets.US_ASCII)),
            new Conversion(
                7, 4, "%-*s", ConversionKind.STRING, Set.of(Flag.LEFT), FieldSize.FROM_ARGUMENT,
                FieldSize.UNSPECIFIED),
            new Literal(" -> ".getBytes(StandardCharsets.US_ASCII)),
            new Conversion(
                15, 2, "%d", ConversionKind.SIGNED_DECIMAL, Set.of(), FieldSize.UNSPECIFIED,
                FieldSize.UNSPECIFIED),
            new Literal("\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(f.argumentTypes()).containsExactly(S, L, L, S, L);
    assertThat(f.operands().stream().map(Operand::role))
        .containsExactly(Role.VALUE, Role.VALUE, Role.WIDTH, Role.VALUE, Role.VALUE);
  }

  @Test
  void everyConversionAndWhatItTakes() {
    var f = parsed("%d%i%u%o%x%X%p%c%s%m%M%b%ld");
    assertThat(f.conversions().stream().map(Conversion::kind))
        .containsExactly(
            ConversionKind.SIGNED_DECIMAL,
            ConversionKind.SIGNED_DECIMAL,
            ConversionKind.UNSIGNED_DECIMAL,
            ConversionKind.OCTAL,
            ConversionKind.HEX,
            ConversionKind.HEX_UPPER,
            ConversionKind.POINTER,
            ConversionKind.CHAR,
            ConversionKind.STRING,
            ConversionKind.MEMORY,
            ConversionKind.MEMORY_HEX,
            ConversionKind.BINARY,
            ConversionKind.SIGNED_DECIMAL);
    assertThat(f.argumentTypes()).containsExactly(L, L, L, L, L, L, L, L, S, L, L, L, L);
    assertThat(f.operands().stream().map(Operand::recordKind))
        .containsExactly(
            RecordKind.LONG, RecordKind.LONG, RecordKind.LONG, RecordKind.LONG, RecordKind.LONG,
            RecordKind.LONG, RecordKind.LONG, RecordKind.LONG, RecordKind.STRING,
            RecordKind.MEMORY, RecordKind.MEMORY, RecordKind.LONG, RecordKind.LONG);
  }

  @Test
  void widthAndPrecisionForms() {
    var c = parsed("%-12.5x").conversions().getFirst();
    assertThat(c.flags()).containsExactly(Flag.LEFT);
    assertThat(c.width()).isEqualTo(new FieldSize.Fixed(12));
    assertThat(c.precision()).isEqualTo(new FieldSize.Fixed(5));
    var star = parsed("%*.*s").conversions().getFirst();
    assertThat(star.width()).isEqualTo(FieldSize.FROM_ARGUMENT);
    assertThat(star.precision()).isEqualTo(FieldSize.FROM_ARGUMENT);
    assertThat(parsed("%*.*s").operands().stream().map(Operand::role))
        .containsExactly(Role.WIDTH, Role.PRECISION, Role.VALUE);
    assertThat(parsed("%.d").conversions().getFirst().precision())
        .isEqualTo(FieldSize.UNSPECIFIED);
  }

  @Test
  void formatsWithoutConversions() {
    assertThat(parsed("").pieces()).isEmpty();
    assertThat(parsed("hello\n").operands()).isEmpty();
    assertThat(parsed("50%% done").pieces())
        .containsExactly(new Literal("50% done".getBytes(StandardCharsets.US_ASCII)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "'%q'|0|2|unknown conversion '%q'; valid conversions are %d %i %u %x %X %o %c %s %p %b"
            + " %m %M %%",
        "'ab %-+5d'|3|3|too many flags in '%-+': SystemTap takes at most one of - + space # 0 per"
            + " conversion",
        "'%5-d'|0|3|flag '-' in '%5-' is misplaced: a flag goes right after the %",
        "'%lld'|0|3|'%ll': only one 'l' is accepted (every value is 64-bit anyway); write %d or"
            + " %ld",
        "'%hd'|0|2|length modifier 'h' in '%h' is not supported: every value is 64-bit; leave it"
            + " out",
        "'x=%f'|2|2|floating-point conversion '%f' is not supported: SystemTap has no"
            + " floating-point values",
        "'%n'|0|2|'%n' is not supported",
        "'value %-5'|6|3|incomplete conversion '%-5' at the end of the format: add a conversion"
            + " such as d or s, or write %% for a literal %",
        "'%.3'|0|3|incomplete conversion '%.3' at the end of the format: add a conversion such as"
            + " d or s, or write %% for a literal %",
      })
  void mistakesAreReportedWhereTheyAre(String format, int offset, int length, String message) {
    assertThat(error(format)).isEqualTo(new FormatError(offset, length, message));
  }

  @Test
  void errorOffsetsCountCharactersOfAStringAndBytesOfBytes() {
    assertThat(error("é%q").offset()).isEqualTo(1);
    var bytes = StapFormat.parse("é%q".getBytes(StandardCharsets.UTF_8));
    assertThat(((Invalid) bytes).error().offset()).isEqualTo(2);
    assertThat(error("\u00ff\u00ff%q").message()).contains("'%q'");
  }

  @Test
  void nonPrintableBytesAreShownAsEscapes() {
    var bytes = StapFormat.parse(new byte[] {'%', 1});
    assertThat(((Invalid) bytes).error().message()).startsWith("unknown conversion '%\\x01'");
  }

  @Test
  void argumentsThatFit() {
    assertThat(parsed("%s %d").checkArguments(List.of(S, L))).isEmpty();
    assertThat(parsed("%-*s").checkArguments(List.of(L, S))).isEmpty();
    assertThat(parsed("%.*m").checkArguments(List.of(L, L))).isEmpty();
  }

  @Test
  void missingArgument() {
    assertThat(parsed("%s %d and %x").checkArguments(List.of(S)))
        .containsExactly(
            new ArgumentProblem(
                1, 3, 2, "missing argument for '%d': the format takes 3 arguments, 1 given"));
  }

  @Test
  void tooManyArguments() {
    assertThat(parsed("%d").checkArguments(List.of(L, S)))
        .containsExactly(
            new ArgumentProblem(1, -1, 0, "too many arguments: the format takes 1 argument, 2 given"));
    assertThat(parsed("hello").checkArguments(Collections.nCopies(33, L)))
        .extracting(ArgumentProblem::message)
        .containsExactly(
            "too many arguments to print (33): SystemTap takes at most 32",
            "too many arguments: the format takes 0 arguments, 33 given");
  }

  @Test
  void wrongTypes() {
    assertThat(parsed("%d %s").checkArguments(List.of(S, L)))
        .containsExactly(
            new ArgumentProblem(0, 0, 2, "'%d' takes a long, but argument 1 is a string"),
            new ArgumentProblem(1, 3, 2, "'%s' takes a string, but argument 2 is a long"));
    assertThat(parsed("%-*s").checkArguments(List.of(S, S)))
        .containsExactly(
            new ArgumentProblem(
                0, 0, 4, "the * width of '%-*s' takes a long, but argument 1 is a string"));
    assertThat(parsed("%.*s").checkArguments(List.of(S, S)))
        .extracting(ArgumentProblem::message)
        .containsExactly("the * precision of '%.*s' takes a long, but argument 1 is a string");
    assertThat(parsed("%m").checkArguments(List.of(S)))
        .extracting(ArgumentProblem::message)
        .containsExactly("'%m' takes a long, but argument 1 is a string");
  }

  @Test
  void valuesForTooFewOperandsAreRefused() {
    assertThatThrownBy(
            () -> parsed("%d %d").sprintf(ValueArguments.of(1L), FormatLimits.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes 2 arguments, got 1");
    assertThatThrownBy(() -> parsed("%s").sprintf(ValueArguments.of(1L), FormatLimits.DEFAULT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a string");
  }

  @Test
  void naturalRecordLayout() {
    var layout = RecordLayout.pack(parsed("%s[%d] %.4m %*s"), 16, 64);
    assertThat(layout.fields())
        .containsExactly(
            new RecordLayout.Field(RecordKind.STRING, 0, 16),
            new RecordLayout.Field(RecordKind.LONG, 16, 8),
            new RecordLayout.Field(RecordKind.MEMORY, 24, 4),
            new RecordLayout.Field(RecordKind.LONG, 32, 8),
            new RecordLayout.Field(RecordKind.STRING, 40, 16));
    assertThat(layout.size()).isEqualTo(56);
    assertThat(RecordLayout.pack(parsed("%.*M"), 16, 64).fields().get(1).capacity()).isEqualTo(64);
    assertThat(RecordLayout.pack(parsed("%s"), 13, 1).size()).isEqualTo(16);
  }

  @Test
  void layoutsThatDoNotFitAreRefused() {
    var f = parsed("%d %s");
    assertThatThrownBy(() -> new RecordFormatter(f, RecordLayout.pack(parsed("%d"), 8, 8),
            FormatLimits.DEFAULT))
        .hasMessageContaining("has 2 operands, layout has 1 fields");
    assertThatThrownBy(() -> new RecordFormatter(f, RecordLayout.pack(parsed("%d %d"), 8, 8),
            FormatLimits.DEFAULT))
        .hasMessageContaining("operand 1")
        .hasMessageContaining("is STRING, layout field is LONG");
    assertThatThrownBy(() -> new RecordLayout.Field(RecordKind.LONG, 4, 8))
        .hasMessageContaining("8-aligned");
    assertThatThrownBy(
            () -> new RecordLayout(List.of(new RecordLayout.Field(RecordKind.STRING, 0, 16)), 8))
        .hasMessageContaining("ends past size 8");
  }
}
