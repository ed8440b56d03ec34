package io.jstap.dropwatch;

import java.util.Locale;

/** One command typed at the {@code dropwatch>} prompt. */
public sealed interface ShellCommand {
  record Start() implements ShellCommand {}

  record Stop() implements ShellCommand {}

  record Exit() implements ShellCommand {}

  record Help() implements ShellCommand {}

  record Show() implements ShellCommand {}

  record Stats() implements ShellCommand {}

  /** Stop monitoring after this many alerts; 0 for no limit. */
  record SetAlertLimit(long limit) implements ShellCommand {}

  record SetAlertMode(boolean packets) implements ShellCommand {}

  /** Packet mode's limit of packets per second; 0 for none. */
  record SetRate(int perSecond) implements ShellCommand {}

  /** Comma-separated reasons, or {@code all}. */
  record SetReason(String reasons) implements ShellCommand {}

  /** Comma-separated protocols, or {@code all}. */
  record SetProtocol(String protocols) implements ShellCommand {}

  record Nothing() implements ShellCommand {}

  /** Not a command, or a wrong argument: the message says which and what is expected. */
  record Invalid(String message) implements ShellCommand {}

  /** Parses one input line (words separated by blanks; case of command words ignored). */
  static ShellCommand parse(String line) {
    String[] w = line.strip().split("\\s+");
    if (w.length == 0 || w[0].isEmpty()) return new Nothing();
    String cmd = w[0].toLowerCase(Locale.ROOT);
    return switch (cmd) {
      case "start" -> w.length == 1 ? new Start() : extra(cmd);
      case "stop" -> w.length == 1 ? new Stop() : extra(cmd);
      case "exit", "quit" -> w.length == 1 ? new Exit() : extra(cmd);
      case "help", "?" -> new Help();
      case "show" -> w.length == 1 ? new Show() : extra(cmd);
      case "stats" -> w.length == 1 ? new Stats() : extra(cmd);
      case "set" -> set(w);
      default -> new Invalid("unknown command '" + w[0] + "'; type help for the list");
    };
  }

  private static ShellCommand set(String[] w) {
    if (w.length < 2) return new Invalid("set what? alertlimit, alertmode, rate, reason or protocol (see help)");
    String what = w[1].toLowerCase(Locale.ROOT);
    if (w.length != 3) {
      return new Invalid("set " + what + " takes one value, e.g. " + example(what));
    }
    String v = w[2];
    return switch (what) {
      case "alertlimit" -> {
        Long n = number(v);
        yield n == null || n < 0
            ? new Invalid("alertlimit is a number of alerts (0 for no limit), not '" + v + "'")
            : new SetAlertLimit(n);
      }
      case "alertmode" ->
          switch (v.toLowerCase(Locale.ROOT)) {
            case "summary" -> new SetAlertMode(false);
            case "packet" -> new SetAlertMode(true);
            default -> new Invalid("alertmode is summary or packet, not '" + v + "'");
          };
      case "rate" -> {
        Long n = number(v);
        yield n == null || n < 0 || n > Integer.MAX_VALUE
            ? new Invalid("rate is packets per second (0 for no limit), not '" + v + "'")
            : new SetRate((int) (long) n);
      }
      case "reason" -> new SetReason(v.equalsIgnoreCase("all") ? "" : v);
      case "protocol" -> new SetProtocol(v.equalsIgnoreCase("all") ? "" : v);
      default -> new Invalid("cannot set '" + w[1] + "'; settings: alertlimit, alertmode, rate, reason, protocol");
    };
  }

  private static String example(String what) {
    return switch (what) {
      case "alertlimit" -> "set alertlimit 10";
      case "alertmode" -> "set alertmode packet";
      case "rate" -> "set rate 100";
      case "reason" -> "set reason NO_SOCKET,NETFILTER_DROP";
      case "protocol" -> "set protocol udp";
      default -> "set alertlimit 10";
    };
  }

  private static ShellCommand extra(String cmd) {
    return new Invalid(cmd + " takes no arguments");
  }

  private static Long number(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
