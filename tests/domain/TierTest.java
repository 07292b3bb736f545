package domain;

import static domain.Listings.*;
import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The cost tier rule. */
class TierTest {
    @Test
    void tiersSplitAtOneAndTenDollarsBlended() {
        assertEquals("budget", Tier.of(0));
        assertEquals("budget", Tier.of(0.99));
        assertEquals("standard", Tier.of(1));
        assertEquals("standard", Tier.of(9.99));
        assertEquals("premium", Tier.of(10));
    }
}
