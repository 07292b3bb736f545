import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonValue;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import support.FakeProvider.Answer;
import support.LoopbackSync;
import support.Project;

/** Whatever the provider, the disk or another process does, the config is the old file or a complete new one. */
class FaultsEndToEndTest extends LoopbackSync {
    static Project.Result magi(String... args) { return project.magi(env(), args); }

    /** The fixture with its first `n` entries replaced by `bad`. */
    static String corrupt(int n, JsonValue bad) {
        JsonArray data = Json.parse(catalog).asObject().get("data").asArray();
        JsonArray out = new JsonArray();
        for (int i = 0; i < data.size(); i++) out.add(i < n ? bad : data.get(i));
        return Json.object().add("data", out).toString();
    }

    /**
     * The cap is what refuses it, however long 256 MiB take to stream and parse on a loaded machine (final review,
     * item 5: the 3 s timeout's 6 s deadline for a whole body was reached first once); the deadline has tests of its own.
     */
    @Test
    void aHugeBodyIsRefusedPastTheCapWithoutExhaustingMemory() {
        assertEquals(0, magi("models", "sync", "5").code());
        Map<Path, byte[]> before = snapshot();
        provider.on(MODELS, Answer.huge(300L << 20));
        Project.Result r = project.magi(env("MAGI_HTTP_TIMEOUT", "60"), "models", "sync", "5");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("more than 256 MiB"), r.err());
        assertUnchanged(before);
    }

    @Test
    void badEntriesAreSkippedAndCounted() {
        provider.on(MODELS, Answer.json(corrupt(10, Json.object().add("id", "no-slash").add("pricing", "free"))));
        Project.Result r = magi("models", "sync", "5");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.err().contains("malformed 10"), r.err());
    }

    @Test
    void aMostlyMalformedCatalogIsRefusedUnlessForced() {
        assertEquals(0, magi("models", "sync", "5").code());
        Map<Path, byte[]> before = snapshot();
        provider.on(MODELS, Answer.json(corrupt(200, Json.value(42))));
        Project.Result r = magi("models", "sync", "5");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("200 of 356 catalog entries are malformed") && r.err().contains("--force"), r.err());
        assertUnchanged(before);
        assertEquals(0, magi("models", "sync", "5", "--force").code());
    }

    @Test
    void aCatalogThatShrankByMoreThanHalfIsRefusedUnlessForced() {
        assertEquals(0, magi("models", "sync", "5").code());
        Map<Path, byte[]> before = snapshot();
        JsonArray data = Json.parse(catalog).asObject().get("data").asArray();
        JsonArray few = new JsonArray();
        for (int i = 0; i < 100; i++) few.add(data.get(i));
        provider.on(MODELS, Answer.json(Json.object().add("data", few).toString()));
        Project.Result r = magi("models", "sync", "5");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("shrank from 278"), r.err());
        assertUnchanged(before);
        assertEquals(0, magi("models", "sync", "5", "--force").code());
    }

    @Test
    void theOperatorsOwnNarrowerFilterIsNoShrunkCatalog() throws Exception {
        assertEquals(0, magi("models", "sync", "5").code());
        Path criteria = project.dir.resolve("config/sync.yaml");
        String shipped = project.read(criteria);
        try {
            syncsNarrowedBy(criteria);
        } finally {
            Files.writeString(criteria, shipped);
        }
    }

    static void syncsNarrowedBy(Path criteria) throws Exception {
        Files.writeString(criteria, "include_providers: [openai, anthropic]\n");
        Project.Result r = magi("models", "sync", "5");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.err().contains("config/sync.yaml's filter changed since the last sync: comparing the catalog's 356 listed models, not its 278 kept ones"), r.err());
        java.util.regex.Matcher kept = java.util.regex.Pattern.compile("kept (\\d+)").matcher(r.err());
        assertTrue(kept.find() && Integer.parseInt(kept.group(1)) < 278 / 2, r.err());
        // under the same criteria again, a catalog cut to 10 of their models is refused as before
        JsonArray few = new JsonArray();
        for (JsonValue v : Json.parse(catalog).asObject().get("data").asArray())
            if (v.asObject().getString("id", "").startsWith("openai/") && few.size() < 10) few.add(v);
        Map<Path, byte[]> before = snapshot();
        provider.on(MODELS, Answer.json(Json.object().add("data", few).toString()));
        r = magi("models", "sync", "5");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("shrank from "), r.err());
        assertUnchanged(before);
        // a change of the filter, and a catalog cut short: its listings shrank, and that is refused
        Files.writeString(criteria, "include_providers: [openai, anthropic, google]\n");
        r = magi("models", "sync", "5");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("the catalog shrank from 356 to 10 models"), r.err());
        assertUnchanged(before);
        // a change that keeps the same listings (the maker share orders, it does not filter) compares the kept count
        provider.on(MODELS, Answer.json(catalog));
        assertEquals(0, magi("models", "sync", "5").code());
        Files.writeString(criteria, "include_providers: [openai, anthropic, google]\nmax_maker_share: 0.5\n");
        provider.on(MODELS, Answer.json(Json.object().add("data", few).toString()));
        r = magi("models", "sync", "5");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("kept models") && !r.err().contains("filter changed"), r.err());
    }

    @Test
    void aReadOnlyConfigOrFolderIsLeftAlone() throws Exception {
        assertEquals(0, magi("models", "sync", "5").code());
        Map<Path, byte[]> before = snapshot();
        Path folder = project.config().getParent();
        for (Path p : List.of(project.config(), folder)) {
            var perms = Files.getPosixFilePermissions(p);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(p.equals(folder) ? "r-xr-xr-x" : "r--r-----"));
            try {
                Project.Result r = magi("models", "sync", "6");
                assertEquals(4, r.code(), r.all());
                assertTrue(r.err().contains("read-only"), r.err());
            } finally {
                Files.setPosixFilePermissions(p, perms);
            }
            assertUnchanged(before);
        }
    }

    @Test
    void aFullDiskChangesNothing() {
        assertEquals(0, magi("models", "sync", "5").code());
        Map<Path, byte[]> before = snapshot();
        // a file-size limit makes every write past 50 KiB fail, as a full disk would
        Project.Result r = project.run(env(), List.of("bash", "-c", "ulimit -f 50; exec ./magi models sync 6"));
        assertEquals(4, r.code(), r.all());
        assertTrue(r.err().contains("cannot write") && r.err().contains("nothing changed"), r.err());
        assertUnchanged(before);
    }

    @Test
    void restorePutsTheBackupBackAndCanBeUndone() throws Exception {
        assertEquals(4, magi("models", "restore").code(), "no backup yet");
        assertEquals(0, magi("models", "sync", "5").code());
        byte[] five = project.bytes(project.config());
        assertEquals(0, magi("models", "sync", "6").code());
        byte[] six = project.bytes(project.config());
        for (String other : List.of("--dry-run", "5", "--providers=azure", "--force", "extra")) {
            Project.Result refused = magi("models", "restore", other);
            assertEquals(2, refused.code(), other + ": " + refused.all());
            assertTrue(refused.err().contains("error: restore takes only --config and --quiet, not "), refused.err());
            assertArrayEquals(six, project.bytes(project.config()), other + " restored nothing");
        }
        Project.Result r = magi("models", "restore");
        assertEquals(0, r.code(), r.all());
        assertArrayEquals(five, project.bytes(project.config()));
        assertArrayEquals(six, project.bytes(project.backup()), "the replaced config is backed up first");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(project.backup())));
        assertEquals(0, magi("models", "restore").code());
        assertArrayEquals(six, project.bytes(project.config()));
        Project.Result list = magi("models", "list", "0", "--json");
        assertEquals(4 + 6, Json.parse(list.out()).asArray().size(), "read commands see the restored config at once");
    }

    @Test
    void twoSyncsAtOnceGiveWhatOneCleanSyncGives() throws Exception {
        assertEquals(0, magi("models", "sync", "7").code());
        byte[] clean = project.bytes(project.config());
        project.reset();
        provider.on(MODELS, Answer.json(catalog).delay(1500));
        CompletableFuture<Project.Result> a = CompletableFuture.supplyAsync(() -> magi("models", "sync", "7"));
        CompletableFuture<Project.Result> b = CompletableFuture.supplyAsync(() -> magi("models", "sync", "7"));
        assertEquals(0, a.get().code(), a.get().all());
        assertEquals(0, b.get().code(), b.get().all());
        assertArrayEquals(clean, project.bytes(project.config()));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aSyncThatCannotGetTheLockGivesUpWithAClearMessage() throws Exception {
        assertEquals(0, magi("models", "sync", "5").code());
        Map<Path, byte[]> before = snapshot();
        Path lock = project.config().resolveSibling(".config.yaml.lock");
        try (FileChannel c = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock held = c.lock()) {
            Project.Result r = magi("models", "sync", "6");
            assertEquals(5, r.code(), r.all());
            assertTrue(r.err().contains("another sync is still running"), r.err());
        }
        assertUnchanged(before);
    }

    @Test
    void aSyncKilledAtAnyMomentLeavesTheOldOrTheNewFile() throws Exception {
        assertEquals(0, magi("models", "sync", "5").code());
        byte[] five = project.bytes(project.config());
        int syncMillis = Integer.MAX_VALUE; // the quickest of a few clean syncs: a kill before then is in flight
        for (String n : List.of("6", "5", "6")) {
            long t0 = System.nanoTime();
            assertEquals(0, magi("models", "sync", n).code());
            syncMillis = Math.min(syncMillis, (int) ((System.nanoTime() - t0) / 1_000_000));
        }
        byte[] six = project.bytes(project.config());
        Random random = new Random(42);
        int killed = 0, i = 0;
        // 50 runs, and more (up to 150) until 35 were killed in flight: a loaded machine changes how long a sync takes
        for (; i < 50 || killed < 35 && i < 150; i++) {
            List<String> cmd = List.of("./magi", "models", "sync", i % 2 == 0 ? "5" : "6", "--quiet");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().putAll(env());
            Process p = pb.start();
            long t0 = System.nanoTime();
            if (!p.waitFor(random.nextInt(syncMillis), TimeUnit.MILLISECONDS)) killed++; // anywhere from the start to the end of a sync
            else syncMillis = Math.max(1, (int) ((System.nanoTime() - t0) / 1_000_000)); // done before the kill: syncs are quicker now
            p.descendants().forEach(ProcessHandle::destroyForcibly); // magi exec's java, but be sure
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            byte[] now = project.bytes(project.config());
            assertTrue(java.util.Arrays.equals(now, five) || java.util.Arrays.equals(now, six), "run " + i + ": a torn config");
            assertNotNull(new Yaml().load(new String(now)));
            assertDoesNotThrow(() -> Json.parse(project.read(project.data("models.json"))), "run " + i);
        }
        assertTrue(killed >= 35, "most runs were killed in flight: " + killed + " of " + i);
        assertEquals(0, magi("models", "sync", "5").code(), "a clean sync after the kills");
        assertArrayEquals(five, project.bytes(project.config()));
        assertEquals(List.of(), leftovers(), "what killed syncs left behind is cleaned up");
    }
}
