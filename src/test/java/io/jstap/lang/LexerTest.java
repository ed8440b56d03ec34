package io.jstap.lang;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.lang.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {
  private static List<Token> lex(String text, String... args) {
    var lexer = new Lexer(new Source("t.stp", text), List.of(args), new Diagnostics());
    var out = new ArrayList<Token>();
    for (Token t = lexer.next(); !t.isEof(); t = lexer.next()) out.add(t);
    return out;
  }

  private static List<String> texts(String text, String... args) {
    return lex(text, args).stream().map(Token::text).toList();
  }

  @Test
  void operatorsTakeTheLongestMatch() {
    assertThat(texts("a<<<b >>>= <<= >>= -> ++ -- .= =~ !~ %( %? %: %) %="))
        .containsExactly("a", "<<<", "b", ">>>", "=", "<<=", ">>=", "->", "++", "--", ".=",
            "=~", "!~", "%(", "%?", "%:", "%)", "%=");
  }

  @Test
  void wordsStartingWithAtAreOperatorsAndKeywordsAreKeywords() {
    List<Token> tokens = lex("@cast foo $bar probe string x$y");
    assertThat(tokens).extracting(Token::kind)
        .containsExactly(Kind.OPERATOR, Kind.IDENTIFIER, Kind.IDENTIFIER, Kind.KEYWORD,
            Kind.KEYWORD, Kind.IDENTIFIER);
    assertThat(tokens.get(5).text()).isEqualTo("x$y");
  }

  @Test
  void commentsOfThreeKindsAreSkipped() {
    assertThat(texts("a # shell\nb // c++\nc /* c\n still */ d")).containsExactly("a", "b", "c", "d");
  }

  @Test
  void numbersTakeEveryFollowingAlphanumeric() {
    List<Token> tokens = lex("0x1f 077 12abc 5.4");
    assertThat(tokens).extracting(Token::text).containsExactly("0x1f", "077", "12abc", "5", ".", "4");
    assertThat(tokens.getFirst().kind()).isEqualTo(Kind.NUMBER);
  }

  @Test
  void stringEscapesBecomeBytes() {
    Token t = lex("\"a\\tb\\n\\\"q\\\\ \\101\\x42 \\% é\"").getFirst();
    assertThat(t.kind()).isEqualTo(Kind.STRING);
    assertThat(t.text()).isEqualTo("a\tb\n\"q\\ AB % \u00c3\u00a9");
  }

  @Test
  void unclosedStringIsJunkUpToTheLineEnd() {
    List<Token> tokens = lex("x = \"open\ny");
    Token junk = tokens.get(2);
    assertThat(junk.kind()).isEqualTo(Kind.JUNK);
    assertThat(junk.span().text()).isEqualTo("\"open");
    assertThat(junk.problem()).contains("not closed");
    assertThat(tokens.get(3).text()).isEqualTo("y");
    assertThat(tokens.get(3).lineStart()).isTrue();
  }

  @Test
  void embeddedCodeIsOneTokenOfVerbatimText() {
    List<Token> tokens = lex("%{ int x = 1; /* } */ %} y");
    assertThat(tokens.getFirst().kind()).isEqualTo(Kind.EMBEDDED);
    assertThat(tokens.getFirst().text()).isEqualTo(" int x = 1; /* } */ ");
    assertThat(tokens.get(1).text()).isEqualTo("y");
  }

  @Test
  void unclosedEmbeddedCodeIsJunk() {
    Token t = lex("%{ never").getFirst();
    assertThat(t.kind()).isEqualTo(Kind.JUNK);
    assertThat(t.problem()).contains("'%}'");
  }

  @Test
  void dollarArgumentsArePastedAsText() {
    assertThat(texts("timer.ms($1) $2", "100", "a + b")).containsExactly("timer", ".", "ms", "(", "100", ")", "a", "+", "b");
  }

  @Test
  void pastedTextGluesOntoWhatFollows() {
    assertThat(texts("$1bar", "foo")).containsExactly("foobar");
  }

  @Test
  void atArgumentsAreQuotedStrings() {
    List<Token> tokens = lex("@1 @2", "say \"hi\"", "back\\slash");
    assertThat(tokens).extracting(Token::kind).containsExactly(Kind.STRING, Kind.STRING);
    assertThat(tokens).extracting(Token::text).containsExactly("say \"hi\"", "back\\slash");
  }

  @Test
  void argumentCountIsANumberOrAString() {
    List<Token> tokens = lex("$# @#", "a", "b");
    assertThat(tokens).extracting(Token::kind).containsExactly(Kind.NUMBER, Kind.STRING);
    assertThat(tokens).extracting(Token::text).containsExactly("2", "2");
  }

  @Test
  void pastedTokensAreLocatedAtTheReference() {
    Token t = lex("x = $1", "42").get(2);
    assertThat(t.text()).isEqualTo("42");
    assertThat(t.span().text()).isEqualTo("$1");
  }

  @Test
  void missingArgumentIsJunkSayingHowManyWereGiven() {
    Token t = lex("$3", "a").getFirst();
    assertThat(t.kind()).isEqualTo(Kind.JUNK);
    assertThat(t.problem()).isEqualTo("script argument $3 is out of range: only 1 argument was given");
  }

  @Test
  void anArgumentCannotPasteAnother() {
    Token t = lex("$1", "$2", "x").getFirst();
    assertThat(t.kind()).isEqualTo(Kind.JUNK);
    assertThat(t.problem()).contains("cannot hold another argument");
  }

  @Test
  void strayCharactersAreJunkWithAHintForSingleQuotes() {
    List<Token> tokens = lex("'a' ` \u00e9");
    assertThat(tokens).extracting(Token::kind).contains(Kind.JUNK);
    assertThat(tokens.getFirst().hint()).contains("double quotes");
    assertThat(tokens.getLast().problem()).isEqualTo("unexpected character '\u00e9'");
  }

  @Test
  void spaceAndLineStartAreRecorded() {
    List<Token> tokens = lex("a b\n  c*d");
    assertThat(tokens).extracting(Token::spaceBefore).containsExactly(false, true, true, false, false);
    assertThat(tokens).extracting(Token::lineStart).containsExactly(true, false, true, false, false);
  }

  @Test
  void unclosedCommentWarnsAndEnds() {
    var diagnostics = new Diagnostics();
    var lexer = new Lexer(new Source("t.stp", "a /* open"), List.of(), diagnostics);
    assertThat(lexer.next().text()).isEqualTo("a");
    assertThat(lexer.next().isEof()).isTrue();
    assertThat(diagnostics.all()).singleElement().extracting(Diagnostic::severity).isEqualTo(Severity.WARNING);
  }
}
