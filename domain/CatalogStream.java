package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonHandler;
import com.eclipsesource.json.JsonParser;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.util.function.Consumer;

/**
 * Parses a catalog document like Json.parse, except that each element of the top-level "data" list is handed
 * to `sink` as soon as it is complete and not kept: a catalog of any size costs the memory of one entry.
 */
public final class CatalogStream extends JsonHandler<JsonArray, JsonObject> {
    final Consumer<JsonValue> sink;
    JsonValue value;
    JsonArray data;
    int depth;
    String topName;

    public CatalogStream(Consumer<JsonValue> sink) { this.sink = sink; }

    @Override public void endNull() { value = Json.NULL; }
    @Override public void endBoolean(boolean b) { value = Json.value(b); }
    @Override public void endString(String s) { value = Json.value(s); }
    @Override public void endNumber(String n) { value = Json.parse(n); }
    @Override public JsonArray startArray() {
        JsonArray a = new JsonArray();
        if (++depth == 2 && "data".equals(topName) && data == null) data = a;
        return a;
    }
    @Override public void endArrayValue(JsonArray a) {
        if (a == data) sink.accept(value); else a.add(value);
    }
    @Override public void endArray(JsonArray a) { depth--; value = a; }
    @Override public JsonObject startObject() { depth++; return new JsonObject(); }
    @Override public void startObjectValue(JsonObject o, String name) { if (depth == 1) topName = name; }
    @Override public void endObjectValue(JsonObject o, String name) { o.add(name, value); }
    @Override public void endObject(JsonObject o) { depth--; value = o; }

    /** With a buffer of 64K characters, not the parser's 1K: fewer refills, and fewer strings pieced together across them. */
    public void parse(Reader body) throws IOException { new JsonParser(this).parse(body, 1 << 16); }

    /** The document parsed, without the `data` elements. */
    public JsonValue document() { return value; }

    /** Whether the document had a top-level `data` list. */
    public boolean hasData() { return data != null; }
}
