package domain;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * .magi/cache/universe.bin: the Universe the last read command (or sync) built, so the next one reads a few KB
 * instead of parsing data/models.json and the config. A read command's JVM is short-lived and interprets most of
 * what it runs, so parsing costs it far more than its own work; this file is read with array copies, and each
 * string and model only when it is asked for (`top 10` decodes 10 models).
 *
 * It is used while its key matches: the format, the identity (path, size, modification time, inode) of
 * data/models.json and of the config, and the names and types of Model's fields (so a field added to Model needs
 * no change here). Otherwise it is rebuilt from those files.
 *
 * Layout: the key (its length as a varint, then UTF-8); the strings (a table of Latin-1 or UTF-8 strings); the
 * served names, the tags and the providers (each a varint count, then string numbers); the models (a table, each
 * model its fields in declaration order as tagged values, see Writer.put). A table is its count (varint), the byte
 * length of its items (4 bytes), the start of each item (4 bytes each, from the first item), then the items.
 * Varints are unsigned LEB128; fixed-size numbers are big-endian.
 */
public final class UniverseIndex {
    /** Where, under the project folder, the index is kept. */
    public static final String FILE = ".magi/cache/universe.bin";
    static final String FORMAT = "magi-universe 1";
    static final int NULL = 0, FALSE = 1, TRUE = 2, LONG = 3, DOUBLE = 4, STRING = 5, LIST = 6, MAP = 7;

    /** What the file must say to be used: changes whenever the catalog, the config or Model's fields change. */
    static String key(Path modelsJson, Path config) {
        StringBuilder sb = new StringBuilder(FORMAT).append('\n').append(identity(modelsJson)).append('\n').append(identity(config));
        for (RecordComponent c : Model.class.getRecordComponents()) sb.append('\n').append(c.getName()).append(' ').append(c.getType().getName());
        return sb.toString();
    }

