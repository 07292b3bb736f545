package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonHandler;
import com.eclipsesource.json.JsonParser;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Parses a catalog document like Json.parse, except that each element of the top-level "data" list is handed
 * to `sink` as soon as it is complete and not kept: a catalog of any size costs the memory of a few entries.
 * An element keeps only the fields named in `fields`: the others (a description, default parameters, links) are
 * read past without building their values (0.2 s of CPU and 22 MiB of a 100,000-model sync). The sink runs on a
 * thread of its own, one batch of entries behind the parser: with two cores, a 100,000-model catalog is checked
 * while it is still being parsed. Every call of the sink happens before parse() returns.
 */
public final class CatalogStream extends JsonHandler<JsonArray, JsonObject> {
    static final int BATCH = 128, BATCHES_AHEAD = 8;
    static final List<JsonValue> END = List.of();
    final java.util.Set<String> fields;
    final Consumer<JsonValue> sink;
    final BlockingQueue<List<JsonValue>> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    List<JsonValue> batch = new ArrayList<>(BATCH);
    volatile Throwable failure;
    JsonValue value;
    JsonArray data;
    int depth;
    String topName;
    /** Whether the parser is within the data list; skipping: within a field of an element that is not kept. */
    boolean inData, skipping;

    public CatalogStream(java.util.Set<String> fields, Consumer<JsonValue> sink) {
        this.fields = fields;
        this.sink = sink;
    }

    // While skipping, no value is made, and a list or object within the field is null (its values are not added).
    @Override public void endNull() { value = Json.NULL; }
    @Override public void endBoolean(boolean b) { if (!skipping) value = Json.value(b); }
    @Override public void endString(String s) { if (!skipping) value = Json.value(s); }
    @Override public void endNumber(String n) { if (!skipping) value = canonicalLong(n) ? Json.value(Long.parseLong(n)) : Json.parse(n); }
    @Override public JsonArray startArray() {
        if (skipping) {
            depth++;
            return null;
        }
        JsonArray a = new JsonArray();
        if (++depth == 2 && "data".equals(topName) && data == null) {
            data = a;
            inData = true;
        }
        return a;
    }
    @Override public void endArrayValue(JsonArray a) {
        if (a == null) return;
        if (a != data) a.add(value);
        else {
            batch.add(value);
            if (batch.size() == BATCH) hand(new ArrayList<>(BATCH));
        }
    }
    @Override public void endArray(JsonArray a) {
        depth--;
        value = a;
        if (a == data && a != null) inData = false;
    }
    @Override public JsonObject startObject() {
        depth++;
        return skipping ? null : new JsonObject();
    }
    @Override public void startObjectValue(JsonObject o, String name) {
        if (depth == 1) topName = name;
        else if (depth == 3 && inData && !fields.contains(name)) skipping = true;
    }
    @Override public void endObjectValue(JsonObject o, String name) {
        if (depth == 3 && skipping) skipping = false; // the element's field that was read past
        else if (o != null) o.add(name, value);
    }
    @Override public void endObject(JsonObject o) { depth--; value = o; }

    /**
     * Whether `n` is an integer as Long.toString writes it, so that Json.value(long) keeps its text: most of a
     * catalog's numbers, and Json.parse makes a parser for each.
     */
    static boolean canonicalLong(String n) {
        int len = n.length(), i = n.charAt(0) == '-' ? 1 : 0;
        if (len == i || len - i > 18 || n.charAt(i) == '0' && (len - i > 1 || i == 1)) return false;
        for (; i < len; i++) if (n.charAt(i) < '0' || n.charAt(i) > '9') return false;
        return true;
    }

    /**
     * Parses `body`, handing the entries to the sink's thread as it goes; returns when the sink has had them all,
     * rethrowing what the sink threw. The parser's buffer is 64K characters, not its 1K: fewer refills, and fewer
     * strings pieced together across them.
     */
    public void parse(Reader body) throws IOException {
        Thread worker = new Thread(new Runnable() { public void run() { drain(); } }, "catalog-sink");
        worker.setDaemon(true);
        worker.start();
        try {
            new JsonParser(this).parse(body, 1 << 16);
        } finally {
            hand(END);
            join(worker);
        }
        if (failure instanceof RuntimeException e) throw e;
        if (failure instanceof Error e) throw e;
    }

    /** Queues the current batch (then END, the last) for the sink, and starts `next`. */
    void hand(List<JsonValue> next) {
        try {
            if (!batch.isEmpty()) queue.put(batch);
            if (next == END) queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cli.Failure(Cli.FAILED, "interrupted");
        }
        batch = next;
    }

    /** The sink's thread: every entry in order; after a failure, only drains the queue so the parser never blocks. */
    void drain() {
        try {
            for (List<JsonValue> b = queue.take(); b != END; b = queue.take())
                for (JsonValue v : b)
                    if (failure == null) {
                        try {
                            sink.accept(v);
                        } catch (RuntimeException | Error e) {
                            failure = e;
                        }
                    }
        } catch (InterruptedException e) {
            failure = e;
        }
    }

    static void join(Thread worker) {
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cli.Failure(Cli.FAILED, "interrupted");
        }
    }

    /** The document parsed, without the `data` elements. */
    public JsonValue document() { return value; }

    /** Whether the document had a top-level `data` list. */
    public boolean hasData() { return data != null; }
}
