package domain;

import static domain.Listings.*;
import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import support.Fixtures;

/** The six categories on the recorded catalog, with the recorded evidence and without it. */
class RecommendTest {
    static final List<Model> WITHOUT = models(Json.parse(Fixtures.openRouter())), WITH = models(Json.parse(Fixtures.openRouter()), evidence());

    static void leads(List<Model> catalog, Recommend r, ToDoubleFunction<Model> key) {
        Recommend.Rule rule = r.rule(catalog);
        List<Model> picks = rule.pick(catalog, Recommend.PICKS);
        assertEquals(Recommend.PICKS, picks.size(), r.title);
        double best = catalog.stream().filter(rule.fits()).mapToDouble(key).max().orElseThrow();
        assertEquals(best, key.applyAsDouble(picks.get(0)), 1e-9, r.title + " is led by the best of its rule: " + picks.get(0).id());
        for (int i = 1; i < picks.size(); i++) assertTrue(key.applyAsDouble(picks.get(i - 1)) >= key.applyAsDouble(picks.get(i)), r.title + " at " + i);
    }

    static boolean anyOf(List<Model> picks, String maker) { return picks.stream().anyMatch(m -> m.id().startsWith(maker + "/")); }

    @Test
    void withEvidenceTheBestScoringLeadTheirCategories() {
        leads(WITH, Recommend.MOST_CAPABLE, m -> m.figures().intelligence());
        leads(WITH, Recommend.CODING, m -> m.figures().coding());
        leads(WITH, Recommend.BEST_VALUE, m -> m.figures().intelligence() / m.blendedCostPer1m());
        for (Recommend r : List.of(Recommend.FASTEST, Recommend.VISION)) leads(WITH, r, Model::popularity);
        double median = Recommend.candidates(WITH).median();
        for (Model m : Recommend.BEST_VALUE.pick(WITH, Recommend.PICKS)) {
            assertTrue(m.figures().intelligence() >= median, m.id() + " is above the median");
            assertNotEquals("premium", m.costTier(), m.id());
        }
        assertTrue(Recommend.BEST_VALUE.rule(WITH).text().contains("median"));
    }

    @Test
    void withoutEvidenceTheScoreLeadsAndIssue11sGapsAreClosed() {
        for (Recommend r : List.of(Recommend.FASTEST, Recommend.VISION)) leads(WITHOUT, r, Model::popularity);
        leads(WITHOUT, Recommend.CODING, m -> m.popularity() + (m.hasTag("coding") ? 10 : 0));
        // issue 11: Coding was three Codex models and a flash-lite, with no Claude; Most Capable had no Google model
        assertTrue(anyOf(Recommend.CODING.pick(WITHOUT, Recommend.PICKS), "anthropic"));
        assertTrue(Recommend.CODING.pick(WITHOUT, Recommend.PICKS).stream().noneMatch(m -> m.hasTag("small")));
        assertTrue(anyOf(Recommend.MOST_CAPABLE.pick(WITHOUT, Recommend.PICKS), "google"));
        assertTrue(anyOf(Recommend.CODING.pick(WITH, Recommend.PICKS), "anthropic"));
        assertTrue(anyOf(Recommend.MOST_CAPABLE.pick(WITH, Recommend.PICKS), "google"));
    }

    @Test
    void everyPickFitsItsCategoryAndNoneIsSpecialPurpose() {
        for (List<Model> catalog : List.of(WITH, WITHOUT))
            for (Recommend r : Recommend.values()) {
                Recommend.Rule rule = r.rule(catalog);
                for (Model m : rule.pick(catalog, 0)) {
                    assertNull(Purpose.of(m.id()), r.title + ": " + m.id());
                    assertFalse(rule.reason().apply(m).isBlank());
                    switch (r) {
                        case FASTEST -> assertTrue(m.hasTag("small"), m.id());
                        case BUDGET -> assertTrue(m.costTier().equals("budget") && m.functionCalling(), m.id());
                        case VISION -> assertTrue(m.vision(), m.id());
                        default -> assertTrue(m.functionCalling(), m.id());
                    }
                }
            }
    }

    @Test
    void theOrderNeverDependsOnTheInputOrder() {
        List<Model> reversed = new java.util.ArrayList<>(WITH);
        java.util.Collections.reverse(reversed);
        for (Recommend r : List.of(Recommend.MOST_CAPABLE, Recommend.CODING, Recommend.BEST_VALUE))
            assertEquals(r.pick(WITH, 0).stream().map(Model::id).sorted().toList(), r.pick(reversed, 0).stream().map(Model::id).sorted().toList());
        assertEquals(WITH.stream().sorted(Comparator.comparing(Model::id)).toList(), reversed.stream().sorted(Comparator.comparing(Model::id)).toList());
    }
}
