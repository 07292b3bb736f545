package domain;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What one provider brought to a sync: its models, best first; how many of them become entries (0: all);
 * the LiteLLM entry each model becomes; and the ids of the models whose entries LiteLLM will price at $0.
 */
public record Offer(String provider, String source, List<Model> models, int limit, Function<Model, Map<String, Object>> entry,
                    Set<String> unpriced) {
    public Offer(String provider, String source, List<Model> models, int limit, Function<Model, Map<String, Object>> entry) {
        this(provider, source, models, limit, entry, Set.of());
    }
}