    /** One version of a file: a file rewritten in place or replaced gets another. */
    static String identity(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return file.toAbsolutePath() + " " + a.size() + " " + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + " " + a.fileKey();
        } catch (IOException e) {
            return file.toAbsolutePath() + " absent";
        }
    }

    /** The universe the file holds for `key`, or null when it is absent, stale or unreadable. */
    static Universe read(Path file, String key) {
        byte[] b;
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            b = in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
        try {
            Reader r = new Reader(b);
            if (!key.equals(r.utf8(r.number()))) return null;
            r.strings(r.table());
            Set<String> served = r.set(), tags = r.set(), providers = r.set();
            return new Universe(new Models(r, r.table()), served, tags, providers);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Writes `u` under `key`; a cache that cannot be written only costs speed. */
    static void write(Path file, String key, Universe u) {
        Writer w = new Writer();
        try {
            ByteArrayOutputStream rows = new ByteArrayOutputStream();
            List<Integer> rowStarts = new ArrayList<>();
            RecordComponent[] fields = Model.class.getRecordComponents();
            for (Model m : u.models) {
                rowStarts.add(rows.size());
                for (RecordComponent f : fields) w.put(rows, f.getAccessor().invoke(m));
            }
            ByteArrayOutputStream sets = new ByteArrayOutputStream();
            for (Set<String> set : List.of(u.served, u.tags, u.providers)) {
                Writer.number(sets, set.size());
                for (String s : set) Writer.number(sets, w.ref(s));
            }
            ByteArrayOutputStream strings = new ByteArrayOutputStream();
            List<Integer> stringStarts = new ArrayList<>();
            for (String s : w.strings.keySet()) {
                stringStarts.add(strings.size());
                Writer.string(strings, s);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(strings.size() + sets.size() + rows.size() + 4096);
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            Writer.number(out, k.length);
            out.write(k);
            Writer.table(out, stringStarts, strings);
            sets.writeTo(out);
            Writer.table(out, rowStarts, rows);
            new SafeWrite().replace(file, out.toByteArray(), null);
        } catch (IOException | ReflectiveOperationException | UnsupportedOperationException | Cli.Failure e) {
            // no index: the next read command reads the sources again
        }
    }

    /** Encodes values, collecting the strings they use. */
    static final class Writer {
        final Map<String, Integer> strings = new LinkedHashMap<>();

        int ref(String s) {
            Integer n = strings.get(s);
            if (n == null) strings.put(s, n = strings.size());
            return n;
        }

        /** A tagged value: null, a boolean, a whole number, a double, a string, a list or a map of them. */
        void put(ByteArrayOutputStream out, Object v) {
            if (v == null) out.write(NULL);
            else if (v instanceof Boolean b) out.write(b ? TRUE : FALSE);
            else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                out.write(LONG);
                long n = ((Number) v).longValue();
                number(out, (n << 1) ^ (n >> 63));
            } else if (v instanceof Double || v instanceof Float) {
                out.write(DOUBLE);
                fixed(out, Double.doubleToLongBits(((Number) v).doubleValue()), 8);
            } else if (v instanceof String s) {
                out.write(STRING);
                number(out, ref(s));
            } else if (v instanceof List<?> l) {
                out.write(LIST);
                number(out, l.size());
                for (Object x : l) put(out, x);
            } else if (v instanceof Map<?, ?> m) {
                out.write(MAP);
                number(out, m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    number(out, ref((String) e.getKey()));
                    put(out, e.getValue());
                }
            } else throw new UnsupportedOperationException("a model field of type " + v.getClass().getName());
        }

        static void number(ByteArrayOutputStream out, long n) {
            for (; (n & ~0x7FL) != 0; n >>>= 7) out.write((int) (n & 0x7F) | 0x80);
            out.write((int) n);
        }

        static void fixed(ByteArrayOutputStream out, long n, int bytes) {
            for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) out.write((int) (n >>> shift));
        }

        static void table(ByteArrayOutputStream out, List<Integer> starts, ByteArrayOutputStream items) throws IOException {
            number(out, starts.size());
            fixed(out, items.size(), 4);
            for (int start : starts) fixed(out, start, 4);
            items.writeTo(out);
        }

        /** Latin-1 when every character fits, so that reading it is an array copy; else UTF-8. */
        static void string(ByteArrayOutputStream out, String s) {
            boolean latin1 = true;
            for (int i = 0; i < s.length() && latin1; i++) latin1 = s.charAt(i) <= 0xFF;
            byte[] b = s.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            number(out, ((long) b.length << 1) | (latin1 ? 0 : 1));
            out.write(b, 0, b.length);
        }
    }

    /** Where a table's items are; they are read when asked for. */
    record Table(int count, int starts, int items) {}

    /** Decodes what Writer wrote. */
    static final class Reader {
        final byte[] b;
        int at;
        Table stringTable;
        String[] strings;

        Reader(byte[] b) { this.b = b; }

        void strings(Table t) {
            stringTable = t;
            strings = new String[t.count()];
        }

        Table table() {
            int count = number(), length = fixed(at);
            Table t = new Table(count, at + 4, at + 4 + 4 * count);
            at = t.items + length;
            return t;
        }

        /** Where item `i` of `t` starts. */
        int start(Table t, int i) { return t.items + fixed(t.starts + 4 * i); }

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

        /** String number `n`, decoded once. */
        String string(int n) {
            String s = strings[n];
            if (s != null) return s;
            int keep = at;
            at = start(stringTable, n);
            int head = number(), length = head >>> 1;
            if ((head & 1) == 1) s = utf8(length);
            else {
                s = new String(b, at, length, StandardCharsets.ISO_8859_1); // an array copy, no loop over the characters
                at += length;
            }
            at = keep;
            return strings[n] = s;
        }

        /** A set of strings, in the order written. */
        Set<String> set() {
            Set<String> out = new LinkedHashSet<>();
            for (int n = number(); n > 0; n--) out.add(string(number()));
            return out;
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
                case STRING: return string(number());
                case LIST: {
                    Object[] items = new Object[number()];
                    for (int i = 0; i < items.length; i++) items[i] = value(Object.class);
                    return Collections.unmodifiableList(Arrays.asList(items));
                }
                case MAP: {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int n = number(); n > 0; n--) m.put(string(number()), value(Object.class));
                    return Collections.unmodifiableMap(m);
                }
                default: throw new IllegalStateException("unknown tag " + tag);
            }
        }
    }

    /** The models, best first, each decoded the first time it is asked for. */
    static final class Models extends AbstractList<Model> {
        final Reader r;
        final Table rows;
        final Model[] decoded;
        Constructor<Model> canonical;
        Class<?>[] types;

        Models(Reader r, Table rows) {
            this.r = r;
            this.rows = rows;
            this.decoded = new Model[rows.count()];
        }

        @Override public int size() { return decoded.length; }

        @Override
        public Model get(int i) {
            if (decoded[i] != null) return decoded[i];
            try {
                if (canonical == null) {
                    RecordComponent[] fields = Model.class.getRecordComponents();
                    types = new Class<?>[fields.length];
                    for (int f = 0; f < fields.length; f++) types[f] = fields[f].getType();
                    canonical = Model.class.getDeclaredConstructor(types);
                }
                r.at = r.start(rows, i);
                Object[] values = new Object[types.length];
                for (int f = 0; f < types.length; f++) values[f] = r.value(types[f]);
                return decoded[i] = canonical.newInstance(values);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new Cli.Failure(Cli.BAD_FILE, "the read commands' cache " + FILE + " is corrupt (" + e + "); delete it");
            }
        }
    }
}
