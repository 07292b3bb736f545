import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import domain.Cli;
import domain.Entries;
import domain.Env;
import domain.YamlLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import support.FakeProvider;
import support.FakeProvider.Answer;
import support.Fixtures;
import support.Project;

/**
 * Issue 12's guard for the cases nobody listed: random (seeded) mutations of the recorded catalog and of a hand-written
 * config (values, types, sizes, unicode, structure), each followed by a sync run in this JVM (so hundreds fit in a
 * minute). After each: the exit status is 0, 1, 3 or 4; no Java message; the config is the old one byte for byte or a
 * new complete one; every operator entry, section and comment is kept; no key appears in any output or file.
 */
// Alone: it swaps System.out and err and sets the masked keys, which are the whole JVM's
@org.junit.jupiter.api.parallel.Isolated
class GenerativeEndToEndTest {
    static final long SEED = 20261125;
    static final int SYNCS = 200;
    static final String KEY = "sk-or-SENTINEL-generative-0a1b";
    /** Values a provider or an operator might put anywhere: YAML syntax, unicode, control characters, numbers, the key. */
    static final List<String> NASTY = List.of("yes", "null", "~", "- a", "*alias", "&anchor", "!tag", "{a: b}", "[1, 2]", "# not a comment", "'", "\"",
            "a: b", "\n- model_name: injected\n", "\u001b[2J\u001b]0;owned\u0007", "\u202eevil", "caf\u00e9 \u4e2d\u6587 \ud83d\ude80", "\ud800", "\u0000",
            "\t", "", " ", "1e-3500000", "-1", "1e308", "NaN", "0x10", "0o17", "12:30", "2026-11-25", "x".repeat(100_000), KEY, "os.environ/" + KEY,
            java.net.URLEncoder.encode(KEY + "/=", StandardCharsets.UTF_8));
    /** What an operator may write: the same, without keys (the config refers to keys only as os.environ/NAME). */
    static final List<String> WRITTEN = NASTY.stream().filter(v -> !v.contains("SENTINEL")).toList();
    static final String HAND_WRITTEN = """
            # Production proxy, edited by hand
            x-defaults: &defaults
              api_key: os.environ/OPENAI_API_KEY
            model_list:
              # direct entries first
              - model_name: gpt-4o  # our fallback
                litellm_params:
                  <<: *defaults
                  model: openai/gpt-4o
                  rpm: 600
              - model_name: "openrouter/openai-gpt-5.5"
                litellm_params: {model: openrouter/openai/gpt-5.5, api_key: os.environ/OPENROUTER_API_KEY, temperature: 0.1}
              - model_name: claude
                litellm_params:
                  model: anthropic/claude-sonnet-4-20250514
                  api_key: os.environ/ANTHROPIC_API_KEY
                model_info:
                  magi_managed: someone-else   # not the sync's
            # routing
            router_settings:
              routing_strategy: usage-based-routing
              fallbacks:
                - gpt-4o: [claude]
            litellm_settings:
              drop_params: true
            general_settings:
              master_key: os.environ/LITELLM_MASTER_KEY
            """;

    record Run(int code, String out, String err) {}

    Project project;
    Env env;
    Random random = new Random(SEED);
    final List<String> applied = new ArrayList<>();

