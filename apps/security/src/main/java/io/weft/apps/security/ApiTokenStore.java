package io.weft.apps.security;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The REST API's bearer tokens, kept in one file under the controller's data dir. A token is shown once, when it is
 * created; the file keeps only its SHA-256, so a copy of the file lets no one call the API. Each change rewrites the
 * file atomically (written, forced, renamed), so a crash leaves either the old set of tokens or the new one.
 *
 * <p>A token reads {@code weft_<id>_<secret>}: the id (12 hex digits) names it in listings and revocation, the secret
 * is 256 random bits. The scope is stored as text; what a scope allows is the REST API's business.
 */
public final class ApiTokenStore {
    /** A token as stored: never its secret. */
    public record StoredToken(String id, String scope, String description, Instant created) {
        public StoredToken {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(created, "created");
        }
    }

    /** A token just created: {@link #secret()} is the whole token text, shown this once. */
    public record NewToken(StoredToken token, String secret) {
    }

    private static final Pattern TOKEN = Pattern.compile("weft_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");
    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9:._-]{1,80}");
    private static final int MAX_DESCRIPTION = 200;
    /** A bound on what the file may hold: each token costs a line and a map entry. */
    static final int MAX_TOKENS = 10_000;

    private final Path file;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> tokens = new LinkedHashMap<>();

    private record Entry(StoredToken token, byte[] hash) {
    }

    private ApiTokenStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Opens the token file, creating an empty set if there is none. A damaged file refuses to open, naming the line. */
    public static ApiTokenStore open(Path file, Clock clock) {
        ApiTokenStore store = new ApiTokenStore(file, clock);
        try {
            if (Files.exists(file)) {
                store.read();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the API tokens in " + file + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** Creates a token; the answer holds its text, which is not kept. */
    public synchronized NewToken create(String scope, String description) {
        Objects.requireNonNull(scope, "scope");
        String text = description == null ? "" : description.strip();
        if (!SCOPE.matcher(scope).matches()) {
            throw new IllegalArgumentException("invalid scope '" + scope + "'");
        }
        if (text.length() > MAX_DESCRIPTION || text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a token description is at most " + MAX_DESCRIPTION
                    + " characters on one line");
        }
        if (tokens.size() >= MAX_TOKENS) {
            throw new IllegalStateException("there are already " + MAX_TOKENS + " tokens: revoke some first");
        }
        String id;
        do {
            byte[] idBytes = new byte[6];
            random.nextBytes(idBytes);
            id = HexFormat.of().formatHex(idBytes);
        } while (tokens.containsKey(id));
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        StoredToken token = new StoredToken(id, scope, text, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        Map<String, Entry> next = new LinkedHashMap<>(tokens);
        next.put(id, new Entry(token, sha256(secret)));
        write(next);
        tokens.put(id, next.get(id));
        return new NewToken(token, "weft_" + id + "_" + secret);
    }

    /** The token {@code presented} stands for, if it is one of ours and not revoked. Constant time in the secret. */
    public Optional<StoredToken> verify(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        var m = TOKEN.matcher(presented);
        if (!m.matches()) {
            return Optional.empty();
        }
        Entry entry;
        synchronized (this) {
            entry = tokens.get(m.group(1));
        }
        if (entry == null || !MessageDigest.isEqual(entry.hash(), sha256(m.group(2)))) {
            return Optional.empty();
        }
        return Optional.of(entry.token());
    }

    public synchronized List<StoredToken> list() {
        return tokens.values().stream().map(Entry::token).toList();
    }

    /** Revokes a token by id; false if there is none. Requests carrying it fail from now on. */
    public synchronized boolean revoke(String id) {
        if (!tokens.containsKey(id)) {
            return false;
        }
        Map<String, Entry> next = new LinkedHashMap<>(tokens);
        next.remove(id);
        write(next);
        tokens.remove(id);
        return true;
    }

    private void read() throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            try {
                if (f.length != 5) {
                    throw new IllegalArgumentException("expected 5 fields, found " + f.length);
                }
                StoredToken token = new StoredToken(f[0], f[1],
                        new String(Base64.getDecoder().decode(f[4]), StandardCharsets.UTF_8),
                        Instant.ofEpochSecond(Long.parseLong(f[3])));
                byte[] hash = HexFormat.of().parseHex(f[2]);
                if (hash.length != 32 || !f[0].matches("[0-9a-f]{12}")) {
                    throw new IllegalArgumentException("bad id or hash");
                }
                tokens.put(token.id(), new Entry(token, hash));
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw new IOException("line " + (i + 1) + " is damaged (" + e.getMessage() + ")", e);
            }
        }
    }

    private void write(Map<String, Entry> next) {
        StringBuilder text = new StringBuilder("# Weft REST API tokens: id, scope, SHA-256 of the secret, created,"
                + " description (base64). Secrets are not kept.\n");
        for (Entry e : next.values()) {
            StoredToken t = e.token();
            text.append(t.id()).append('\t').append(t.scope()).append('\t').append(HexFormat.of().formatHex(e.hash()))
                    .append('\t').append(t.created().getEpochSecond()).append('\t')
                    .append(Base64.getEncoder().encodeToString(t.description().getBytes(StandardCharsets.UTF_8)))
                    .append('\n');
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel ch = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ch.write(StandardCharsets.UTF_8.encode(text.toString()));
                ch.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the API tokens to " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
