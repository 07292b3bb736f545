package domain;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.AbstractList;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Supplier;

/**
 * .magi/cache/universe.bin: the Universe the last read command (or sync) built, so the next one reads a few KB
 * instead of parsing data/models.json and the config. A read command's JVM is short-lived and interprets most of
 * what it runs, so parsing costs it far more than its own work; this file is read with array copies, and each
 * value only when it is asked for (`top 10` decodes 10 rows of the models table, `search --json` the models it
 * shows, `explain` the models before the one it explains, and only `explain` and `recommend` the entries and the
 * recommendations).
 *
 * It is used while its key matches: the format, the identity (path, size, modification time, inode) of
 * data/models.json, of the recommendations beside it and of the config, and the shape of the records it holds.
 * Otherwise it is rebuilt from those files.
 *
 * Layout: the tags and the providers (each a varint count and byte length, then strings, so that
 * a command that needs none of them skips them); the evidence's
 * credits (a varint count, then name and text strings); whether there are recommendations (a byte); how many
 * models are the catalog's, and where the served ones are (varints); the facets (a varint length, then the bytes
 * of Facets). Then six sections, each a run of tagged values (see Writer.put): the models, the ranked models'
 * standings, the dropped listings, the config's entries, the recommendations' categories and the models' rows of
 * the models table (Table.row); then, for each
 * section, where each of its values starts (4 bytes each, from the file's start); the key (UTF-8); and last, for
 * each section its count and where its starts are, then where the key starts and its length (4 bytes each). The
 * key comes last so that a sync can write the rest while it writes the files the key names. A string is its UTF-8
 * byte length << 1 | 1 when it is not ASCII (varint), then those bytes. Varints are unsigned LEB128; fixed-size
 * numbers big-endian.
 */
public final class UniverseIndex {
    /** Where, under the project folder, the index is kept. */
    public static final String FILE = ".magi/cache/universe.bin";
    /** Changes with every change of the layout: an index written by another version of it is never read as this one. */
    static final String FORMAT = "magi-universe 9";
    /** The records the file holds, whose fields its values are (in declaration order). */
    static List<Class<?>> held() {
        return List.of(Model.class, Score.Standing.class, Filter.Drop.class, ProxyConfig.Entry.class, Recommendations.Category.class, Recommendations.Pick.class);
    }
    /**
     * The hash of the names and types of the fields of held() and of the rows Table.row makes of sample models
     * (UniverseIndexTest.theShapeInTheKeyIsTheShapeOfWhatItHolds): part of the key, so that an index written by code
     * whose records had other fields, or that made the table's cells otherwise, is never read. A constant, which the
     * test checks, rather than reflection at every read command (half a millisecond of one).
     */
    static final int SHAPE = -1609067877;
    static final int NULL = 0, FALSE = 1, TRUE = 2, LONG = 3, DOUBLE = 4, STRING = 5, LIST = 6, MAP = 7, RECORD = 8;
    static final int SECTIONS = 6, TAIL = 4 * (2 * SECTIONS + 2);

    /** What the file must say to be used: changes whenever the catalog, the config or the fields of what it holds change. */
    static String key(Path modelsJson, Path config) {
        return FORMAT + " " + SHAPE + "\n" + identity(modelsJson) + "\n" + identity(config) + "\n" + identity(modelsJson.resolveSibling(Recommendations.FILE));
    }

