package io.jstap.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A flight recorder's output: everything goes to its file(s) or memory buffer, and a copy to
 * each {@code jstap attach} client following it. A client is fed by its own thread from a
 * bounded queue, so that a slow client never slows the tracing; one that falls 16 MiB behind is
 * dropped.
 */
final class LiveOutput extends OutputStream {
  private static final long MAX_BEHIND = 16 << 20;

  private final OutputStream primary;
  private final List<Follower> followers = new ArrayList<>();

  LiveOutput(OutputStream primary) {
    this.primary = primary;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    primary.write(b, off, len);
    if (followers.isEmpty()) return;
    byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
    followers.removeIf(f -> !f.offer(copy));
  }

  @Override
  public synchronized void flush() throws IOException {
    primary.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    primary.close();
  }

  /**
   * Starts feeding {@code client}: first {@code initial} (what a memory buffer holds, or
   * nothing), then everything written from now on, with nothing lost or repeated in between.
   */
  synchronized void follow(SocketChannel client, byte[] initial) {
    var f = new Follower(client);
    if (initial.length > 0) f.offer(initial);
    followers.add(f);
    Thread.ofVirtual().name("attach").start(f::run);
  }

  /** Ends every follower with a note and the exit status. */
  synchronized void end(String note, int status) {
    for (Follower f : followers) f.end(note, status);
    followers.clear();
  }

  private static final class Follower {
    private static final byte[] END = new byte[0];
    private final SocketChannel client;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private long behind;
    private String endNote;
    private int endStatus;

    Follower(SocketChannel client) {
      this.client = client;
    }

    /** False when the client is gone or too far behind. */
    synchronized boolean offer(byte[] bytes) {
      if (!client.isOpen()) return false;
      if (behind + bytes.length > MAX_BEHIND) {
        end("jstap: the recorder dropped this client: it read too slowly", 0);
        return false;
      }
      behind += bytes.length;
      queue.add(bytes);
      return true;
    }

    synchronized void end(String note, int status) {
      endNote = note;
      endStatus = status;
      queue.add(END);
    }

    void run() {
      try {
        while (true) {
          byte[] b = queue.take();
          if (b == END) {
            String note;
            int status;
            synchronized (this) {
              note = endNote;
              status = endStatus;
            }
            RecorderChannel.send(client, RecorderChannel.NOTE,
                note.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            RecorderChannel.sendStatus(client, status);
            break;
          }
          synchronized (this) {
            behind -= b.length;
          }
          RecorderChannel.send(client, RecorderChannel.OUTPUT, b);
        }
      } catch (IOException | InterruptedException e) {
        // the client went away: it detached
      } finally {
        try {
          client.close();
        } catch (IOException e) {
          // closed
        }
      }
    }
  }
}
