package support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The recorded provider responses in ../shared/fixtures, read in place (never copied into the project). A work
 * tree kept deeper (a git worktree in ../wt/NAME) finds them in the nearest folder above it that has shared/.
 */
public final class Fixtures {
    public static final Path DIR = find(Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize());

    static Path find(Path project) {
        for (Path p = project.getParent(); p != null; p = p.getParent())
            if (Files.isDirectory(p.resolve("shared/fixtures"))) return p.resolve("shared/fixtures");
        return project.resolve("../shared/fixtures").normalize();
    }

    public static byte[] bytes(String name) {
        Path p = DIR.resolve(name);
        if (!Files.exists(p))
            throw new IllegalStateException("fixture " + p + " is missing: these tests need ../shared/fixtures beside the project");
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) { return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8); }

    /** The real 356-model OpenRouter catalog. */
    public static String openRouter() { return text("openrouter/models-2026-05.json"); }

    /** OpenRouter's usage ranking for the catalog's permaslugs (30 days to 2026-05-11). */
    public static String usage() { return text("openrouter/rankings-daily.json"); }

    /** Artificial Analysis's indices through OpenRouter, for the catalog's permaslugs. */
    public static String benchmarks() { return text("openrouter/benchmarks-artificial-analysis.json"); }
}