    @Test
    void randomMutationsOfTheCatalogAndTheConfigNeverBreakTheRules() throws Exception {
        long t0 = System.nanoTime();
        String catalog = Fixtures.openRouter();
        Map<Integer, Integer> codes = new TreeMap<>();
        try (Project p = Project.copy(); FakeProvider provider = new FakeProvider()) {
            project = p;
            env = new Env(p.dir, Map.of("OPENROUTER_API_BASE", provider.base() + "/api/v1", "MAGI_HTTP_TIMEOUT", "3", "OPENROUTER_API_KEY", KEY,
                    "OPENAI_API_KEY", KEY + "-openai", "ANTHROPIC_API_KEY", KEY + "-anthropic"));
            provider.on("/api/v1/models", Answer.json(catalog));
            p.write(p.config(), HAND_WRITTEN);
            assertEquals(0, sync("50").code());
            byte[] synced = p.bytes(p.config()), models = p.bytes(p.data("models.json")), recs = p.bytes(p.data("model_recommendations.json"));
            JsonObject parsed = Json.parse(catalog).asObject();
            for (int i = 0; i < SYNCS; i++) {
                String config = random.nextBoolean() ? HAND_WRITTEN : new String(synced, StandardCharsets.UTF_8);
                JsonObject doc = copy(parsed).asObject(); // the catalog as parsed, for this sync's mutations alone
                String body = null;
                latin1 = false;
                for (int m = 1 + random.nextInt(3); m > 0; m--) {
                    if (random.nextInt(3) == 0) config = mutateConfig(config);
                    else body = mutateCatalog(doc, body);
                }
                provider.on("/api/v1/models", Answer.json(body != null ? body : doc.toString()));
                Files.write(p.data("models.json"), models);
                Files.write(p.data("model_recommendations.json"), recs);
                byte[] old = config.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                Files.write(p.config(), old);
                String[] args = Stream.of(List.of("0", "5", "50").get(random.nextInt(3)), random.nextInt(4) == 0 ? "--force" : null)
                        .filter(Objects::nonNull).toArray(String[]::new);
                Run r = sync(args);
                codes.merge(r.code(), 1, Integer::sum);
                check(i, old, models, r);
            }
            assertNoKeyInAnyFile();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("generative: %d syncs, %d mutations (%s), exit codes %s, %.1f s%n", SYNCS, applied.size(), kinds(), codes, seconds);
        assertTrue(applied.size() >= 200, "at least 200 mutations: " + applied.size());
        assertTrue(codes.getOrDefault(0, 0) >= SYNCS / 4 && codes.getOrDefault(1, 0) > 0 && codes.getOrDefault(4, 0) > 0,
                "the mutations reach both the written and the refused paths: " + codes);
    }

    /**
     * A copy of `v` that no change to it reaches: its objects and arrays anew, its strings, numbers and literals (which
     * cannot change) shared: what parsing the catalog again gives, for less (parsing the 600 KB catalog anew for each
     * of the 200 syncs cost about 2 s of CPU more).
     */
    static JsonValue copy(JsonValue v) {
        if (v.isObject()) {
            JsonObject o = new JsonObject();
            for (JsonObject.Member m : v.asObject()) o.add(m.getName(), copy(m.getValue()));
            return o;
        }
        if (v.isArray()) {
            JsonArray a = new JsonArray();
            for (JsonValue x : v.asArray()) a.add(copy(x));
            return a;
        }
        return v;
    }

    Run sync(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            return new Run(Cli.run("sync_models", () -> sync_models.run(args, env)), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            domain.Http.release();
        }
    }

    // ---------------------------------------------------------------- the rules checked after every sync

    void check(int i, byte[] oldBytes, byte[] models, Run r) throws Exception {
        String old = new String(oldBytes, StandardCharsets.UTF_8);
        String what = "sync " + i + " after " + applied.subList(Math.max(0, applied.size() - 3), applied.size()) + ": exit " + r.code() + "\n" + r.err();
        assertTrue(List.of(0, 1, 3, 4).contains(r.code()), what);
        assertFalse((r.out() + r.err()).matches("(?s).*(unexpected |Exception|\tat |java\\.).*"), "a Java message: " + what);
        for (String form : List.of(KEY, java.net.URLEncoder.encode(KEY + "/=", StandardCharsets.UTF_8))) {
            assertFalse((r.out() + r.err()).contains(form), "a key in the output: " + what);
            for (Path f : List.of(project.config(), project.data("models.json"), project.data("model_recommendations.json"),
                    project.dir.resolve(".magi/cache/universe.bin")))
                if (Files.exists(f)) assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(form), "a key in " + f + ": " + what);
        }
        byte[] now = project.bytes(project.config());
        if (r.code() == 1 || r.code() == 4) {
            assertArrayEquals(oldBytes, now, "a failed sync leaves the config as it was: " + what);
            assertArrayEquals(models, project.bytes(project.data("models.json")), "and data/models.json: " + what);
            return;
        }
        if (java.util.Arrays.equals(now, oldBytes)) return;
        String text = new String(now, StandardCharsets.UTF_8);
        Map<?, ?> before = (Map<?, ?>) lenient(old), after = (Map<?, ?>) lenient(text);
        assertNotNull(after, what);
        Map<Object, Object> sections = new HashMap<>(before == null ? Map.of() : before), sectionsNow = new HashMap<>(after);
        sections.remove("model_list");
        sectionsNow.remove("model_list");
        assertEquals(sections, sectionsNow, "every other section, as it was: " + what);
        List<?> list = (List<?>) after.get("model_list");
        assertEquals(operatorEntries(before), operatorEntries(after), "every operator entry, in its order: " + what);
        for (Object e : list) {
            Map<?, ?> entry = (Map<?, ?>) e;
            if (!"openrouter".equals(managedBy(entry))) continue;
            Map<?, ?> params = (Map<?, ?>) entry.get("litellm_params");
            assertTrue(entry.get("model_name") instanceof String && String.valueOf(params.get("model")).startsWith("openrouter/")
                    && String.valueOf(params.get("api_key")).startsWith(Entries.ENV_PREFIX), "a complete synced entry: " + entry + " " + what);
        }
        List<String> comments = comments(old), kept = new ArrayList<>(comments(text));
        for (String c : comments) assertTrue(kept.remove(c), "comment '" + c + "' kept: " + what);
    }

