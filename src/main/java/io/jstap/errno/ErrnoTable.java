package io.jstap.errno;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The error codes of one architecture family, read from the single table errno.tsv (which
 * serves `jstap errno`, `errno_str()` in scripts, and jstap's own error messages).
 */
public final class ErrnoTable {
  private static final String RESOURCE = "errno.tsv";
  private static final Map<Arch, ErrnoTable> TABLES = new EnumMap<>(Arch.class);

  private final Arch arch;
  private final List<ErrnoCode> codes; // by number, each primary name before its aliases
  private final Map<String, ErrnoCode> byName = new HashMap<>();
  private final Map<Integer, ErrnoCode> primaryByNumber = new HashMap<>();

  private ErrnoTable(Arch arch, List<ErrnoCode> codes) {
    this.arch = arch;
    this.codes = List.copyOf(codes);
    for (ErrnoCode c : codes) {
      byName.put(c.name(), c);
      if (!c.isAlias()) primaryByNumber.putIfAbsent(c.number(), c);
    }
  }

  /** The table of the machine jstap runs on. */
  public static ErrnoTable running() {
    return of(Arch.running());
  }

  public static synchronized ErrnoTable of(Arch arch) {
    return TABLES.computeIfAbsent(arch, ErrnoTable::load);
  }

  public Arch arch() {
    return arch;
  }

  /** Every code and alias, by number; a primary name comes before its aliases. */
  public List<ErrnoCode> codes() {
    return codes;
  }

  /** The primary code with this number (the sign is ignored: kernels return -errno). */
  public Optional<ErrnoCode> byNumber(long number) {
    long n = Math.abs(number);
    return n > Integer.MAX_VALUE ? Optional.empty() : Optional.ofNullable(primaryByNumber.get((int) n));
  }

  /** The code or alias with this name, in any letter case. */
  public Optional<ErrnoCode> byName(String name) {
    return Optional.ofNullable(byName.get(name.toUpperCase(Locale.ROOT)));
  }

  /** The aliases that share the number of a primary code. */
  public List<ErrnoCode> aliasesOf(ErrnoCode primary) {
    return codes.stream().filter(c -> primary.name().equals(c.aliasOf())).toList();
  }

  /** Codes whose description contains every word, ignoring case. */
  public List<ErrnoCode> search(List<String> words) {
    var lowered = words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    return codes.stream()
        .filter(c -> {
          String d = c.description().toLowerCase(Locale.ROOT);
          return lowered.stream().allMatch(d::contains);
        })
        .toList();
  }

  /** Names closest to a mistyped one (edit distance at most 2, best first), for "did you mean". */
  public List<String> nearestNames(String typo, int limit) {
    String t = typo.toUpperCase(Locale.ROOT);
    record Scored(String name, int distance) {}
    return byName.keySet().stream()
        .map(n -> new Scored(n, EditDistance.between(t, n)))
        .filter(s -> s.distance() <= Math.max(1, Math.min(2, t.length() / 3)))
        .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
        .limit(limit)
        .map(Scored::name)
        .toList();
  }

  private static ErrnoTable load(Arch arch) {
    var in = ErrnoTable.class.getResourceAsStream(RESOURCE);
    if (in == null) throw new IllegalStateException("errno table resource missing: " + RESOURCE);
    try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      int column = -1;
      var rows = new ArrayList<String[]>();
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.startsWith("# name\t")) {
          String[] header = line.substring(2).split("\t");
          for (int i = 0; i < header.length; i++) {
            if (header[i].equals(arch.familyName())) column = i;
          }
        } else if (!line.isBlank() && !line.startsWith("#")) {
          rows.add(line.split("\t"));
        }
      }
      if (column < 0) throw new IllegalStateException("errno table has no column " + arch.familyName());
      return new ErrnoTable(arch, codesIn(rows, column));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<ErrnoCode> codesIn(List<String[]> rows, int column) {
    Map<String, String[]> rowByName = new HashMap<>();
    for (String[] r : rows) rowByName.put(r[0], r);
    var codes = new ArrayList<ErrnoCode>();
    for (String[] r : rows) {
      String cell = r[column];
      if (cell.equals("-")) continue;
      String aliasOf = null;
      String target = cell;
      while (target.startsWith("=")) { // follow alias chains to the number
        aliasOf = aliasOf == null ? target.substring(1) : aliasOf;
        target = rowByName.get(target.substring(1))[column];
      }
      boolean kernel = r[r.length - 2].equals("kernel");
      codes.add(new ErrnoCode(r[0], Integer.parseInt(target), aliasOf, kernel, r[r.length - 1]));
    }
    codes.sort(Comparator.comparingInt(ErrnoCode::number).thenComparing(ErrnoCode::isAlias));
    return codes;
  }
}
