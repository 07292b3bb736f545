package domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** OpenRouter: its catalog, streamed through the filter, then named, tagged and scored; and the entry each model becomes. */
public final class OpenRouter {
    static final String DEFAULT_BASE = "https://openrouter.ai/api/v1";

    /** The catalog's address. */
    static String url(Env env) { return env.get("OPENROUTER_API_BASE", DEFAULT_BASE).replaceAll("/+$", "") + "/models"; }

    /** The catalog's request headers: the key, when there is one. */
    static Map<String, String> headers(Env env) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (env.get("OPENROUTER_API_KEY") != null) headers.put("Authorization", "Bearer " + env.get("OPENROUTER_API_KEY"));
        return headers;
    }

    /** Asks for the catalog now (see Fetcher.prefetch), for offer() to read. */
    public static void prefetch(Fetcher fetcher, Env env) { fetcher.prefetch(url(env), headers(env)); }

    public static Offer offer(Fetcher fetcher, Env env, Criteria criteria, int limit, Filter.Baseline previous, boolean force) {
        Evidence.Pending evidence = Evidence.start(fetcher, env, java.time.Instant.now());
        String url = url(env);
        Map<String, String> headers = headers(env);
        Cli.info("fetching " + url);
        Filter.Sifter sifter = new Filter.Sifter(criteria, LocalDate.now(ZoneOffset.UTC));
        CatalogStream stream = new CatalogStream(Listing.FIELDS, sifter::accept);
        fetcher.read(url, headers, "OPENROUTER_API_KEY", body -> stream.parse(body)); // not stream::parse: see CatalogStream
        Filter.Sifted sifted = sifter.finish(stream.document(), stream.hasData());
        Cli.info("openrouter " + sifted.summary());
        Filter.refuseIfSuspicious(sifted, previous, force);
        Map<String, Listing> byId = new HashMap<>();
        sifted.kept().forEach(l -> byId.put(l.id(), l));
        Evidence found = evidence.join();
        List<Model> made = made(sifted.kept(), found);
        Score.Field field = Score.field(made);
        List<Model> models = Ranking.order(made, field, criteria.makerShare());
        if (!found.credits().isEmpty())
            Cli.info("evidence: usage share of " + models.stream().filter(m -> m.figures().usageShare() != null).count() + " and indices of "
                    + models.stream().filter(m -> m.figures().indexed()).count() + " of the " + models.size() + " kept models");
        return new Offer("openrouter", url, models, limit, m -> entry(m, byId.get(m.id())), Set.of(), sifted.drops(), found.credits(), field);
    }

    /** The kept listings as models: named, tagged, priced, joined to the evidence, scored, in the one order. */
    public static List<Model> models(List<Listing> kept, Evidence evidence, double makerShare) {
        return Ranking.order(made(kept, evidence), makerShare);
    }

    /** The kept listings as models, named, tagged, priced and joined to the evidence, not yet scored. */
    static List<Model> made(List<Listing> kept, Evidence evidence) {
        Map<String, String> names = Naming.names(kept.stream().map(Listing::id).toList());
        // model() is pure: two cores halve the making of a 100,000-model catalog (the list keeps the kept order)
        return kept.parallelStream().map(l -> model(l, names.get(l.id()), evidence.figures(l))).toList();
    }

    static Model model(Listing l, String modelName, Figures figures) {
        return new Model(modelName, l.id(), l.name(), "openrouter", 0, Tier.of(l.blendedPer1m()), Tags.of(l), l.inputPer1m(), l.outputPer1m(),
                l.contextLength(), l.maxOutputTokens(), l.tools(), l.imageInput(), l.reasoning(), l.created(), figures);
    }

    /** Prices per token (cache reads and writes too, when given) as OpenRouter states them, written exactly; limits from the catalog. */
    static Map<String, Object> entry(Model m, Listing l) {
        Map<String, Object> info = info(m, l.prompt(), l.completion());
        if (l.cacheRead() != null) info.put("cache_read_input_token_cost", l.cacheRead());
        if (l.cacheWrite() != null) info.put("cache_creation_input_token_cost", l.cacheWrite());
        Entries.ranking(info, m);
        return Entries.of(m.modelName(), Map.of("model", "openrouter/" + m.id(), "api_key", Entries.env("OPENROUTER_API_KEY")), info);
    }

    /**
     * What entry() states of `m` as data/models.json keeps it: all but the cache prices, which only its listing has.
     * A sync that does not fetch OpenRouter lends it to Azure and direct models, as one that does lends the entry.
     */
    static Map<String, Object> info(Model m) {
        return info(m, BigDecimal.valueOf(m.inputCostPer1m()).movePointLeft(6), BigDecimal.valueOf(m.outputCostPer1m()).movePointLeft(6));
    }

    static Map<String, Object> info(Model m, BigDecimal in, BigDecimal out) {
        Map<String, Object> info = Entries.info("openrouter", "chat", m);
        info.put("max_tokens", m.maxOutputTokens() > 0 ? m.maxOutputTokens() : m.contextLength());
        info.put("max_input_tokens", m.contextLength());
        if (m.maxOutputTokens() > 0) info.put("max_output_tokens", m.maxOutputTokens());
        info.put("input_cost_per_token", in);
        info.put("output_cost_per_token", out);
        return info;
    }
}
