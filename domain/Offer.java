package domain;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one provider brought to a sync: its models, best first; how many of them become entries (0: all);
 * and the LiteLLM entry each model becomes.
 */
public record Offer(String provider, String source, List<Model> models, int limit, Function<Model, Map<String, Object>> entry) {}
