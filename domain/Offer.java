package domain;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one provider brought to a sync: its models, in the one order (Ranking); how many of them become entries
 * (0: all); the LiteLLM entry each model becomes; the listings it left out and why; and the attribution of the
 * evidence its order rests on (source and as_of, by kind: usage, benchmarks).
 */
public record Offer(String provider, String source, List<Model> models, int limit, Function<Model, Map<String, Object>> entry,
                    List<Filter.Drop> dropped, Map<String, String> credits) {
    public Offer(String provider, String source, List<Model> models, int limit, Function<Model, Map<String, Object>> entry) {
        this(provider, source, models, limit, entry, List.of(), Map.of());
    }
}
