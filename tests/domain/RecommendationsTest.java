package domain;

import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data/model_recommendations.json as the recommend command reads it. */
class RecommendationsTest {
    @Test
    void clearErrorsNeverAJavaMessage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model_recommendations.json");
        for (String shape : List.of("[]", "{}", "{\"categories\": []}", "{\"categories\": {\"coding\": []}}", "{\"categories\": {\"coding\": {}}}",
                "{\"categories\": {\"coding\": {\"models\": [1]}}}", "{\"categories\": {\"coding\": {\"models\": [{\"model_name\": 5}]}}}",
                "{\"categories\": {\"coding\": {\"models\": [{\"model_name\": \"x\", \"reason\": [\"r\"]}]}}}", "not json", "")) {
            Files.writeString(file, shape);
            Cli.Failure f = assertThrows(Cli.Failure.class, () -> Recommendations.read(file, Listings.universe(new Catalog("2026-12-07T00:00:00Z", Map.of(), List.of()), List.of())), shape);
            assertEquals(Cli.BAD_FILE, f.code, shape);
            assertTrue(f.getMessage().contains("is corrupt; run ./magi models sync"), f.getMessage());
        }
        Files.writeString(file, "{\"categories\": {\"coding\": {\"models\": [{\"model_name\": \"openrouter/m-x\", \"id\": \"m/x\", \"provider\": \"openrouter\", \"reason\": \"r\"}]}}}");
        Universe u = Listings.universe(new Catalog("2026-12-07T00:00:00Z", Map.of(), List.of()), List.of(ExplainTest.entry("smart", "openrouter/m/x", null)));
        JsonObject pick = Recommendations.read(file, u).get("categories").asObject().get("coding").asObject().get("models").asArray().get(0).asObject();
        assertEquals(List.of("smart", true), List.of(pick.getString("model_name", ""), pick.getBoolean("in_config", false)),
                "the name to select: an entry of yours serves it under its own");
    }
}
