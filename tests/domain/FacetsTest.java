package domain;

import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import support.Fixtures;

/** A filter on the facets passes exactly the models whose fields pass it, for every tag, provider, tier and score. */
class FacetsTest {
    static final String CONFIG_PROVIDERS = """
            model_list:
              - model_name: gpt-4o
                litellm_params: {model: openai/gpt-4o}
              - model_name: prod-o1
                litellm_params: {model: azure/prod-o1}
                model_info: {supports_vision: true, magi_cost_tier: premium}
              - model_name: mine
                litellm_params: {model: hosted_vllm/llama}
            """;

    static List<String> passing(Universe u, Facets.Filter f) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < u.models.size(); i++) if (u.facets.pass(List.of(f), i)) out.add(u.models.get(i).modelName());
        return out;
    }

    static List<String> fitting(Universe u, Predicate<Model> p) {
        return u.models.stream().filter(p).map(Model::modelName).toList();
    }

    @Test
    void theFacetsFilterAsTheModelsFieldsDo() throws Exception {
        List<Model> models = Listings.models(Json.parse(Fixtures.openRouter()), Listings.evidence());
        Catalog catalog = Catalog.of(Map.of("openrouter", new Offer("openrouter", "http://127.0.0.1/api/v1/models", models, 50, m -> Map.of(),
                Set.of(), List.of(), Map.of(), null)), Path.of("data/models.json"), null);
        Universe u = Listings.universe(catalog, ProxyConfig.of(YamlLoader.load(new java.io.StringReader(CONFIG_PROVIDERS))).entries());
        assertTrue(u.providers.containsAll(List.of("openrouter", "openai", "azure", "hosted_vllm")), u.providers.toString());
        int checked = 0;
        for (String t : u.tags) {
            List<String> want = fitting(u, m -> m.hasTag(t));
            assertEquals(want, passing(u, u.tag(t)), t);
            checked += want.size();
        }
        for (String p : u.providers) assertEquals(fitting(u, m -> m.provider().equals(p)), passing(u, u.provider(p)), p);
        for (String type : List.of("openai", "anthropic", "vision", "azure", "premium"))
            assertEquals(fitting(u, m -> m.hasTag(type) || m.provider().equals(type) || m.costTier().equals(type)), passing(u, u.kind(type)), type);
        for (String tier : Tier.ALL) assertEquals(fitting(u, m -> m.costTier().equals(tier)), passing(u, Universe.tier(tier)), tier);
        assertEquals(fitting(u, Model::vision), passing(u, Universe.vision()));
        for (int min : new int[] {0, 1, 50, 80, 96, 100})
            assertEquals(fitting(u, m -> m.popularity() >= min), passing(u, Universe.scoreAtLeast(min)), "score " + min);
        List<String> withFigures = new ArrayList<>();
        for (int i = 0; i < u.models.size(); i++) if (u.facets.figures(i)) withFigures.add(u.models.get(i).modelName());
        assertEquals(fitting(u, m -> m.figures().any()), withFigures, "whose sources a table names");
        assertFalse(withFigures.isEmpty());
        assertTrue(checked > 1000 && !passing(u, u.kind("azure")).isEmpty() && !passing(u, Universe.tier("premium")).isEmpty(), "the filters pass models: " + checked);
    }
}
