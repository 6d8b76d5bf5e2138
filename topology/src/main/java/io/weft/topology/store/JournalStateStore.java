package io.weft.topology.store;

import io.weft.topology.Endpoint;
import io.weft.topology.Host;
import io.weft.topology.Network;
import io.weft.topology.Router;
import io.weft.topology.StateStore;
import io.weft.topology.StoredState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link StateStore}: an append-only journal, {@code <dir>/weft.journal}, of JSON rows, compacted by
 * rewriting it whole. See docs/durability.md for the promise and how it is tested.
 *
 * <p>A write appends one checksummed frame (in the OS's hands when it returns: it survives {@code kill -9}); {@link
 * #awaitDurable} forces every frame appended so far to the disk with one fsync, so writers that arrive while one fsync
 * runs share the next (group commit), and what {@link io.weft.topology.Topology} acknowledged survives a power cut
 * too. A write that throws left nothing behind. A failed fsync cannot be undone (the kernel may have dropped the
 * pages it could not write): the store then refuses every write until it is reopened, which reads back what the disk
 * really holds. Reopening replays the journal;
 * a crash can only tear the last, unacknowledged frame, which is dropped, and any other damage refuses to open
 * rather than load less than was acknowledged. Nothing here depends on time: there is no retention window, and the
 * file is only ever appended to or atomically replaced.
 *
 * <p>Weft replaced H2's MVStore with this after MVStore lost acknowledged writes on {@code kill -9}: once it reuses
 * freed space (after its 45 s retention), a commit written into a reused block is found on reopening only if the
 * file header points at it, and the header it writes points one chunk behind; its recovery then quietly settles on
 * an older consistent version.
 */
public final class JournalStateStore implements StateStore {
    public static final String FILE_NAME = "weft.journal";
    static final String COMPACTING_FILE_NAME = "weft.journal.compacting";
    private static final Logger log = LoggerFactory.getLogger(JournalStateStore.class);

    private final Path file;
    private final JournalSettings settings;
    private final StoreLock lock;
    private final StoreTables tables;
    private final RowCodec codec = new RowCodec();
    private JournalWriter writer;
    private long generation;
    /** Writes that must be forced, counted; guarded by this. The mark of the latest is {@link #writeMark}. */
    private long appendedMark;
    /** Every write up to this mark is on the disk. */
    private volatile long durableMark;
    /** Held while one thread forces the journal for everyone waiting; taken before this store's monitor, never after. */
    private final Object forceLock = new Object();
    /** Set for good when a force fails: nothing more is acknowledged by this process. */
    private volatile String forceFailure;
    /** Forces of the journal by {@link #awaitDurable}: fewer than writes when writers share them. */
    private final AtomicLong forces = new AtomicLong();
    /** Compaction failed (e.g. a full disk) at this journal size; retried only once the journal doubles again. */
    private long compactionDeferredUntil;
    /** Set when a write fails, cleared by the next one that succeeds; read by health checks on any thread. */
    private volatile String writeProblem;

    private JournalStateStore(Path file, JournalSettings settings, StoreLock lock, StoreTables tables,
                              JournalWriter writer, long generation) {
        this.file = file;
        this.settings = settings;
        this.lock = lock;
        this.tables = tables;
        this.writer = writer;
        this.generation = generation;
    }

    /** Opens (creating if needed) the store in {@code directory}. Only one store may have a directory open. */
    public static JournalStateStore open(Path directory) {
        return open(directory, JournalSettings.DEFAULT);
    }

    public static JournalStateStore open(Path directory, JournalSettings settings) {
        Path file = directory.resolve(FILE_NAME);
        StoreLock lock = null;
        try {
            Files.createDirectories(directory);
            lock = StoreLock.acquire(directory);
            Files.deleteIfExists(directory.resolve(COMPACTING_FILE_NAME)); // a compaction a crash cut short
            if (!Files.exists(file)) {
                create(directory, file);
            }
            JournalReplay replay = JournalReplay.of(file, JournalReader.read(file));
            if (replay.tornBytes() > 0) {
                log.warn("State store {}: dropped a torn last write of {} bytes (a write a crash interrupted before it"
                        + " was acknowledged)", file, replay.tornBytes());
            }
            JournalWriter writer = JournalWriter.openAt(file, replay.validLength());
            log.info("State store {}: {} rows, journal {} bytes, generation {}", file, replay.tables().size(),
                    replay.validLength(), replay.generation());
            return new JournalStateStore(file, settings, lock, replay.tables(), writer, replay.generation());
        } catch (IOException | RuntimeException e) {
            closeQuietly(lock);
            if (e instanceof StateStoreException stateStoreException) {
                throw stateStoreException;
            }
            throw new StateStoreException("cannot open state store " + file + ": " + e.getMessage(), e);
        }
    }

    /** A new journal: the rows of a store left by an older Weft if there is one, else none. */
    private static void create(Path directory, Path file) throws IOException {
        StoreTables initial = LegacyMvStoreImport.rowsIn(directory).orElseGet(StoreTables::new);
        JournalFiles.writeAtomically(file, directory.resolve(COMPACTING_FILE_NAME), snapshotOf(initial, 1));
        LegacyMvStoreImport.retire(directory);
    }

    @Override
    public synchronized StoredState load() {
        return new StoredState(rows(StoreTables.NETWORKS, NetworkRow.class, NetworkRow::toNetwork),
                rows(StoreTables.ENDPOINTS, EndpointRow.class, EndpointRow::toEndpoint),
                rows(StoreTables.HOSTS, HostRow.class, HostRow::toHost),
                rows(StoreTables.ROUTERS, RouterRow.class, RouterRow::toRouter));
    }

    private <R, T> List<T> rows(String table, Class<R> rowType, Function<R, T> toDomain) {
        return tables.rows(table).values().stream().map(text -> toDomain.apply(codec.read(text, rowType))).toList();
    }

    @Override
    public synchronized void putNetwork(Network network) {
        put(StoreTables.NETWORKS, network.name(), NetworkRow.of(network), true);
    }

    @Override
    public synchronized void removeNetwork(String name) {
        remove(StoreTables.NETWORKS, name);
    }

    @Override
    public synchronized void putEndpoint(Endpoint endpoint) {
        put(StoreTables.ENDPOINTS, endpoint.id(), EndpointRow.of(endpoint), true);
    }

    @Override
    public synchronized void removeEndpoint(String id) {
        remove(StoreTables.ENDPOINTS, id);
    }

    /** Written like every write, but not forced: the OS has it (it survives {@code kill -9}); see the interface. */
    @Override
    public synchronized void putEndpointObservation(Endpoint endpoint) {
        put(StoreTables.ENDPOINTS, endpoint.id(), EndpointRow.of(endpoint), false);
    }

    @Override
    public synchronized void putHost(Host host) {
        put(StoreTables.HOSTS, host.name(), HostRow.of(host), true);
    }

    @Override
    public synchronized void removeHost(String name) {
        remove(StoreTables.HOSTS, name);
    }

    @Override
    public synchronized void putRouter(Router router) {
        put(StoreTables.ROUTERS, router.name(), RouterRow.of(router), true);
    }

    @Override
    public synchronized void removeRouter(String name) {
        remove(StoreTables.ROUTERS, name);
    }

    private void put(String table, String key, Object row, boolean force) {
        String text = codec.write(row);
        if (!Objects.equals(tables.get(table, key), text)) {
            append(JournalEntry.put(table, key, text), force);
            tables.put(table, key, text);
            compactIfDue();
        }
    }

    private void remove(String table, String key) {
        if (tables.get(table, key) != null) {
            append(JournalEntry.remove(table, key), true);
            tables.remove(table, key);
            compactIfDue();
        }
    }

    private void append(JournalEntry entry, boolean force) {
        if (writer == null) {
            throw new StateStoreException("state store " + file + " is closed", null);
        }
        if (forceFailure != null) {
            throw new StateStoreException(forceFailure, null);
        }
        try {
            writer.append(entry.toBytes());
            writeProblem = null;
        } catch (IOException | RuntimeException e) {
            writeProblem = "the last write to " + file + " failed: " + e.getMessage();
            throw new StateStoreException("state store write failed: " + e.getMessage(), e);
        }
        if (force) {
            appendedMark++;
        }
    }

    @Override
    public synchronized long writeMark() {
        return appendedMark;
    }

    @Override
    public long durableMark() {
        return durableMark;
    }

    /**
     * Group commit: the first waiter forces everything appended so far while the others queue on {@link #forceLock};
     * each then finds its mark covered, or forces once for all who came since. Appends go on meanwhile: the force
     * runs outside this store's monitor.
     */
    @Override
    public void awaitDurable(long mark) {
        if (durableMark >= mark) {
            return;
        }
        synchronized (forceLock) {
            if (durableMark >= mark) {
                return;
            }
            long target;
            JournalWriter forced;
            synchronized (this) {
                if (forceFailure != null) {
                    throw StateStoreException.notDurable(forceFailure, null);
                }
                if (writer == null) {
                    throw new StateStoreException("state store " + file + " is closed", null);
                }
                target = appendedMark;
                forced = writer;
            }
            try {
                forced.force();
                forces.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                if (forcedByCompaction(target)) {
                    return;
                }
                forceFailure = "state store " + file + ": forcing writes to the disk failed (" + e.getMessage()
                        + "); the last writes may not be on the disk, so this process takes no more writes: restart"
                        + " the controller, which reads back what the journal holds";
                writeProblem = forceFailure;
                log.error("{}", forceFailure, e);
                throw StateStoreException.notDurable(forceFailure, e);
            }
            advanceDurableMark(target);
        }
    }

    /** A compaction swapped the journal (closing the channel being forced) after writing every row durably. */
    private synchronized boolean forcedByCompaction(long target) {
        return durableMark >= target;
    }

    private synchronized void advanceDurableMark(long mark) {
        durableMark = Math.max(durableMark, mark);
    }

    @Override
    public Optional<String> writeProblem() {
        return Optional.ofNullable(writeProblem);
    }

    /**
     * Rewrites the journal as a snapshot once most of it is superseded rows, so it stays within a small multiple of
     * the live data. The write that triggered it is already durable: a failed compaction only logs and waits.
     */
    private void compactIfDue() {
        long size = writer.size();
        if (size < settings.compactionMinBytes() || size < 2 * tables.snapshotBytes()
                || size < compactionDeferredUntil) {
            return;
        }
        try {
            compact();
        } catch (IOException | RuntimeException e) {
            compactionDeferredUntil = 2 * size;
            log.warn("State store {}: compaction failed, the journal keeps growing until it succeeds ({})", file,
                    e.toString());
        }
    }

    /** Rewrites the journal as just the live rows (also for tests and tools). */
    synchronized void compact() throws IOException {
        long next = generation + 1;
        JournalFiles.writeAtomically(file, file.resolveSibling(COMPACTING_FILE_NAME), snapshotOf(tables, next));
        JournalWriter old = writer;
        writer = JournalWriter.openAt(file, Files.size(file));
        generation = next;
        compactionDeferredUntil = 0;
        // The snapshot was forced before it replaced the journal: every row, so every staged write, is on the disk.
        advanceDurableMark(appendedMark);
        old.close();
    }

    static List<byte[]> snapshotOf(StoreTables tables, long generation) {
        List<byte[]> payloads = new ArrayList<>(tables.size() + 2);
        payloads.add(JournalEntry.snapshot(generation).toBytes());
        tables.forEach((table, key, row) -> payloads.add(JournalEntry.put(table, key, row).toBytes()));
        payloads.add(JournalEntry.checkpoint(generation, tables.size()).toBytes());
        return payloads;
    }

    /** How many times {@link #awaitDurable} forced the journal (for tests and benchmarks). */
    public long forces() {
        return forces.get();
    }

    /** How many times the journal has been rewritten since the store was created, plus one. */
    synchronized long generation() {
        return generation;
    }

    synchronized long journalBytes() {
        return writer.size();
    }

    @Override
    public synchronized void close() {
        if (writer == null) {
            closeQuietly(lock);
            return;
        }
        try {
            if (forceFailure == null) {
                writer.force(); // what was staged and not yet awaited (observations) reaches the disk too
                advanceDurableMark(appendedMark);
            }
        } catch (IOException e) {
            log.warn("State store {}: forcing on close: {}", file, e.toString());
        } finally {
            closeQuietly(writer);
            writer = null;
            closeQuietly(lock);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("closing {}: {}", closeable, e.toString());
        }
    }
}
