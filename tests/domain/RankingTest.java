package domain;

import static domain.Listings.*;
import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.Fixtures;

/**
 * The order an operator gets from the real 356-model OpenRouter catalog, without evidence, and from variants
 * built from it: each rule of issue 11, item 3, checked on all of them.
 */
class RankingTest {
    static final List<String> LABS = List.of("openai", "anthropic", "google", "x-ai", "deepseek", "moonshotai", "z-ai", "qwen", "mistralai", "minimax");
    static JsonValue catalog;
    static Filter.Sifted sifted;
    static List<Model> models;
    static List<String> ranked;

    @BeforeAll
    static void siftTheCatalog() {
        catalog = Json.parse(Fixtures.openRouter());
        sifted = sift(catalog, Criteria.defaults());
        models = OpenRouter.models(sifted.kept(), Evidence.NONE, DEFAULTS.makerShare());
        ranked = models.stream().map(Model::id).toList();
    }

    /** The catalog with each entry changed by `edit` (a copy). */
    static JsonObject variant(UnaryOperator<JsonObject> edit) {
        JsonArray data = new JsonArray();
        for (JsonValue v : catalog.asObject().get("data").asArray()) data.add(edit.apply(Json.parse(v.toString()).asObject()));
        return new JsonObject().add("data", data);
    }

    /** The catalog plus `extra` entries. */
    static JsonObject plus(List<JsonObject> extra) {
        JsonObject c = Json.parse(catalog.toString()).asObject();
        extra.forEach(e -> c.get("data").asArray().add(e));
        return c;
    }

    static JsonObject listed(String id) {
        for (JsonValue v : catalog.asObject().get("data").asArray())
            if (v.asObject().getString("id", "").equals(id)) return Json.parse(v.toString()).asObject();
        throw new AssertionError(id + " is not in the fixture");
    }

    static int at(List<Model> order, String id) {
        for (int i = 0; i < order.size(); i++) if (order.get(i).id().equals(id)) return i;
        return -1;
    }

    /** Every rule of the one order, on one ordered catalog. */
    static void rulesHold(List<Model> order, double share) {
        noMakerTakesMoreThanItsShareOfAnyPrefix(order, share);
        specialPurposeAndRepeatedModelsFollowTheGeneralOnes(order);
        aNewerVersionOfAFamilyRanksFirst(order);
        aMakersFlagshipRanksAboveItsCheapModelsOfTheSameGeneration(order);
        aNewerGenerationAtTheSamePriceOrMoreRanksFirst(order);
    }

    static void noMakerTakesMoreThanItsShareOfAnyPrefix(List<Model> order, double share) {
        List<Model> general = order.stream().filter(m -> Ranking.follows(m, order) == null).toList();
        Map<String, Integer> count = new HashMap<>();
        Map<String, Long> left = new HashMap<>();
        general.forEach(m -> left.merge(Score.maker(m), 1L, Long::sum));
        for (int n = 1; n <= general.size(); n++) {
            String maker = Score.maker(general.get(n - 1));
            int c = count.merge(maker, 1, Integer::sum);
            left.merge(maker, -1L, Long::sum);
            boolean othersLeft = left.entrySet().stream().anyMatch(e -> !e.getKey().equals(maker) && e.getValue() > 0);
            if (othersLeft) assertTrue(c <= Ranking.makerLimit(n, share), maker + " has " + c + " of the first " + n);
        }
    }

    static void specialPurposeAndRepeatedModelsFollowTheGeneralOnes(List<Model> order) {
        boolean tail = false;
        Set<String> bases = new java.util.HashSet<>();
        for (Model m : order) {
            String follows = Ranking.follows(m, order);
            if (follows != null) tail = true;
            else {
                assertFalse(tail, m.id() + " takes a general slot after a model that takes none");
                assertTrue(bases.add(m.id().replaceFirst(":.*", "")), "one general slot per model: " + m.id());
            }
        }
    }

