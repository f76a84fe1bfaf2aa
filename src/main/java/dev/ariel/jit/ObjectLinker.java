package dev.ariel.jit;

import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.ObjectCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The path compiled code takes between the JIT and the disk cache, shared by {@link JitEngine}
 * and {@link JitTapeCompiler}: find each key's pointer, link the objects already linked in this
 * process or read, verify and link them from disk, and link and store what was compiled fresh.
 *
 * <p>The disk cache is opened on first use (its environment needs LLVM). Without one, nothing is
 * found and nothing stored. Thread-safe.
 */
final class ObjectLinker {
    /**
     * Functions of one object served from disk.
     *
     * @param indices the positions, in the keys asked, of the functions served
     * @param kernels their kernels, in the same order
     * @param linkedBytes the object's size if this call linked it, 0 if it was linked already
     */
    record Served(List<Integer> indices, List<CompiledKernel> kernels, long linkedBytes) {}

    private final CodeCache.Settings settings;
    private final Object opening = new Object();
    private volatile CodeCache disk;

    /** A linker with the disk cache {@code settings} describe, or none if null. */
    ObjectLinker(CodeCache.Settings settings) {
        this.settings = settings;
    }

    /** Whether there is a disk cache. */
    boolean hasDisk() {
        return settings != null;
    }

    /** What the disk cache has done, or null if there is none or it was never opened. */
    CodeCache.Counters diskCounters() {
        CodeCache d = disk;
        return d == null ? null : d.counters();
    }

    private CodeCache disk(HostTarget host) {
        CodeCache d = disk;
        if (d == null) {
            synchronized (opening) {
                d = disk;
                if (d == null) disk = d = settings.open(host);
            }
        }
        return d;
    }

    /**
     * Links the code the disk cache holds for {@code keys}, object by object; the keys not served
     * (not on disk, damaged, foreign, or refused by LLVM) are in no group, and are to be compiled.
     */
    List<Served> loadFromDisk(Jit jit, List<FunctionKey> keys) {
        return loadFromDisk(jit, keys, true);
    }

    /**
     * As {@link #loadFromDisk(Jit, List)}, for objects that export {@code _rows} functions (row
     * kernels) or not (gradient kernels), as {@code rowsFunctions} says.
     */
    List<Served> loadFromDisk(Jit jit, List<FunctionKey> keys, boolean rowsFunctions) {
        List<Served> out = new ArrayList<>();
        if (settings == null) return out;
        CodeCache cache = disk(jit.host());
        Map<String, List<Integer>> byObject = new LinkedHashMap<>();
        List<CodeCache.Pointer> pointers = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            CodeCache.Pointer p = cache.find(keys.get(i).diskKey());
            pointers.add(p);
            if (p != null) byObject.computeIfAbsent(p.objectId(), id -> new ArrayList<>()).add(i);
        }
        for (var group : byObject.entrySet()) {
            String id = group.getKey();
            List<Integer> served = group.getValue();
            List<String> names = new ArrayList<>(served.size());
            for (int i : served) names.add(pointers.get(i).symbol());
            List<CompiledKernel> kernels = jit.linked(id, names);
            if (kernels != null) {
                out.add(new Served(served, kernels, 0));
                continue;
            }
            CodeCache.Stored stored = cache.read(id);
            if (stored == null || !lists(stored, keys, served, names)) continue;
            try {
                Jit.Linked linked = jit.link(id, stored.code(), names, CompileStats.loaded(stored.code()), rowsFunctions);
                out.add(new Served(served, linked.kernels(), linked.linkedNow() ? stored.code().bytes().length : 0));
            } catch (RuntimeException e) {
                // a verified object that LLVM refuses: its functions are compiled instead
            }
        }
        return out;
    }

    // Whether the object lists every served key under the symbol its pointer named.
    private static boolean lists(CodeCache.Stored stored, List<FunctionKey> keys, List<Integer> served, List<String> names) {
        for (int j = 0; j < served.size(); j++) {
            if (!names.get(j).equals(stored.symbolOf(keys.get(served.get(j)).diskKey()))) return false;
        }
        return true;
    }

    /**
     * Links a freshly compiled object, whose {@code symbols} hold the code of {@code keys} in
     * order, and writes it to the disk cache if there is one; returns its kernels.
     */
    List<CompiledKernel> linkAndStore(Jit jit, String id, ObjectCode code, List<String> symbols, List<FunctionKey> keys,
            CompileStats stats) {
        return linkAndStore(jit, id, code, symbols, keys, stats, true);
    }

    /** As {@link #linkAndStore(Jit, String, ObjectCode, List, List, CompileStats)}, with or without {@code _rows} functions. */
    List<CompiledKernel> linkAndStore(Jit jit, String id, ObjectCode code, List<String> symbols, List<FunctionKey> keys,
            CompileStats stats, boolean rowsFunctions) {
        List<CompiledKernel> kernels = jit.link(id, code, symbols, stats, rowsFunctions).kernels();
        if (settings == null) return kernels;
        List<CodeCache.Symbol> stored = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) stored.add(new CodeCache.Symbol(keys.get(i).diskKey(), symbols.get(i)));
        try {
            disk(jit.host()).store(id, code, stored);
        } catch (RuntimeException e) {
            // The code is linked and usable: a cache that cannot even be opened must not fail the compile.
        }
        return kernels;
    }
}
