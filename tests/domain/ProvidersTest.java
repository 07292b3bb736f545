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
