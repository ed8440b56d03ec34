package io.jstap.bpf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Owns every kernel object of one session: maps by name, programs, attachments, ring buffer
 * readers. {@link #close()} detaches first (all attachments in parallel, so the kernel's grace
 * periods overlap), then closes readers, programs and maps. Its methods may be called from
 * several threads (e.g. close from a shutdown hook).
 */
public final class BpfObjects implements AutoCloseable {
  private final Map<String, BpfMap> maps = new LinkedHashMap<>();
  private final List<BpfProgram> programs = new ArrayList<>();
  private final List<Attachment> attachments = new ArrayList<>();
  private final List<AutoCloseable> others = new ArrayList<>();
  private boolean closed;

  /** Creates a map; its name must be new in this collection. */
  public synchronized BpfMap createMap(MapSpec spec) {
    checkOpen();
    if (maps.containsKey(spec.name())) throw new IllegalArgumentException("map '" + spec.name() + "' exists already");
    BpfMap m = BpfMap.create(spec);
    maps.put(spec.name(), m);
    return m;
  }

  /** The map of that name, or null. */
  public synchronized BpfMap map(String name) {
    return maps.get(name);
  }

  public synchronized Map<String, BpfMap> maps() {
    return Map.copyOf(maps);
  }

  /** Loads a program, resolving its map references among this collection's maps. */
  public synchronized BpfProgram load(ProgramSpec spec) {
    checkOpen();
    BpfProgram p = BpfProgram.load(spec, maps);
    programs.add(p);
    return p;
  }

  /** Takes ownership of an attachment (e.g. {@code own(PerfEvent.tracepoint(...))}). */
  public synchronized <A extends Attachment> A own(A attachment) {
    if (closed) {
      attachment.close();
      checkOpen();
    }
    attachments.add(attachment);
    return attachment;
  }

  /** Takes ownership of several attachments. */
  public synchronized <A extends Attachment> List<A> ownAll(List<A> list) {
    for (A a : list) own(a);
    return list;
  }

  /** Takes ownership of another resource (a ring buffer reader), closed after attachments. */
  public synchronized <C extends AutoCloseable> C own(C resource) {
    if (resource instanceof Attachment a) {
      own(a);
      return resource;
    }
    checkOpen();
    others.add(resource);
    return resource;
  }

  public synchronized List<Attachment> attachments() {
    return List.copyOf(attachments);
  }

  /** Detaches every program now (in parallel); maps stay readable. */
  public void detachAll() {
    List<Attachment> list;
    synchronized (this) {
      list = List.copyOf(attachments);
      attachments.clear();
    }
    Attachments.closeAll(list);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    RuntimeException failure = null;
    try {
      detachAll();
    } catch (RuntimeException e) {
      failure = e;
    }
    List<AutoCloseable> rest = new ArrayList<>(others);
    rest.addAll(programs);
    rest.addAll(maps.values());
    for (AutoCloseable c : rest) {
      try {
        c.close();
      } catch (Exception e) {
        if (failure == null) failure = e instanceof RuntimeException r ? r : new BpfException(e.toString());
        else failure.addSuppressed(e);
      }
    }
    others.clear();
    programs.clear();
    maps.clear();
    if (failure != null) throw failure;
  }

  private void checkOpen() {
    if (closed) throw new IllegalStateException("these BPF objects are closed");
  }
}