    /** The config as LiteLLM's loader sees it, except that a tag it does not know (`!secret x`) reads as its text. */
    static Object lenient(String text) {
        org.yaml.snakeyaml.LoaderOptions lo = new org.yaml.snakeyaml.LoaderOptions();
        lo.setCodePointLimit(YamlLoader.MAX_CODE_POINTS);
        lo.setNestingDepthLimit(YamlLoader.MAX_DEPTH);
        lo.setMaxAliasesForCollections(YamlLoader.MAX_ALIASES);
        org.yaml.snakeyaml.constructor.SafeConstructor c = new org.yaml.snakeyaml.constructor.SafeConstructor(lo) {
            {
                yamlConstructors.put(null, new org.yaml.snakeyaml.constructor.AbstractConstruct() {
                    public Object construct(org.yaml.snakeyaml.nodes.Node n) {
                        return n instanceof org.yaml.snakeyaml.nodes.ScalarNode s ? n.getTag().getValue() + " " + s.getValue() : null;
                    }
                });
            }
        };
        return new org.yaml.snakeyaml.Yaml(c).load(text);
    }

    static Object managedBy(Map<?, ?> entry) { return entry.get("model_info") instanceof Map<?, ?> info ? info.get("magi_managed") : null; }

    /** The entries the sync does not manage (it manages those marked openrouter), as LiteLLM reads them. */
    static List<Object> operatorEntries(Map<?, ?> config) {
        if (config == null || !(config.get("model_list") instanceof List<?> list)) return List.of();
        return list.stream().filter(e -> !(e instanceof Map<?, ?> m && "openrouter".equals(managedBy(m)))).map(e -> (Object) e).toList();
    }

    static List<String> comments(String text) {
        List<String> out = new ArrayList<>();
        collect(YamlLoader.compose(text), out);
        return out;
    }

    static void collect(org.yaml.snakeyaml.nodes.Node n, List<String> out) {
        if (n == null) return;
        for (var lines : java.util.Arrays.asList(n.getBlockComments(), n.getInLineComments(), n.getEndComments()))
            if (lines != null) lines.stream().filter(c -> c.getCommentType() != org.yaml.snakeyaml.comments.CommentType.BLANK_LINE).forEach(c -> out.add(c.getValue().strip()));
        if (n instanceof org.yaml.snakeyaml.nodes.MappingNode m) m.getValue().forEach(t -> { collect(t.getKeyNode(), out); collect(t.getValueNode(), out); });
        if (n instanceof org.yaml.snakeyaml.nodes.SequenceNode s) s.getValue().forEach(x -> collect(x, out));
    }

    void assertNoKeyInAnyFile() throws Exception {
        try (Stream<Path> files = Files.walk(project.dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/.magi/jbang")).toList())
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(KEY), "a key in " + f);
        }
    }

