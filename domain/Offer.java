package domain;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What one provider brought to a sync: its models, in the one order (Ranking); how many of them become entries
 * (0: all); the LiteLLM entry each model becomes; the ids of the models whose entries LiteLLM will price at $0;
 * the listings it left out and why; the attribution of the evidence its order rests on (source and as_of, by
 * kind: usage, benchmarks); and what its models were scored against (null: a provider without a ranking).
 */
public record Offer(String provider, String source, List<Model> models, int limit, Function<Model, Map<String, Object>> entry,
                    Set<String> unpriced, List<Filter.Drop> dropped, Map<String, String> credits, Score.Field field) {
    public Offer(String provider, String source, List<Model> models, int limit, Function<Model, Map<String, Object>> entry) {
        this(provider, source, models, limit, entry, Set.of(), List.of(), Map.of(), null);
    }

    /** This offer with other models and entries, as screening and describing them makes it. */
    Offer with(String source, List<Model> models, Function<Model, Map<String, Object>> entry, Set<String> unpriced) {
        return new Offer(provider, source, models, limit, entry, unpriced, dropped, credits, field);
    }

    /** What the ranked models of these offers were scored against, or null when none of them ranked its models. */
    public static Score.Field field(Map<String, Offer> offers) {
        for (Offer o : offers.values()) if (o.field != null) return o.field;
        return null;
    }
}
