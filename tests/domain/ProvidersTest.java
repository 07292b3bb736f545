package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a provider may bring to a sync. */
@org.junit.jupiter.api.parallel.ResourceLock("domain.Cli") // the masked keys are the whole JVM's
class ProvidersTest {
    static final String KEY = "0123456789abcdef0123456789abcdef";

    @AfterEach
    void forget() { Cli.hide(List::of); }

    @Test
    void aKeyEchoedInASuccessfulAnswerIsNeverWrittenOrPrinted() {
        Cli.hide(() -> List.of(KEY));
        List<Model> models = List.of(Family.model("azure", KEY, "gpt-4o", 0), Family.model("azure", "prod", "gpt-4o", 0),
                Family.model("azure", "x-" + KEY, "gpt-4o", 0), Family.model("azure", "ok", "gpt-4o-mini", 0));
        Offer o = Providers.screened(new Offer("azure", "https://user:pass@example.openai.azure.com/openai/deployments", models, 0, m -> Map.of()));
        assertEquals(List.of("azure/prod", "azure/ok"), o.models().stream().map(Model::modelName).toList());
        assertEquals("https://***@example.openai.azure.com/openai/deployments", o.source(), "no password is written as a source");
    }

    /**
     * A key in capitals (hex digits upper-cased are still the key), and a listing left out whose name, as explain
     * would show it, holds the key (`sk:or:...` is named `sk-or-...`), are left out too.
     */
    @Test
    void aKeyEchoedInCapitalsOrNamedIntoOneIsLeftOut() {
        String key = "sk-or-test-" + KEY;
        Cli.hide(() -> List.of(key));
        List<Model> models = List.of(Family.model("openrouter", "a/" + key.toUpperCase(java.util.Locale.ROOT), "x", 0),
                Family.model("openrouter", "a/ok", "x", 1));
        List<Filter.Drop> drops = List.of(new Filter.Drop("a/b:" + key.replace('-', ':'), "variant", null), new Filter.Drop("a/b:free", "free", null),
                new Filter.Drop("a/c", "variant", "a/" + key.toUpperCase(java.util.Locale.ROOT)));
        Offer o = Providers.screened(new Offer("openrouter", "s", models, 0, m -> Map.of(), java.util.Set.of(), drops, Map.of(), null));
        assertEquals(List.of("openrouter/a-ok"), o.models().stream().map(Model::modelName).toList());
        assertEquals(List.of("a/b:free"), o.dropped().stream().map(Filter.Drop::id).toList());
        assertFalse(Cli.holdsSecret("a/" + key.substring(1)), "a part of a key is no key");
    }

    @Test
    void aLargeCatalogIsScreenedModelByModelInItsOrder() { // checked on both cores: each verdict stays with its model
        Cli.hide(() -> List.of(KEY));
        List<Model> models = new java.util.ArrayList<>(), expected = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(14);
        for (int i = 0; i < 20_000; i++) {
            boolean echoed = random.nextInt(7) == 0;
            Model m = Family.model("azure", (echoed ? KEY.substring(0, 8) + "-" + KEY : "d") + i, "gpt-4o", i);
            models.add(m);
            if (!echoed) expected.add(m);
        }
        assertEquals(expected, Providers.screened(new Offer("azure", "https://example.openai.azure.com", models, 0, m -> Map.of())).models());
    }

    @Test
    void duplicateDeploymentsBecomeOneEntry() {
        List<Model> models = List.of(Family.model("openai", "gpt-4o", "gpt-4o", 0), Family.model("openai", "gpt-4o", "gpt-4o", 1));
        assertEquals(1, Providers.screened(new Offer("openai", "s", models, 0, m -> Map.of())).models().size());
    }
}
