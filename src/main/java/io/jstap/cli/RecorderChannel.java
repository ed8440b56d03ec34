package io.jstap.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How {@code jstap attach} and {@code jstap stop} talk to a flight recorder: a Unix socket
 * {@code ID.sock} in the recorders' folder ({@code /run/jstap} for root, else
 * {@code $XDG_RUNTIME_DIR/jstap} or {@code /tmp/jstap-USER}), beside the recorder's module
 * {@code ID.bo} and its log {@code ID.log} (its stderr).
 *
 * <p>The client sends one line, {@code attach}, {@code stop} or {@code status}; the recorder
 * answers with frames: a kind byte, a 4-byte big-endian length, then the payload. Kinds: {@link
 * #OUTPUT} (the script's output), {@link #ERRORS} (its stderr), {@link #NOTE} (a line about the
 * recorder, for the user), {@link #STATUS} (the exit status, 4 bytes: the last frame).
 */
final class RecorderChannel {
  static final byte OUTPUT = 'O';
  static final byte ERRORS = 'E';
  static final byte NOTE = 'N';
  static final byte STATUS = 'X';

  private RecorderChannel() {}

  /** The folder the recorders' sockets, modules and logs are in (created when missing). */
  static Path directory() throws IOException {
    String override = System.getProperty("jstap.recorders");
    Path dir;
    if (override != null) {
      dir = Path.of(override);
    } else if (Files.isWritable(Path.of("/run"))) {
      dir = Path.of("/run/jstap");
    } else if (System.getenv("XDG_RUNTIME_DIR") != null) {
      dir = Path.of(System.getenv("XDG_RUNTIME_DIR"), "jstap");
    } else {
      dir = Path.of(System.getProperty("java.io.tmpdir"), "jstap-" + System.getProperty("user.name"));
    }
    Files.createDirectories(dir);
    return dir;
  }

  static Path socket(Path dir, String id) {
    return dir.resolve(id + ".sock");
  }

  static Path module(Path dir, String id) {
    return dir.resolve(id + ".bo");
  }

  static Path log(Path dir, String id) {
    return dir.resolve(id + ".log");
  }

  /**
   * The recorders whose sockets are in {@code dir}, sorted. The files of a recorder that died
   * without cleaning up (killed with SIGKILL) are removed on the way.
   */
  static List<String> recorders(Path dir) throws IOException {
    var ids = new ArrayList<String>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (!name.endsWith(".sock")) continue;
        String id = name.substring(0, name.length() - 5);
        if (isDead(dir, id)) {
          for (Path f : List.of(socket(dir, id), module(dir, id), dir.resolve(id + ".pid"))) {
            Files.deleteIfExists(f);
          }
          continue;
        }
        ids.add(id);
      }
    }
    ids.sort(null);
    return ids;
  }

  /** Whether the recorder's pid file names a process that is gone. */
  private static boolean isDead(Path dir, String id) {
    try {
      long pid = Long.parseLong(Files.readString(dir.resolve(id + ".pid")).strip());
      return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    } catch (IOException | NumberFormatException e) {
      return false; // starting, or not ours to judge
    }
  }

  /** Connects to a recorder and sends a command; null when nothing listens there. */
  static SocketChannel connect(Path dir, String id, String command) {
    try {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        ch.connect(UnixDomainSocketAddress.of(socket(dir, id)));
        writeFully(ch, ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
        return ch;
      } catch (IOException e) {
        ch.close();
        return null;
      }
    } catch (IOException e) {
      return null;
    }
  }

  static void send(SocketChannel ch, byte kind, byte[] payload) throws IOException {
    var frame = ByteBuffer.allocate(5 + payload.length);
    frame.put(kind).putInt(payload.length).put(payload).flip();
    writeFully(ch, frame);
  }

  static void sendStatus(SocketChannel ch, int status) throws IOException {
    send(ch, STATUS, ByteBuffer.allocate(4).putInt(status).array());
  }

  private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) ch.write(b);
  }

  /** One frame from the recorder. */
  record Frame(byte kind, byte[] payload) {
    int status() {
      return ByteBuffer.wrap(payload).getInt();
    }
  }

  /** The next frame, or null when the recorder closed the connection. */
  static Frame read(SocketChannel ch) throws IOException {
    var head = ByteBuffer.allocate(5);
    if (!readFully(ch, head)) return null;
    head.flip();
    byte kind = head.get();
    int length = head.getInt();
    if (length < 0 || length > (1 << 30)) throw new IOException("bad frame from the recorder");
    var payload = ByteBuffer.allocate(length);
    if (!readFully(ch, payload)) return null;
    return new Frame(kind, payload.array());
  }

  private static boolean readFully(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) return false;
    }
    return true;
  }

  /** A command line read from a client (at most 64 bytes). */
  static String readCommand(SocketChannel ch) throws IOException {
    var b = ByteBuffer.allocate(1);
    var line = new StringBuilder();
    while (line.length() < 64) {
      b.clear();
      if (ch.read(b) < 0) break;
      char c = (char) b.array()[0];
      if (c == '\n') break;
      line.append(c);
    }
    return line.toString().strip();
  }
}
