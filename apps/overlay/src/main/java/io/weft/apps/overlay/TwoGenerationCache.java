package io.weft.apps.overlay;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A memo bounded by two generations: when the current one is full it becomes the previous one, whose entries move
 * back to the current one as they are used again; what was not used for a whole generation is dropped. Cheaper
 * than an LRU list and enough for flows, which are either used on every recompute of their network or gone. A
 * generation size of 0 remembers nothing. Not thread-safe: one per overlay worker.
 */
final class TwoGenerationCache<K, V> {
    private final int generationSize;
    private Map<K, V> current = new HashMap<>();
    private Map<K, V> previous = new HashMap<>();

    TwoGenerationCache(int generationSize) {
        this.generationSize = generationSize;
    }

    V get(K key, Function<? super K, ? extends V> compute) {
        if (generationSize == 0) {
            return compute.apply(key);
        }
        V value = current.get(key);
        if (value != null) {
            return value;
        }
        value = previous.remove(key);
        if (value == null) {
            value = compute.apply(key);
        }
        if (current.size() >= generationSize) {
            previous = current;
            current = new HashMap<>();
        }
        current.put(key, value);
        return value;
    }
}
