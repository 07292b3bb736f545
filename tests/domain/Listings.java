package domain;

import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Catalog entries in OpenRouter's real shape (see ../shared/fixtures/openrouter), and what the sync makes of them. */
final class Listings {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    static final long NOW = 1_778_613_011L; // the fixture's newest `created`

    /** A catalog entry shaped like the real API's (see ../shared/fixtures/openrouter). */
    static JsonObject entry(String id, String prompt, String completion) {
        return new JsonObject().add("id", id).add("name", id).add("created", NOW).add("context_length", 128000)
                .add("architecture", new JsonObject().add("modality", "text->text")
                        .add("input_modalities", new JsonArray().add("text")).add("output_modalities", new JsonArray().add("text")))
                .add("pricing", new JsonObject().add("prompt", prompt).add("completion", completion))
                .add("top_provider", new JsonObject().add("context_length", 128000).add("max_completion_tokens", 16384))
                .add("supported_parameters", new JsonArray().add("max_tokens").add("temperature"))
                .add("expiration_date", Json.NULL);
    }

    static JsonObject with(JsonObject o, String key, JsonValue v) { return Json.parse(o.toString()).asObject().set(key, v); }

    static Listing listing(JsonObject o) {
        Listing l = Listing.parse(o);
        assertNotNull(l, "entry should be valid: " + o);
        return l;
    }

    static final Criteria DEFAULTS = Criteria.defaults();

    /** A catalog document sifted as the sync sifts it: streamed through CatalogStream into a Sifter (see OpenRouter.offer). */
    static Filter.Sifted sift(String body, Criteria criteria) {
        Filter.Sifter sifter = new Filter.Sifter(criteria, TODAY);
        CatalogStream stream = new CatalogStream(Listing.FIELDS, sifter::accept);
        try {
            stream.parse(new StringReader(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sifter.finish(stream.document(), stream.hasData());
    }

    static Filter.Sifted sift(JsonValue catalog, Criteria criteria) { return sift(catalog.toString(), criteria); }

    /** The models a sync makes of a catalog document, in the one order, without evidence. */
    static List<Model> models(JsonValue catalog) { return models(catalog, Evidence.NONE); }

    static List<Model> models(JsonValue catalog, Evidence evidence) {
        return OpenRouter.models(sift(catalog, DEFAULTS).kept(), evidence, DEFAULTS.makerShare());
    }

    /** The recorded usage ranking and benchmarks, as the sync reads them. */
    static Evidence evidence() {
        return new Evidence(Usage.parse(Json.parse(support.Fixtures.usage())), Benchmarks.parse(Json.parse(support.Fixtures.benchmarks())));
    }

    /** A catalog document of these entries. */
    static JsonObject catalog(JsonObject... entries) {
        JsonArray data = new JsonArray();
        for (JsonObject e : entries) data.add(e);
        return new JsonObject().add("data", data);
    }

    /** The read commands' universe of `catalog` and a config's entries, with the recommendations the sync makes of it. */
    static Universe universe(Catalog catalog, List<ProxyConfig.Entry> config) {
        return Universe.of(catalog, config, null, Recommendations.categories(Json.parse(Recommendations.render(catalog, java.util.Set.of())).asObject()));
    }

    static Model model(String id) {
        return models(new JsonObject().add("data", new JsonArray().add(entry(id, "0.0000025", "0.00001")))).get(0);
    }

    static Map<String, Object> litellmEntry(String id) {
        Model m = model(id);
        return OpenRouter.entry(m, listing(entry(id, "0.0000025", "0.00001")));
    }


    /** What a sync makes of `before`, choosing among `models` as run() does. */
    static String merged(Path dir, String before, List<String> ids) throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, before);
        ConfigFile file = ConfigFile.read(config);
        List<Model> chosen = Entries.choose(ids.stream().map(Listings::model).toList(), file.operatorTaken(), 0);
        file.merge("openrouter", chosen.stream().map(m -> litellmEntry(m.id())).toList());
        return file.render();
    }
}