    String kinds() {
        Map<String, Integer> n = new TreeMap<>();
        applied.forEach(a -> n.merge(a.replaceAll(" .*", ""), 1, Integer::sum));
        return n.toString();
    }

    // ---------------------------------------------------------------- mutations of the catalog

    String pick(List<String> from) { return from.get(random.nextInt(from.size())); }

    JsonValue nastyValue() {
        return switch (random.nextInt(8)) {
            case 0 -> Json.NULL;
            case 1 -> Json.value(random.nextBoolean());
            case 2 -> Json.value(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            case 3 -> new JsonArray().add(pick(NASTY));
            case 4 -> new JsonObject().add(pick(NASTY), pick(NASTY));
            case 5 -> Json.value(random.nextLong());
            default -> Json.value(pick(NASTY));
        };
    }

    /** One mutation of the catalog document (or, once the document is text, of its text). */
    String mutateCatalog(JsonObject doc, String text) {
        JsonArray data = doc.get("data") != null && doc.get("data").isArray() ? doc.get("data").asArray() : new JsonArray();
        int kind = text != null || data.isEmpty() ? 9 : random.nextInt(10);
        JsonValue chosen = data.isEmpty() ? null : data.get(random.nextInt(data.size()));
        JsonObject entry = kind < 9 && chosen.isObject() ? chosen.asObject() : null;
        List<String> fields = List.of("id", "name", "created", "context_length", "pricing", "architecture", "top_provider", "supported_parameters", "expiration_date");
        String field = pick(fields);
        if (entry == null && kind < 9) kind = 8;
        switch (kind) {
            case 0 -> { entry.set(field, nastyValue()); note("catalog-value " + field); }
            case 1 -> { entry.remove(field); note("catalog-missing " + field); }
            case 2 -> {
                String id = entry.get("id") != null && entry.get("id").isString() ? entry.get("id").asString() : "a/b";
                entry.set(random.nextBoolean() ? "id" : "name", id.substring(0, random.nextInt(id.length() + 1)) + pick(NASTY));
                note("catalog-unicode");
            }
            case 3 -> {
                JsonObject pricing = entry.get("pricing") != null && entry.get("pricing").isObject() ? entry.get("pricing").asObject() : new JsonObject();
                pricing.set(random.nextBoolean() ? "prompt" : "completion", random.nextBoolean() ? Json.value(pick(NASTY)) : nastyValue());
                entry.set("pricing", pricing);
                note("catalog-price");
            }
            case 4 -> { for (int n = random.nextInt(50); n >= 0; n--) data.add(Json.parse(entry.toString())); note("catalog-duplicates"); }
            case 5 -> {
                int keep = random.nextInt(data.size() + 1);
                JsonArray fewer = new JsonArray();
                for (int j = 0; j < keep; j++) fewer.add(data.get(j));
                doc.set("data", fewer);
                note("catalog-shrink");
            }
            case 6 -> { entry.set("id", pick(List.of("openai/", "anthropic/", "x/")) + pick(List.of("gpt-", "claude-", "m")) + pick(NASTY).replaceAll("[^A-Za-z0-9]", "") + "-" + KEY); note("catalog-key-echo"); }
            case 7 -> {
                JsonValue deep = Json.value(1);
                for (int d = random.nextInt(2000); d > 0; d--) deep = new JsonArray().add(deep);
                entry.set("links", deep);
                note("catalog-structure deep");
            }
            case 8 -> {
                JsonValue shape = nastyValue();
                if (random.nextBoolean()) doc.set("data", shape); else data.set(random.nextInt(data.size()), shape);
                note("catalog-structure shape");
            }
            default -> {
                String t = text != null ? text : doc.toString();
                int at = random.nextInt(t.length() + 1);
                note("catalog-text");
                return switch (random.nextInt(4)) {
                    case 0 -> t.substring(0, at);
                    case 1 -> t.substring(0, at) + pick(NASTY) + t.substring(at);
                    case 2 -> "\ufeff" + t;
                    default -> t.substring(0, at) + "\"" + t.substring(at);
                };
            }
        }
        return text;
    }

    void note(String what) { applied.add(what); }

    // ---------------------------------------------------------------- mutations of the config text

    static final List<BiFunction<String, Random, String>> CONFIG_MUTATIONS = List.of(
            (c, r) -> insertLine(c, r, "# operator note \u00e9\u4e2d " + r.nextInt(1000)),
            (c, r) -> insertLine(c, r, "  # indented note " + r.nextInt(1000)),
            (c, r) -> c.replace("model_list:\n", "model_list:\n  - model_name: " + Json.value(WRITTEN.get(r.nextInt(WRITTEN.size()))) + "\n    litellm_params:\n      model: openai/gpt-4o-mini\n"),
            (c, r) -> c.replace("model_list:\n", "model_list:\n  - {model_name: openrouter/openai-gpt-4o, litellm_params: {model: openai/gpt-4o}}  # name taken\n"),
            (c, r) -> c.replace("model_list:\n", "model_list:\n  - model_name: odd\n    litellm_params: {model: openai/o3}\n    model_info: {magi_managed: " + List.of("1", "true", "OpenRouter", "[]", "''").get(r.nextInt(5)) + "}\n"),
            (c, r) -> c.replace("magi_managed: openrouter\n", "magi_managed: openrouter\n      team: research  # ours\n"),
            (c, r) -> c.replace("  - model_name: openrouter/", "  - model_name: operator-copy\n    litellm_params: {model: openrouter/openai/gpt-4o, rpm: 5}\n  - model_name: openrouter/"),
            (c, r) -> c.replaceFirst("(?s)(  - model_name: (openrouter/[^\\n]+)\\n.*?magi_managed: openrouter\\n)", "$1  - model_name: $2\n    litellm_params:\n      model: openrouter/x/y\n      api_key: os.environ/OPENROUTER_API_KEY_2\n      rpm: 9\n    model_info:\n      magi_managed: openrouter\n"),
            (c, r) -> c.replace("magi_managed: openrouter\n", ""),
            (c, r) -> c.replace("\n", "\r\n"),
            (c, r) -> "\ufeff" + c,
            (c, r) -> "--- # the proxy\n" + c,
            (c, r) -> c.replace("model_list:", "model_list: []\nignored:"),
            (c, r) -> c.replaceFirst("(?m)^model_list:\\n", "model_list:\n  - 5\n"),
            (c, r) -> c.replace("drop_params: true", "drop_params: !secret yes"),
            (c, r) -> c + "deep:\n" + nested(r.nextInt(80)),
            (c, r) -> c + "big: " + Json.value("x".repeat(r.nextInt(3_000_000))) + "\n",
            (c, r) -> c.replace("    litellm_params:", "\tlitellm_params:"),
            (c, r) -> c.substring(0, r.nextInt(c.length() + 1)),
            (c, r) -> c.replace("routing_strategy: usage-based-routing", "routing_strategy: " + Json.value(WRITTEN.get(r.nextInt(WRITTEN.size())))),
            (c, r) -> c.replace("rpm: 600", "rpm: " + List.of("1e-3500000", "0x10", "6_00", ".inf", "12:30:00", "~").get(r.nextInt(6))),
            (c, r) -> "# only a comment\n",
            (c, r) -> c + "\u00e9".repeat(3) + ": latin\n"); // written as Latin-1 bytes

    static String insertLine(String c, Random r, String line) {
        List<String> lines = new ArrayList<>(c.lines().toList());
        lines.add(r.nextInt(lines.size() + 1), line);
        return String.join("\n", lines) + "\n";
    }

    static String nested(int depth) {
        StringBuilder sb = new StringBuilder();
        for (int d = 1; d <= depth; d++) sb.append("  ".repeat(d)).append("k").append(d).append(":\n");
        return sb.append("  ".repeat(depth + 1)).append("end\n").toString();
    }

    boolean latin1;

    String mutateConfig(String config) {
        int k = random.nextInt(CONFIG_MUTATIONS.size());
        note("config-" + k);
        latin1 |= k == CONFIG_MUTATIONS.size() - 1;
        return CONFIG_MUTATIONS.get(k).apply(config, random);
    }
}
