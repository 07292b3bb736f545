package domain;

import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The catalog's streaming parse reads every entry as Json.parse reads the whole document. */
class CatalogStreamTest {

    static List<JsonValue> streamed(String document) throws Exception {
        List<JsonValue> out = new ArrayList<>();
        new CatalogStream(java.util.Set.of("id", "n", "a"), out::add).parse(new StringReader(document));
        return out;
    }

    /** Integers take a shortcut past Json.parse: each number keeps its text and value, whatever its form. */
    @Test
    void numbersKeepTheirTextAndValue() throws Exception {
        List<String> numbers = new ArrayList<>(List.of("0", "-0", "7", "-7", "10", "123456789012345678", "-123456789012345678",
                "1234567890123456789", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "99999999999999999999999",
                "0.5", "-0.0", "1.50", "1e3", "1E+3", "-2.5e-7", "100000.000"));
        Random random = new Random(14);
        for (int i = 0; i < 2000; i++) {
            StringBuilder n = new StringBuilder(random.nextBoolean() ? "-" : "");
            n.append(1 + random.nextInt(9));
            for (int d = random.nextInt(21); d > 0; d--) n.append(random.nextInt(10));
            numbers.add(n.toString());
        }
        StringBuilder doc = new StringBuilder("{\"data\": [");
        for (int i = 0; i < numbers.size(); i++)
            doc.append(i == 0 ? "" : ", ").append("{\"id\": \"m/").append(i).append("\", \"n\": ").append(numbers.get(i)).append(", \"a\": [").append(numbers.get(i)).append("]}");
        List<JsonValue> entries = streamed(doc.append("]}").toString());
        assertEquals(numbers.size(), entries.size());
        for (int i = 0; i < numbers.size(); i++) {
            JsonValue expected = Json.parse(numbers.get(i)), n = entries.get(i).asObject().get("n");
            assertEquals(expected, n, numbers.get(i));
            assertEquals(numbers.get(i), n.toString());
            assertEquals(expected.asDouble(), n.asDouble(), numbers.get(i));
            assertEquals(expected, entries.get(i).asObject().get("a").asArray().get(0), numbers.get(i));
        }
    }

    /** An element keeps the named fields, whole; its other fields are read past; the rest of the document is kept whole. */
    @Test
    void anElementKeepsOnlyTheNamedFields() throws Exception {
        String doc = """
                {"meta": {"description": "kept", "n": [1, {"x": 2.5}]},
                 "data": [{"id": "m/1", "description": "gone", "links": {"a": [1, 2.5, {"b": null}], "n": "x"}, "n": {"deep": [1.5e3, {"description": 1}]},
                           "pricing": [[[{}]]], "a": [true], "id": "m/2"},
                          "not an object", [{"description": "in a list, not an element's field"}], {}],
                 "tail": {"description": 1, "data": [{"description": 2}]}}""";
        List<JsonValue> entries = new ArrayList<>();
        CatalogStream stream = new CatalogStream(java.util.Set.of("id", "n", "a"), entries::add);
        stream.parse(new StringReader(doc));
        assertEquals(List.of(Json.parse("""
                        {"id": "m/1", "n": {"deep": [1.5e3, {"description": 1}]}, "a": [true], "id": "m/2"}"""), Json.value("not an object"),
                Json.parse("[{\"description\": \"in a list, not an element's field\"}]"), Json.object()), entries);
        assertEquals("m/2", entries.get(0).asObject().get("id").asString(), "the last of a repeated field, as Json.parse reads it");
        com.eclipsesource.json.JsonObject whole = Json.parse(doc).asObject().set("data", Json.array());
        assertEquals(whole, stream.document(), "the document, without the elements");
    }

    @Test
    void aFieldReadPastMustStillBeJson() {
        for (String bad : List.of("{\"x\": }", "[1,]", "\"open", "01", "{\"a\" 1}"))
            assertThrows(com.eclipsesource.json.ParseException.class, () -> streamed("{\"data\": [{\"description\": " + bad + ", \"id\": \"m/1\"}]}"), bad);
    }

    @Test
    void aMalformedNumberIsRefusedAsJsonParseRefusesIt() {
        for (String bad : List.of("01", "-", "1.", "--1", "+1", "1e"))
            assertThrows(com.eclipsesource.json.ParseException.class, () -> streamed("{\"data\": [{\"n\": " + bad + "}]}"), bad);
    }
}
