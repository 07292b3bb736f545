package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged writes, backups, and the files the tool refuses to touch. */
class SafeWriteTest {
    @TempDir Path dir;

    List<Path> backups() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("backups"))) {
            return s.sorted().toList();
        }
    }

    static void write(Path config, String text) {
        byte[] old = Files.exists(config) ? assertDoesNotThrow(() -> Files.readAllBytes(config)) : new byte[0];
        SafeWrite w = new SafeWrite();
        w.replaceConfig(config, old, text.getBytes(StandardCharsets.UTF_8));
        w.commit();
    }

    @Test
    void backupsAreNeverOverwritten() throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "# hand-written original\n");
        for (int i = 1; i <= 4; i++) write(config, "version: " + i + "\n"); // well within one second
        List<Path> b = backups();
        assertEquals(4, b.size(), "four writes, four backups: " + b);
        assertEquals("# hand-written original\n", Files.readString(b.get(0)));
        for (int i = 5; i <= 12; i++) write(config, "version: " + i + "\n");
        b = backups();
        assertEquals(6, b.size(), "the newest five and the oldest: " + b);
        assertEquals("# hand-written original\n", Files.readString(b.get(0)), "the config as it was before any sync is kept");
        assertEquals("version: 11\n", Files.readString(b.get(5)));
        for (Path p : b) assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
    }

    /** Content that throws midway (the recommendations it waits for failed) leaves no temporary file, and no file staged before it. */
    @Test
    void contentThatFailsLeavesNothing() throws Exception {
        Path target = dir.resolve("data/models.json"), index = dir.resolve(UniverseIndex.FILE);
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old");
        SafeWrite w = new SafeWrite();
        w.stage(target, "new".getBytes(StandardCharsets.UTF_8));
        IllegalStateException failed = new IllegalStateException("the recommendations failed");
        assertSame(failed, assertThrows(IllegalStateException.class, () -> w.stage(index, out -> {
            out.write(new byte[100_000]);
            throw failed;
        }, null)));
        assertEquals("old", Files.readString(target));
        try (var left = Files.list(target.getParent())) {
            assertEquals(List.of(target.getFileName().toString()), left.map(p -> p.getFileName().toString()).toList(), "no temporary file is left");
        }
        try (var left = Files.list(index.getParent())) {
            assertEquals(List.of(), left.toList(), "no temporary file is left");
        }
    }

    /** A backup that cannot be put back says why, with advice that fits a backup, and nothing is restored. */
    @Test
    void aBackupThatCannotBePutBackSaysWhy() throws Exception {
        Path config = dir.resolve("config.yaml"), backup = dir.resolve("config.yaml.backup");
        Files.writeString(config, "model_list: []\n");
        Files.writeString(backup, "model_list: [\n");
        Cli.Failure bad = assertThrows(Cli.Failure.class, () -> SafeWrite.restore(config));
        assertEquals(Cli.BAD_FILE, bad.code);
        assertTrue(bad.getMessage().contains("config.yaml.backup is not valid YAML") && bad.getMessage().contains("fix it; nothing written"), bad.getMessage());
        assertFalse(bad.getMessage().contains(".backup.backup"), bad.getMessage());
        Files.writeString(config, "model_list: [\n");
        Cli.Failure live = assertThrows(Cli.Failure.class, () -> ConfigFile.read(config));
        assertTrue(live.getMessage().contains("fix it or restore config.yaml.backup; nothing written"), "the config's advice names its backup: " + live.getMessage());
        Files.writeString(config, "model_list: []\n");
        Path real = dir.resolve("elsewhere.yaml");
        Files.writeString(real, "model_list: []\n# the real backup\n");
        Files.delete(backup);
        Files.createSymbolicLink(backup, real);
        Cli.Failure link = assertThrows(Cli.Failure.class, () -> SafeWrite.restore(config));
        assertTrue(link.getMessage().contains("is a symbolic link") && link.getMessage().contains("nothing restored")
                && !link.getMessage().contains("LITELLM_CONFIG"), link.getMessage());
        assertEquals("model_list: []\n", Files.readString(config));
        assertTrue(Files.isSymbolicLink(backup));
    }

    @Test
    void everyFileTheToolWritesIsOwnerOnly() throws Exception {
        Path target = dir.resolve("data/models.json");
        Files.createDirectories(target.getParent());
        Path leftover = SafeWrite.staging(target);
        Files.writeString(leftover, "old");
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-rw-rw-"));
        new SafeWrite().replace(target, "{}".getBytes(StandardCharsets.UTF_8), null);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)), "even over a world-writable leftover");
        Path cache = dir.resolve(UniverseIndex.FILE);
        new SafeWrite().replace(cache, "{}".getBytes(StandardCharsets.UTF_8), null);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.getParent())), "a folder it creates too");
    }

    /** The shipped default starts a config in a folder that exists, never in one a mistyped path names. */
    @Test
    void theDefaultStartsAConfigOnlyInAFolderThatExists() throws Exception {
        Path shipped = dir.resolve("config.default.yaml");
        Files.writeString(shipped, "model_list: []\n");
        Cli.Failure f = assertThrows(Cli.Failure.class, () -> SafeWrite.seedDefault(dir.resolve("typo/litellm/config.yaml"), shipped));
        assertEquals(Cli.BAD_FILE, f.code);
        assertEquals("there is no folder " + dir.resolve("typo/litellm") + " for " + dir.resolve("typo/litellm/config.yaml")
                + " (a mistyped path?); make it to start a config there; nothing changed", f.getMessage());
        assertFalse(Files.exists(dir.resolve("typo")), "no folder made");
        assertEquals(f.getMessage(), assertThrows(Cli.Failure.class, () -> SafeWrite.startable(dir.resolve("typo/litellm/config.yaml"))).getMessage(),
                "what a dry run checks");
        SafeWrite.seedDefault(dir.resolve("config.yaml"), shipped);
        assertEquals("model_list: []\n", Files.readString(dir.resolve("config.yaml")));
    }

    @Test
    void clearErrorsNeverAJavaMessage() throws Exception {
        Path target = dir.resolve("config.yaml");
        Path leftover = dir.resolve(".config.yaml.12345678901234567890.tmp");
        Files.writeString(leftover, "from a pid no process can have");
        write(target, "model_list: []\n");
        assertFalse(Files.exists(leftover), "a 20-digit pid is no live process: its file is cleaned up");
    }

    /**
     * Final review, item 4: pids are reused (pid_max is 32768 here), so a leftover is judged by its pid and the
     * start of the process that staged it. One whose pid a later process (this test) has now is removed; one a
     * live process is still writing is kept; one of an earlier version's names (no start) goes by its pid alone.
     */
    @Test
    void item4ALeftoverWhosePidAnotherProcessNowHasIsRemoved() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        long started = self.info().startInstant().orElseThrow().getEpochSecond();
        Path reused = dir.resolve(".config.yaml." + self.pid() + "-" + (started - 3600) + ".tmp");
        Path legacy = dir.resolve(".config.yaml." + self.pid() + ".tmp");
        Process writer = new ProcessBuilder("sleep", "60").start();
        try {
            Path writing = dir.resolve(".config.yaml." + writer.pid() + "-" + writer.toHandle().info().startInstant().orElseThrow().getEpochSecond() + ".tmp");
            for (Path p : List.of(reused, legacy, writing)) Files.writeString(p, "staged");
            write(dir.resolve("config.yaml"), "model_list: []\n");
            assertFalse(Files.exists(reused), "the pid is this test's now, which started after the file was staged");
            assertTrue(Files.exists(writing), "its process is alive and started when the name says");
            assertTrue(Files.exists(legacy), "no start in the name: the pid alone, alive");
            writer.destroy();
            writer.waitFor();
            write(dir.resolve("config.yaml"), "model_list: []\n");
            assertFalse(Files.exists(writing), "its process has gone");
        } finally {
            writer.destroy();
        }
    }

    /** A killed sync may leave a staged config, backup or timestamped backup, which a sync that changes nothing never stages. */
    @Test
    void theConfigsLeftoversAreSweptEvenWhenNothingIsStaged() throws Exception {
        Path config = dir.resolve("config.yaml"), backups = Files.createDirectories(dir.resolve("backups"));
        String dead = "12345678901234567890-1700000000";
        List<Path> gone = List.of(dir.resolve(".config.yaml." + dead + ".tmp"), dir.resolve(".config.yaml.backup." + dead + ".tmp"),
                backups.resolve(".config.yaml.20261207T133800.123456Z." + dead + ".tmp"));
        ProcessHandle self = ProcessHandle.current();
        Path live = dir.resolve(".config.yaml." + self.pid() + "-" + self.info().startInstant().orElseThrow().getEpochSecond() + ".tmp");
        List<Path> kept = List.of(live, dir.resolve(".other.yaml." + dead + ".tmp"), dir.resolve(".config.yaml.old." + dead + ".tmp"),
                backups.resolve(".config.yaml.notes." + dead + ".tmp"));
        for (Path p : gone) Files.writeString(p, "staged");
        for (Path p : kept) Files.writeString(p, "staged");
        SafeWrite.sweep(config);
        for (Path p : gone) assertFalse(Files.exists(p), p + ": its process has gone");
        for (Path p : kept) assertTrue(Files.exists(p), p + ": alive, or no copy the sync stages");
    }

    @Test
    void oddFilesAreRefusedNotFollowed() throws Exception {
        Path fifo = dir.resolve("config.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Cli.Failure f = assertThrows(Cli.Failure.class, () -> SafeWrite.writable(fifo));
        assertEquals(Cli.BAD_FILE, f.code);
        assertTrue(f.getMessage().contains("not a regular file"), f.getMessage());
        assertThrows(Cli.Failure.class, () -> ConfigFile.read(fifo), "read without blocking on the FIFO");
        assertThrows(Cli.Failure.class, () -> ProxyConfig.read(fifo), "the read commands too");
        Path folder = Files.createDirectories(dir.resolve("folder.yaml"));
        assertThrows(Cli.Failure.class, () -> SafeWrite.writable(folder));
        Path link = dir.resolve("link.yaml");
        Files.createSymbolicLink(link, dir.resolve("elsewhere.yaml"));
        assertTrue(assertThrows(Cli.Failure.class, () -> SafeWrite.writable(link)).getMessage().contains("symbolic link"));
    }
}