    /**
     * One version of a file: a file rewritten in place or replaced (even by one of the same size and time, on a file
     * system that keeps times to the second) gets another. Its time is read as an Instant: FileTime's nanoseconds
     * initialise java.time's units and BigInteger, a third of a millisecond of a read command.
     */
    static String identity(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            java.time.Instant t = a.lastModifiedTime().toInstant();
            return file.toAbsolutePath() + " " + a.size() + " " + t.getEpochSecond() + "." + t.getNano() + " " + a.fileKey();
        } catch (IOException e) {
            return file.toAbsolutePath() + " absent";
        }
    }

    /** The universe the file holds for `key`, or null when it is absent, stale or unreadable. */
    @SuppressWarnings("unchecked")
    static Universe read(Path file, String key) {
        byte[] b;
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            b = in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
        try {
            Reader r = new Reader(b);
            int n = b.length, keyAt = r.fixed(n - 8), table = n - TAIL;
            if (!key.equals(new String(b, keyAt, r.fixed(n - 4), StandardCharsets.UTF_8))) return null;
            Set<String> tags = r.names(), providers = r.names();
            Map<String, String> credits = new LinkedHashMap<>();
            for (int c = r.number(); c > 0; c--) credits.put(r.string(), r.string());
            boolean recommended = b[r.at++] != 0;
            int catalogSize = r.number();
            int[] servedAt = new int[r.number()];
            for (int i = 0; i < servedAt.length; i++) servedAt[i] = r.number();
            Lazy<Model> models = new Lazy<>(r, Model.class, table, 0);
            int facets = r.number();
            if (facets != models.size() * Facets.stride(tags.size(), providers.size())) return null;
            return new Universe(models, catalogSize, servedAt, tags, providers, credits, new Lazy<>(r, ProxyConfig.Entry.class, table, 3),
                    new Lazy<>(r, Score.Standing.class, table, 1), new Lazy<>(r, Filter.Drop.class, table, 2),
                    recommended ? new Lazy<>(r, Recommendations.Category.class, table, 4) : null, new Facets(b, r.at, tags.size(), providers.size()),
                    (List<List<String>>) (List<?>) new Lazy<>(r, List.class, table, 5));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Writes `u`, asking for its key once the rest is written: a sync writes it while it writes the files the key
     * names. A cache that cannot be written only costs speed.
     */
    static void write(Path file, Supplier<String> key, Universe u) {
        Bytes head = new Bytes();
        for (Set<String> set : List.of(u.tags, u.providers)) {
            Bytes names = new Bytes();
            for (String s : set) Writer.string(names, s);
            Writer.number(head, set.size());
            Writer.number(head, names.size());
            names.appendTo(head);
        }
        Writer.number(head, u.credits.size());
        for (Map.Entry<String, String> c : u.credits.entrySet()) {
            Writer.string(head, c.getKey());
            Writer.string(head, c.getValue());
        }
        head.write(u.recommendations == null ? 0 : 1);
        Writer.number(head, u.catalogSize);
        Writer.number(head, u.servedAt.length);
        for (int i : u.servedAt) Writer.number(head, i);
        int facets = u.models.size() * u.facets.stride;
        Writer.number(head, facets);
        head.write(u.facets.bytes, u.facets.offset, facets);
        try {
            SafeWrite staged = new SafeWrite();
            staged.stage(file, out -> {
                head.copyTo(out);
                Bytes starts = new Bytes(), tail = new Bytes();
                int at = head.size();
                List<List<?>> sections = List.of(u.models, u.standings, u.dropped, u.entries,
                        u.recommendations == null ? List.of() : u.recommendations, u.rows);
                int[] startsAt = new int[SECTIONS];
                for (int k = 0; k < SECTIONS; k++) {
                    startsAt[k] = starts.size();
                    List<?> section = sections.get(k);
                    // two chunks at a time, the second on another core: a sync waits for the index of 100,000 models
                    for (int from = 0; from < section.size(); from += 2 * Chunk.VALUES) {
                        int mid = Math.min(from + Chunk.VALUES, section.size()), end = Math.min(mid + Chunk.VALUES, section.size());
                        ForkJoinTask<Chunk> second = mid == end ? null : ForkJoinPool.commonPool().submit(() -> Chunk.of(section, mid, end));
                        try {
                            at = Chunk.of(section, from, mid).copyTo(out, starts, at);
                            if (second != null) at = second.join().copyTo(out, starts, at);
                        } catch (UnsupportedOperationException e) {
                            throw new IOException(e.getMessage()); // SafeWrite then removes what it wrote
                        }
                    }
                }
                starts.copyTo(out);
                byte[] k = key.get().getBytes(StandardCharsets.UTF_8);
                tail.write(k, 0, k.length);
                for (int s = 0; s < SECTIONS; s++) {
                    Writer.fixed(tail, sections.get(s).size(), 4);
                    Writer.fixed(tail, at + startsAt[s], 4);
                }
                Writer.fixed(tail, at + starts.size(), 4);
                Writer.fixed(tail, k.length, 4);
                tail.copyTo(out);
            }, null);
            staged.commit();
        } catch (Cli.Failure e) {
            // no index: the next read command reads the sources again
        }
    }

    /** Values of a section, encoded; ends: where each ends in `bytes`. */
    record Chunk(Bytes bytes, int[] ends) {
        static final int VALUES = 2048;

        static Chunk of(List<?> section, int from, int to) {
            Bytes bytes = new Bytes();
            int[] ends = new int[to - from];
            for (int i = from; i < to; i++) {
                Writer.put(bytes, section.get(i));
                ends[i - from] = bytes.size();
            }
            return new Chunk(bytes, ends);
        }

        /** Writes the values to `out` and where each starts (from `at`) to `starts`; returns where the next starts. */
        int copyTo(java.io.OutputStream out, Bytes starts, int at) throws IOException {
            bytes.copyTo(out);
            for (int i = 0; i < ends.length; i++) Writer.fixed(starts, at + (i == 0 ? 0 : ends[i - 1]), 4);
            return at + bytes.size();
        }
    }

    /** A ByteArrayOutputStream without its lock: the writer adds the bytes of up to 100,000 models one at a time. */
    static final class Bytes extends ByteArrayOutputStream {
        Bytes() { super(1 << 10); }

        @Override
        public void write(int b) {
            if (count == buf.length) buf = Arrays.copyOf(buf, 2 * buf.length);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (count + len > buf.length) buf = Arrays.copyOf(buf, Math.max(2 * buf.length, count + len));
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        void copyTo(java.io.OutputStream out) throws IOException { out.write(buf, 0, count); }

        void appendTo(Bytes to) { to.write(buf, 0, count); }
    }

    /** Encodes values. */
    static final class Writer {
        /** A tagged value: null, a boolean, a whole number, a double, a string, a list or a map of them, or a record of held(). */
        static void put(Bytes out, Object v) {
            if (v instanceof String s) {
                out.write(STRING);
                string(out, s);
            } else if (v == null) out.write(NULL);
            else if (v instanceof Boolean b) out.write(b ? TRUE : FALSE);
            else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) whole(out, ((Number) v).longValue());
            else if (v instanceof Double || v instanceof Float) real(out, ((Number) v).doubleValue());
            else if (v instanceof List<?> l) {
                out.write(LIST);
                number(out, l.size());
                for (Object x : l) put(out, x);
            } else if (v instanceof Map<?, ?> m) {
                out.write(MAP);
                number(out, m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    string(out, (String) e.getKey());
                    put(out, e.getValue());
                }
            } else if (v instanceof Record r) record(out, r);
            else throw new UnsupportedOperationException("a model field of type " + v.getClass().getName());
        }

        /**
         * A record of held() and its fields in declaration order, as Reader.record reads them back: by hand, as there,
         * since reflection's calls and boxes took a sync half a second for 100,000 models.
         */
        static void record(Bytes out, Record r) {
            out.write(RECORD);
            string(out, r.getClass().getName());
            if (r instanceof Model m) {
                put(out, m.modelName()); put(out, m.id()); put(out, m.name()); put(out, m.provider());
                whole(out, m.popularity()); put(out, m.costTier()); put(out, m.tags());
                real(out, m.inputCostPer1m()); real(out, m.outputCostPer1m()); whole(out, m.contextLength()); whole(out, m.maxOutputTokens());
                flag(out, m.functionCalling()); flag(out, m.vision()); flag(out, m.reasoning()); whole(out, m.created());
                put(out, m.figures());
            } else if (r instanceof Figures f) {
                put(out, f.usageShare()); put(out, f.intelligence()); put(out, f.coding()); put(out, f.agentic());
            } else if (r instanceof Score.Standing s) {
                whole(out, s.newest()); put(out, s.newer()); real(out, s.reference()); real(out, s.bestIntelligence());
                real(out, s.bestCoding()); real(out, s.bestAgentic()); flag(out, s.evidence());
            } else if (r instanceof Filter.Drop d) {
                put(out, d.id()); put(out, d.reason()); put(out, d.to());
            } else if (r instanceof ProxyConfig.Entry e) {
                put(out, e.modelName()); put(out, e.model()); put(out, e.managedBy()); put(out, e.info()); put(out, e.variables());
            } else if (r instanceof Recommendations.Category c) {
                put(out, c.key()); put(out, c.title()); put(out, c.rule()); put(out, c.picks());
            } else if (r instanceof Recommendations.Pick p) {
                put(out, p.modelName()); put(out, p.id()); put(out, p.provider()); put(out, p.reason());
            } else throw new UnsupportedOperationException("a record the index does not hold: " + r.getClass().getName());
        }

        static void whole(Bytes out, long n) {
            out.write(LONG);
            number(out, (n << 1) ^ (n >> 63));
        }

        static void real(Bytes out, double d) {
            out.write(DOUBLE);
            fixed(out, Double.doubleToLongBits(d), 8);
        }

        static void flag(Bytes out, boolean b) { out.write(b ? TRUE : FALSE); }

        static void number(Bytes out, long n) {
            for (; (n & ~0x7FL) != 0; n >>>= 7) out.write((int) (n & 0x7F) | 0x80);
            out.write((int) n);
        }

        static void fixed(Bytes out, long n, int bytes) {
            for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) out.write((int) (n >>> shift));
        }

        /** UTF-8, flagged ASCII when it is (as many bytes as characters), so that reading it is an array copy. */
        static void string(Bytes out, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            number(out, ((long) b.length << 1) | (b.length == s.length() ? 0 : 1));
            out.write(b, 0, b.length);
        }
    }

    /** Decodes what Writer wrote. */
    static final class Reader {
        final byte[] b;
        int at;

        Reader(byte[] b) { this.b = b; }

        int fixed(int p) {
            return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
        }

        int number() { return (int) varint(); }

        long varint() {
            long n = 0;
            for (int shift = 0; ; shift += 7) {
                int x = b[at++];
                n |= (long) (x & 0x7F) << shift;
                if (x >= 0) return n;
            }
        }

        String utf8(int length) {
            String s = new String(b, at, length, StandardCharsets.UTF_8);
            at += length;
            return s;
        }

        /** A string: a copy of its bytes when they are ASCII, with no loop over its characters. */
        String string() {
            int head = number(), length = head >>> 1;
            if ((head & 1) == 1) return utf8(length);
            String s = new String(b, at, length, StandardCharsets.ISO_8859_1);
            at += length;
            return s;
        }

        /** A set of strings, decoded when first used (top and list use none of the index's), in the order written. */
        Set<String> names() {
            Names names = new Names(this, number(), number(), at);
            at += names.length;
            return names;
        }

        /** A value as a field of type `type` takes it (whole numbers are long unless the field is an int). */
        Object value(Class<?> type) {
            int tag = b[at++];
            switch (tag) {
                case NULL: return null;
                case FALSE: return Boolean.FALSE;
                case TRUE: return Boolean.TRUE;
                case LONG: {
                    long z = varint(), n = (z >>> 1) ^ -(z & 1);
                    return type == int.class || type == Integer.class ? (Object) (int) n : (Object) n;
                }
                case DOUBLE: {
                    long bits = ((long) fixed(at) << 32) | (fixed(at + 4) & 0xFFFFFFFFL);
                    at += 8;
                    return Double.longBitsToDouble(bits);
                }
                case STRING: return string();
                case LIST: {
                    Object[] items = new Object[number()];
                    for (int i = 0; i < items.length; i++) items[i] = value(Object.class);
                    return Collections.unmodifiableList(Arrays.asList(items));
                }
                case MAP: {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int n = number(); n > 0; n--) m.put(string(), value(Object.class));
                    return Collections.unmodifiableMap(m);
                }
                case RECORD: return record(string());
                default: throw new IllegalStateException("unknown tag " + tag);
            }
        }

        /**
         * A record of class `name` from its fields, written in declaration order: one of held(), made by hand
         * (UniverseIndexTest reads back every one; SHAPE changes with their fields), where reflection's lookups and
         * calls cost a read command, which interprets them, more than the rest of its decoding.
         */
        Object record(String name) {
            switch (name) {
                case "domain.Model":
                    return new Model(text(), text(), text(), text(), (int) whole(), text(), texts(), real(), real(), whole(), whole(), flag(), flag(),
                            flag(), whole(), (Figures) value(Figures.class));
                case "domain.Figures": return new Figures(maybe(), maybe(), maybe(), maybe());
                case "domain.Score$Standing": return new Score.Standing(whole(), text(), real(), real(), real(), real(), flag());
                case "domain.Filter$Drop": return new Filter.Drop(text(), text(), text());
                case "domain.ProxyConfig$Entry": return new ProxyConfig.Entry(text(), text(), text(), map(), texts());
                case "domain.Recommendations$Category": return new Recommendations.Category(text(), text(), text(), list());
                case "domain.Recommendations$Pick": return new Recommendations.Pick(text(), text(), text(), text());
                default: throw new IllegalStateException("a record the index does not hold: " + name);
            }
        }

        String text() { return (String) value(String.class); }
        long whole() { return (Long) value(long.class); }
        double real() { return (Double) value(double.class); }
        Double maybe() { return (Double) value(Double.class); }
        boolean flag() { return (Boolean) value(boolean.class); }
        @SuppressWarnings("unchecked") <T> List<T> list() { return (List<T>) value(List.class); }
        List<String> texts() { return list(); }
        @SuppressWarnings("unchecked") Map<String, Object> map() { return (Map<String, Object>) value(Map.class); }
    }

    /** A set of strings of the head, decoded when first used. */
    static final class Names extends AbstractSet<String> {
        final Reader r;
        final int size, length, start;
        Set<String> decoded;

        Names(Reader r, int size, int length, int start) {
            this.r = r;
            this.size = size;
            this.length = length;
            this.start = start;
        }

        Set<String> decoded() {
            if (decoded == null) {
                Set<String> out = new LinkedHashSet<>();
                try {
                    r.at = start;
                    for (int n = size; n > 0; n--) out.add(r.string());
                } catch (RuntimeException e) {
                    throw corrupt();
                }
                decoded = out;
            }
            return decoded;
        }

        @Override public int size() { return size; }
        @Override public boolean contains(Object o) { return decoded().contains(o); }
        @Override public java.util.Iterator<String> iterator() { return decoded().iterator(); }
    }

    /** What a value that cannot be decoded is, once the index was found current: the operator is told to delete it. */
    static Cli.Failure corrupt() {
        return new Cli.Failure(Cli.BAD_FILE, "the read commands' cache " + FILE + " is corrupt; delete it");
    }

    /** One section's values, each decoded the first time it is asked for. */
    static final class Lazy<T> extends AbstractList<T> {
        final Reader r;
        final Class<T> type;
        final int starts;
        final Object[] decoded;

        /** Section `section` of the file, whose table of counts and starts begins at `table`. */
        Lazy(Reader r, Class<T> type, int table, int section) {
            this.r = r;
            this.type = type;
            this.decoded = new Object[r.fixed(table + 8 * section)];
            this.starts = r.fixed(table + 8 * section + 4);
        }

        @Override public int size() { return decoded.length; }

        @Override
        public T get(int i) {
            if (decoded[i] != null) return type.cast(decoded[i]);
            try {
                r.at = r.fixed(starts + 4 * i);
                return type.cast(decoded[i] = r.value(type));
            } catch (RuntimeException e) {
                throw corrupt();
            }
        }
    }
}
