package io.jstap.cli;

import io.jstap.codegen.CompiledScript;
import io.jstap.runtime.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The background half of {@code -F}: runs the session, output into the {@code -o} file(s) or a
 * memory buffer, and serves {@code jstap attach} and {@code jstap stop} on its socket, which it
 * opens once every probe is attached (its existence tells the starting jstap that all went
 * well). {@code jstap stop} (or SIGTERM) ends the session as Ctrl-C would: end probes run, what
 * they print is kept, everything detaches. When the session ends on its own ({@code exit()},
 * {@code -T}) with its output in memory, the recorder waits for {@code jstap stop} to collect it;
 * a signal ends it without waiting (the memory buffer is lost, as the README says).
 */
final class RecorderDaemon {
  private final String id;
  private final Path dir;
  private final SessionSettings settings;
  private final SessionRunner runner;
  private final PrintWriter err;
  private MemoryRing ring;
  private LiveOutput live;
  private ServerSocketChannel server;
  private volatile Session session;
  private volatile boolean finished;
  private volatile int status;
  /** Whether a {@code jstap stop} client got the log (it is removed then). */
  private volatile boolean delivered;
  private final List<SocketChannel> stoppers = new ArrayList<>();
  private final CountDownLatch collected = new CountDownLatch(1);

  RecorderDaemon(String id, Path dir, SessionSettings settings, SessionRunner runner,
      PrintWriter err) {
    this.id = id;
    this.dir = dir;
    this.settings = settings;
    this.runner = runner;
    this.err = err;
  }

  int run(CompiledScript compiled, long start) {
    OutputStream primary;
    try {
      primary = settings.outputFile() != null ? runner.scriptOutput()
          // without -o, the newest output in memory: as much as the ring buffer holds (-s)
          : (ring = new MemoryRing(compiled.ringBufferBytes()));
    } catch (IOException e) {
      err.println("jstap: cannot write " + settings.outputFile() + ": " + e.getMessage());
      err.flush();
      return 1;
    }
    live = new LiveOutput(primary);
    try {
      status = runner.run(compiled, start, live, true, this::listen, s -> session = s);
      synchronized (this) {
        finished = true;
      }
      live.end("jstap: the flight recorder " + id + "'s session ended", status);
      if (server == null) return status; // never got to listen: the log says why
      synchronized (this) {
        for (SocketChannel s : stoppers) deliver(s);
        // SIGTERM or Ctrl-C ended it: the user wants it gone, memory buffer and all.
        if (!stoppers.isEmpty() || ring == null || Signals.received()) collected.countDown();
      }
      // Output in memory: wait until jstap stop has collected it (or a signal says to go).
      Signals.onInterrupt(collected::countDown);
      try {
        collected.await();
      } finally {
        Signals.reset();
      }
      return status;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return status;
    } finally {
      close();
    }
  }

  /** Every probe is attached: open the socket. */
  private void listen() {
    try {
      Path socket = RecorderChannel.socket(dir, id);
      Files.deleteIfExists(socket);
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.writeString(dir.resolve(id + ".pid"), ProcessHandle.current().pid() + "\n");
      Thread.ofPlatform().daemon().name("recorder").start(this::serve);
    } catch (IOException e) {
      err.println("jstap: the flight recorder cannot listen on " + dir + ": " + e.getMessage());
      err.flush();
      Session s = session;
      if (s != null) s.stop();
    }
  }

  private void serve() {
    while (server.isOpen()) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Thread.ofVirtual().name("recorder-client").start(() -> handle(client));
    }
  }

  private void handle(SocketChannel client) {
    try {
      String command = RecorderChannel.readCommand(client);
      switch (command) {
        case "status" -> {
          RecorderChannel.send(client, RecorderChannel.NOTE, describe().getBytes(StandardCharsets.UTF_8));
          RecorderChannel.sendStatus(client, 0);
          client.close();
        }
        case "attach" -> {
          synchronized (this) {
            if (finished) {
              if (ring != null) RecorderChannel.send(client, RecorderChannel.OUTPUT, ring.snapshot());
              RecorderChannel.send(client, RecorderChannel.NOTE, ("jstap: the flight recorder "
                  + id + "'s session has ended; 'jstap stop " + id + "' collects its output and"
                  + " removes it").getBytes(StandardCharsets.UTF_8));
              RecorderChannel.sendStatus(client, status);
              client.close();
              return;
            }
            if (ring == null) {
              RecorderChannel.send(client, RecorderChannel.NOTE, ("jstap: following " + id
                  + "; its output goes to " + settings.outputFile() + (settings.rotation() != null
                  ? ".N" : "")).getBytes(StandardCharsets.UTF_8));
            }
            synchronized (live) {
              live.follow(client, ring == null ? new byte[0] : ring.snapshot());
            }
          }
        }
        case "stop" -> {
          synchronized (this) {
            if (finished) {
              deliver(client);
              collected.countDown();
              return;
            }
            stoppers.add(client);
          }
          Session s = session;
          if (s != null) s.stop();
        }
        default -> {
          RecorderChannel.send(client, RecorderChannel.NOTE,
              ("jstap: unknown recorder command '" + command + "'").getBytes(StandardCharsets.UTF_8));
          RecorderChannel.sendStatus(client, 2);
          client.close();
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /** To a {@code jstap stop} client: the memory buffer, the session's stderr, the status. */
  private void deliver(SocketChannel client) {
    try (client) {
      if (ring != null) RecorderChannel.send(client, RecorderChannel.OUTPUT, ring.snapshot());
      else RecorderChannel.send(client, RecorderChannel.NOTE, ("jstap: the output is in "
          + settings.outputFile() + (settings.rotation() != null ? ".N" : ""))
          .getBytes(StandardCharsets.UTF_8));
      Path log = RecorderChannel.log(dir, id);
      err.flush();
      if (Files.exists(log)) RecorderChannel.send(client, RecorderChannel.ERRORS, Files.readAllBytes(log));
      RecorderChannel.sendStatus(client, status);
      delivered = true;
    } catch (IOException e) {
      // the client went away; the log stays
    }
  }

  private String describe() {
    String output = ring != null ? "the newest " + (ring.capacity() >> 20) + " MiB of output in"
        + " memory (" + ring.written() + " bytes written)"
        : "output to " + settings.outputFile() + (settings.rotation() != null ? ".N" : "");
    return id + ": pid " + ProcessHandle.current().pid() + ", " + (finished ? "session ended"
        : "tracing") + ", " + output;
  }

  private void close() {
    try {
      if (server != null) server.close();
      Files.deleteIfExists(RecorderChannel.socket(dir, id));
      Files.deleteIfExists(RecorderChannel.module(dir, id));
      Files.deleteIfExists(dir.resolve(id + ".pid"));
      Path log = RecorderChannel.log(dir, id);
      if (delivered || (Files.exists(log) && Files.size(log) == 0)) Files.deleteIfExists(log);
    } catch (IOException e) {
      // best effort: a stale file is cleaned up by the next recorder of this name
    }
  }
}
