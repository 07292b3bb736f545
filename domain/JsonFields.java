package domain;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/** Reading fields of provider answers without trusting their types: a wrong type reads as absent. */
public final class JsonFields {
    public static String string(JsonValue v) { return v != null && v.isString() ? v.asString() : null; }

    public static long whole(JsonValue v) {
        if (v == null || !v.isNumber()) return -1;
        double d = v.asDouble();
        return d == Math.rint(d) && d >= 0 && d < 1e15 ? (long) d : -1;
    }

    public static List<String> strings(JsonValue v) {
        if (v == null || !v.isArray()) return List.of();
        List<String> out = new ArrayList<>();
        for (JsonValue x : v.asArray()) if (x.isString()) out.add(x.asString());
        return out;
    }

    /** The `data` list of a provider's answer. */
    public static JsonArray list(JsonValue body, String url) {
        JsonValue data = body.isObject() ? body.asObject().get("data") : null;
        if (data == null || !data.isArray()) throw new Cli.Failure(Cli.FAILED, url + " answered without a 'data' list");
        return data.asArray();
    }
}