    /** Among the models that take a general slot (the others follow them all). */
    static void aNewerVersionOfAFamilyRanksFirst(List<Model> order) {
        Map<String, Double> lowest = new HashMap<>();
        for (Model m : order) {
            if (Ranking.follows(m, order) != null) continue;
            Versions.Version v = Versions.of(m.id());
            Double seen = lowest.get(v.family());
            assertTrue(seen == null || v.number() <= seen, m.id() + " (version " + v.number() + ") ranks after an older version of " + v.family());
            lowest.merge(v.family(), v.number(), Math::min);
        }
    }

    /** Same maker: a current general model listed a generation (180 days) after another, at the same price or more, ranks first. */
    static void aNewerGenerationAtTheSamePriceOrMoreRanksFirst(List<Model> order) {
        Map<String, String> superseded = Versions.superseded(order);
        for (int i = 0; i < order.size(); i++)
            for (int j = 0; j < i; j++) {
                Model older = order.get(j), newer = order.get(i);
                if (Score.maker(older).equals(Score.maker(newer)) && Ranking.follows(newer, order) == null && !superseded.containsKey(newer.id())
                        && newer.created() >= older.created() + 180 * 86400L
                        && newer.blendedCostPer1m() >= older.blendedCostPer1m() && newer.blendedCostPer1m() < Score.ULTRA && !newer.hasTag("small"))
                    fail(older.id() + " ranks above " + newer.id() + ", a generation (180 days) newer at the same price or more");
            }
    }

    /** Same maker, both current and general, the pricier listed within 180 days after the other and at ten times its price or more. */
    static void aMakersFlagshipRanksAboveItsCheapModelsOfTheSameGeneration(List<Model> order) {
        Map<String, String> superseded = Versions.superseded(order);
        List<Model> current = order.stream().filter(m -> Ranking.follows(m, order) == null && !superseded.containsKey(m.id())).toList();
        for (int i = 0; i < current.size(); i++)
            for (int j = 0; j < i; j++) {
                Model cheap = current.get(j), flagship = current.get(i);
                boolean sameGeneration = flagship.created() >= cheap.created() && flagship.created() - cheap.created() <= 180 * 86400L;
                if (Score.maker(cheap).equals(Score.maker(flagship)) && sameGeneration && cheap.blendedCostPer1m() * 10 <= flagship.blendedCostPer1m()
                        && flagship.blendedCostPer1m() < Score.ULTRA)
                    fail(cheap.id() + " ranks above " + flagship.id() + ", its maker's flagship at ten times the price");
            }
    }

