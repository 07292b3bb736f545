import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import support.FakeProvider;
import support.FakeProvider.Answer;
import support.Fixtures;
import support.Project;

/** Sentinel values in every key variable appear in no output, message, config, backup or data file. */
class SecretsEndToEndTest {
    static final Map<String, String> SENTINELS = Map.of(
            "OPENROUTER_API_KEY", "sk-or-SENTINEL-openrouter-7f3a",
            "AZURE_OPENAI_API_KEY", "SENTINEL-azure-91bc",
            "OPENAI_API_KEY", "sk-SENTINEL-openai-0d2e",
            "ANTHROPIC_API_KEY", "sk-ant-SENTINEL-anthropic-55aa",
            "LITELLM_MASTER_KEY", "sk-SENTINEL-master-1234");

    @Test
    void noSecretAppearsAnywhere() throws Exception {
        List<Project.Result> results = new ArrayList<>();
        try (Project project = Project.copy(); FakeProvider fake = new FakeProvider()) {
            String echo = "{\"error\": \"invalid key " + String.join(" ", SENTINELS.values()) + "\"}";
            Map<String, String> env = new HashMap<>(SENTINELS);
            env.putAll(Map.of("OPENROUTER_API_BASE", fake.base() + "/api/v1", "MAGI_HTTP_TIMEOUT", "3",
                    "AZURE_OPENAI_ENDPOINT", fake.base(), "OPENAI_API_BASE", fake.base() + "/oai/v1", "ANTHROPIC_API_BASE", fake.base() + "/ant"));
            fake.on("/api/v1/models", Answer.json(Fixtures.openRouter()));
            fake.on("/openai/deployments", Answer.json(Fixtures.text("azure/deployments.json")));
            fake.on("/oai/v1/models", Answer.json(Fixtures.text("openai/models.json")));
            fake.on("/ant/v1/models", Answer.json(Fixtures.text("anthropic/models-page2.json")));
            String all = "openrouter,azure,openai,anthropic";
            results.add(project.magi(env, "models", "sync", "10", "--providers", all));
            results.add(project.magi(env, "models", "sync", "11", "--providers", all, "--dry-run"));
            results.add(project.magi(env, "models", "sync", "12", "--providers", all));
            for (String[] read : List.of(new String[] {"list", "0", "--json"}, new String[] {"top", "0"}, new String[] {"recommend", "--json"},
                    new String[] {"search", "--tag", "vision", "--json"}, new String[] {"filter", "azure", "5"}))
                results.add(project.magi(env, Stream.concat(Stream.of("models"), Stream.of(read)).toArray(String[]::new)));
            results.add(project.magi(env, "models", "restore"));
            // every provider now refuses, echoing the keys it was sent
            for (String path : List.of("/api/v1/models", "/openai/deployments", "/oai/v1/models", "/ant/v1/models"))
                fake.on(path, Answer.status(401, echo));
            results.add(project.magi(env, "models", "sync", "--providers", all));
            fake.on("/api/v1/models", Answer.status(500, echo));
            results.add(project.magi(env, "models", "sync"));
            results.add(project.magi(env, "models", "sync", "--limt", SENTINELS.get("OPENROUTER_API_KEY")));

            assertEquals(0, results.get(0).code(), results.get(0).all());
            assertEquals(1, results.get(results.size() - 3).code(), "all providers refused");
            for (Project.Result r : results)
                for (String secret : SENTINELS.values()) assertFalse(r.all().contains(secret), "a key in the output: " + r.all());
            int files = 0;
            try (Stream<Path> walk = Files.walk(project.dir)) {
                for (Path p : walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.magi/jbang")).toList()) {
                    String text = new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
                    for (String secret : SENTINELS.values()) assertFalse(text.contains(secret), secret + " in " + p);
                    files++;
                }
            }
            assertTrue(files > 10, "files scanned: " + files);
            for (String var : List.of("OPENROUTER_API_KEY", "AZURE_OPENAI_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"))
                assertTrue(project.read(project.config()).contains("os.environ/" + var), var + " is referred to, never written");
        }
    }
}
