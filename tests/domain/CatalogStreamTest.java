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
        new CatalogStream(out::add).parse(new StringReader(document));
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

    @Test
    void aMalformedNumberIsRefusedAsJsonParseRefusesIt() {
        for (String bad : List.of("01", "-", "1.", "--1", "+1", "1e"))
            assertThrows(com.eclipsesource.json.ParseException.class, () -> streamed("{\"data\": [{\"n\": " + bad + "}]}"), bad);
    }
}