    @Test
    void everyDropIsCountedByItsRule() {
        assertEquals(356, sifted.total());
        assertEquals(0, sifted.malformed());
        Map<String, Integer> d = sifted.dropped();
        assertEquals(List.of(8, 3, 26, 3, 11), List.of(d.get("alias"), d.get("expired"), d.get("free"), d.get("variable-price"), d.get("not-chat")));
        assertEquals(356, sifted.kept().size() + d.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(d.values().stream().mapToInt(Integer::intValue).sum(), sifted.drops().size(), "every drop is recorded for explain");
        Set<String> kept = new TreeSet<>(sifted.kept().stream().map(Listing::id).toList());
        for (String kind : List.of("edition", "preview", "snapshot")) assertTrue(d.getOrDefault(kind, 0) > 0, kind + ": the fixture has some");
        for (Filter.Drop x : sifted.drops())
            assertEquals(Set.of("edition", "preview", "snapshot").contains(x.reason()), x.to() != null && kept.contains(x.to()), x.toString());
    }

    @Test
    void chatEntriesAreTextOutputModelsUnlessTheOperatorAllowsMore() throws Exception {
        for (Listing l : sifted.kept()) assertTrue(l.outputs().isEmpty() || l.outputs().equals(List.of("text")), l.id() + " " + l.outputs());
        List<String> imaging = new ArrayList<>();
        for (JsonValue v : catalog.asObject().get("data").asArray())
            if (Listing.parse(v) != null && Listing.parse(v).outputs().contains("image") && !Listing.parse(v).variablePrice()) imaging.add(Listing.parse(v).id());
        assertFalse(imaging.isEmpty(), "the fixture has image generation models");
        Set<String> drops = new TreeSet<>(sifted.drops().stream().filter(x -> x.reason().equals("not-chat")).map(Filter.Drop::id).toList());
        assertTrue(drops.containsAll(imaging), drops.toString());
        java.nio.file.Path file = java.nio.file.Files.createTempFile("sync", ".yaml");
        java.nio.file.Files.writeString(file, "output_modalities: [text, image]\n");
        Criteria images = Criteria.load(file);
        java.nio.file.Files.delete(file);
        List<String> keptNow = sift(catalog, images).kept().stream().map(Listing::id).toList();
        assertTrue(imaging.stream().anyMatch(keptNow::contains), "allowed, image output models are kept");
        assertTrue(keptNow.stream().noneMatch(id -> Listing.parse(listed(id)).outputs().contains("audio")), "audio output is still left out");
    }

    @Test
    void theOneOrderKeepsEveryRuleOnTheRecordedCatalog() {
        rulesHold(models, DEFAULTS.makerShare());
        assertTrue(models.stream().anyMatch(m -> Purpose.of(m.id()) != null), "the fixture has special-purpose models");
    }

    @Test
    void oneEntryPerModel() {
        Map<String, String> lines = new HashMap<>();
        for (Model m : models) {
            String other = lines.put(Editions.line(m.id()), m.id());
            assertNull(other, m.id() + " and " + other + " are one model");
            String[] edition = Editions.edition(m.id());
            if (edition != null && !edition[0].matches("fast|turbo")) assertFalse(ranked.contains(edition[1]), m.id() + " is an edition of " + edition[1]);
        }
        assertEquals(1, ranked.stream().filter(id -> id.startsWith("google/gemini-2.5-pro")).count(), "Gemini 2.5 Pro appears under one id");
        Criteria keepAll = new Criteria(false, List.of("thinking"), List.of(), List.of(), List.of(), List.of(), null, null, List.of(), List.of("chat"),
                List.of("text"), Editions.KINDS, 1.0 / 3);
        Filter.Sifted all = sift(catalog, keepAll);
        assertEquals(sifted.kept().size() + sifted.drops().stream().filter(x -> x.to() != null).count(), all.kept().size(), "keep_editions keeps every kind");
    }

    @Test
    void theTop25HoldsTheCurrentFlagshipsOfTheLeadingLabs() {
        List<String> top = ranked.subList(0, 25);
        assertTrue(LABS.stream().filter(lab -> top.stream().anyMatch(id -> id.startsWith(lab + "/"))).count() >= 9, top.toString());
        // issue 11: these were #30, #37, #26, #74, #70 and #134
        for (String flagship : List.of("google/gemini-3.1-pro-preview", "deepseek/deepseek-v4-pro", "moonshotai/kimi-k2.6", "z-ai/glm-5.1",
                "minimax/minimax-m2.7", "mistralai/mistral-large-2512", "openai/gpt-5.5", "anthropic/claude-opus-4.7"))
            assertTrue(top.contains(flagship), flagship + " in " + top);
        for (String small : List.of("google/gemini-3.1-flash-lite", "google/gemma-4-26b-a4b-it", "google/gemma-4-31b-it"))
            assertTrue(at(models, small) > at(models, "openai/gpt-5.5") && at(models, small) > at(models, "anthropic/claude-opus-4.7"), small);
    }

    @Test
    void theTop25SpansSixProvidersIncludingTheLeadingThree() {
        Set<String> providers = new TreeSet<>();
        for (String id : ranked.subList(0, 25)) providers.add(id.substring(0, id.indexOf('/')));
        assertTrue(providers.size() >= 6, "providers in the top 25: " + providers);
        assertTrue(providers.containsAll(List.of("openai", "anthropic", "google")), providers.toString());
    }

    @Test
    void aFewListingsDatedInTheFutureAgeNoOtherModel() {
        Map<String, Integer> before = new java.util.HashMap<>();
        models(catalog).forEach(m -> before.put(m.id(), m.popularity()));
        Set<String> wrong = Set.of("ibm-granite/granite-4.1-8b", "anthropic/claude-sonnet-4.6");
        List<Model> after = models(variant(o -> wrong.contains(o.getString("id", "")) ? o.set("created", 4_102_444_800L) : o)); // the year 2100
        for (Model m : after) // a maker's own models compare prices with it within months: they may move, no other model does
            if (!m.id().startsWith("anthropic/") && !m.id().startsWith("ibm-granite/")) assertEquals(before.get(m.id()), m.popularity(), 1, m.id());
        assertTrue(after.subList(0, 10).stream().anyMatch(m -> m.id().equals("anthropic/claude-sonnet-4.6")), "and its own date does not sink it");
        // a small catalog (an operator's narrow filter), a date in 2030; and a date in milliseconds
        List<Listing> anthropic = sift(catalog, DEFAULTS).kept().stream().filter(l -> l.provider().equals("anthropic")).toList();
        long tomorrow = TODAY.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
        List<Listing> one = new java.util.ArrayList<>(anthropic);
        one.set(0, one.get(0).listedAt(1_900_000_000L));
        long newest = anthropic.stream().skip(1).mapToLong(Listing::created).max().orElseThrow(); // of the others
        assertEquals(newest, Filter.dated(one, tomorrow).stream().mapToLong(Listing::created).max().orElseThrow());
        assertEquals(anthropic, Filter.dated(anthropic, tomorrow), "nothing in the future: nothing changes");
        List<Listing> clockBehind = anthropic.stream().map(l -> l.listedAt(l.created() + 3 * 365 * 86_400L)).toList();
        assertEquals(clockBehind, Filter.dated(clockBehind, tomorrow), "most in the future: the clock is wrong, not the catalog");
        JsonObject millis = entry("openai/gpt-4o", "0.0000025", "0.00001").set("created", NOW * 1000);
        assertEquals(NOW, Listing.parse(millis).created());
    }

    @Test
    void variantsOfTheCatalogKeepEveryRule() {
        long year = 365 * 86400L;
        Map<String, JsonObject> variants = new java.util.LinkedHashMap<>();
        variants.put("a year earlier", variant(o -> o.set("created", o.getLong("created", 0) - year)));
        variants.put("without anthropic", variant(o -> o.getString("id", "").startsWith("anthropic/") ? o.set("pricing", variable()) : o));
        variants.put("deepseek ten times the price", variant(o -> o.getString("id", "").startsWith("deepseek/") ? o.set("pricing", tenTimes(o.get("pricing").asObject())) : o));
        variants.put("hostile additions", plus(hostile()));
        for (var v : variants.entrySet()) {
            List<Model> order = models(v.getValue());
            try {
                rulesHold(order, DEFAULTS.makerShare());
            } catch (AssertionError e) {
                throw new AssertionError(v.getKey() + ": " + e.getMessage(), e);
            }
            List<String> top = order.subList(0, 25).stream().map(Model::id).toList();
            long labs = LABS.stream().filter(lab -> order.stream().anyMatch(m -> Score.maker(m).equals(lab))).count();
            assertTrue(LABS.stream().filter(lab -> top.stream().anyMatch(id -> id.startsWith(lab + "/"))).count() >= labs - 1, v.getKey() + ": " + top);
        }
        assertEquals(ranked, models(variants.get("a year earlier")).stream().map(Model::id).toList(), "ages count from the newest model, not the clock");
        List<String> deepseek = ranked.stream().filter(id -> id.startsWith("deepseek/")).toList();
        assertEquals(deepseek, models(variants.get("deepseek ten times the price")).stream().map(Model::id).filter(id -> id.startsWith("deepseek/")).toList(),
                "a maker's standing is relative to its own prices (below ultra-premium)");
    }

    static JsonObject variable() { return new JsonObject().add("prompt", "-1").add("completion", "-1"); }

    static JsonObject tenTimes(JsonObject pricing) {
        return new JsonObject().add("prompt", new BigDecimal(pricing.getString("prompt", "0")).multiply(BigDecimal.TEN).toPlainString())
                .add("completion", new BigDecimal(pricing.getString("completion", "0")).multiply(BigDecimal.TEN).toPlainString());
    }

    /** What other real catalogs hold: image models, guards, research agents, editions and snapshots of the best models. */
    static List<JsonObject> hostile() {
        List<JsonObject> out = new ArrayList<>();
        for (String id : List.of("openai/gpt-5.5", "anthropic/claude-opus-4.7", "google/gemini-3.1-pro-preview", "x-ai/grok-4.3")) {
            JsonObject model = listed(id);
            JsonObject image = Json.parse(model.toString()).asObject().set("id", id + "-image");
            image.get("architecture").asObject().set("output_modalities", new JsonArray().add("text").add("image"));
            out.add(image);
            out.add(Json.parse(model.toString()).asObject().set("id", id + "-guard"));
            out.add(Json.parse(model.toString()).asObject().set("id", id + "-deep-research"));
            out.add(Json.parse(model.toString()).asObject().set("id", id + "-latest"));
            out.add(Json.parse(model.toString()).asObject().set("id", id + "-customtools"));
            out.add(Json.parse(model.toString()).asObject().set("id", id + "-fast").set("pricing", tenTimes(model.get("pricing").asObject())));
            out.add(Json.parse(model.toString()).asObject().set("id", id + "-preview"));
            out.add(Json.parse(model.toString()).asObject().set("id", id + "-2026-01-01").set("name", model.getString("name", "") + " (2026-01-01)"));
        }
        return out;
    }

    @Test
    void theHostileAdditionsTakeNoSlotOfTheTop25() {
        List<String> top = models(plus(hostile())).subList(0, 25).stream().map(Model::id).toList();
        assertEquals(ranked.subList(0, 25), top);
    }

    @Test
    void oneMakerAloneIsRankedByScore() {
        List<Model> order = models(variant(o -> o.getString("id", "").startsWith("openai/") ? o : o.set("pricing", variable())));
        assertTrue(order.size() > 10);
        rulesHold(order, DEFAULTS.makerShare());
    }

    @Test
    void variablePricedRoutersAreNotRankedAsBargains() {
        for (String router : List.of("openrouter/auto", "openrouter/pareto-code", "openrouter/bodybuilder"))
            assertFalse(ranked.contains(router), router);
        for (Model m : models) {
            assertTrue(m.inputCostPer1m() >= 0 && m.outputCostPer1m() >= 0, m.id());
            assertTrue(m.blendedCostPer1m() > 0, "free models are off by default: " + m.id());
        }
    }

    @Test
    void capabilitiesAreReadFromTheRealFields() {
        Model gpt4o = models.stream().filter(m -> m.id().equals("openai/gpt-4o")).findFirst().orElseThrow();
        assertTrue(gpt4o.functionCalling() && gpt4o.vision(), "gpt-4o has tools and image input");
        long tools = models.stream().filter(Model::functionCalling).count(), vision = models.stream().filter(Model::vision).count();
        assertTrue(tools > 200 && vision > 100, "tools " + tools + ", vision " + vision);
    }

    @Test
    void streamingTheCatalogGivesWhatParsingItWholeGives() throws Exception {
        Filter.Sifter whole = new Filter.Sifter(Criteria.defaults(), TODAY);
        catalog.asObject().get("data").asArray().forEach(whole::accept);
        assertEquals(whole.finish(catalog, true), sifted);
        CatalogStream h = new CatalogStream(Listing.FIELDS, v -> {});
        h.parse(new java.io.StringReader(Fixtures.openRouter()));
        assertEquals(0, h.data.size(), "entries are handed on, not kept");
    }

    @Test
    void theRankingDoesNotDependOnTheCatalogOrder() {
        List<JsonValue> entries = new ArrayList<>();
        catalog.asObject().get("data").asArray().forEach(entries::add);
        Collections.shuffle(entries, new Random(7));
        JsonArray shuffled = new JsonArray();
        entries.forEach(shuffled::add);
        assertEquals(models, models(new JsonObject().add("data", shuffled)));
    }
}
