package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock beside the config: owner-only, never followed. */
class ConfigLockTest {
    @TempDir Path dir;

    @Test
    void theLockFileIsOwnerOnly() throws Exception {
        Path config = dir.resolve("config.yaml");
        try (ConfigLock lock = ConfigLock.take(config)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ConfigLock.file(config))));
        }
    }

    @Test
    void oddFilesAreRefusedNotFollowed() throws Exception {
        Path config = dir.resolve("config.yaml"), victim = dir.resolve("victim");
        Files.createSymbolicLink(ConfigLock.file(config), victim);
        Cli.Failure f = assertThrows(Cli.Failure.class, () -> ConfigLock.take(config));
        assertEquals(Cli.BAD_FILE, f.code);
        assertTrue(f.getMessage().contains("not a regular file"), f.getMessage());
        assertFalse(Files.exists(victim), "the link's target is never created");
        Files.delete(ConfigLock.file(config));
        assertEquals(0, new ProcessBuilder("mkfifo", ConfigLock.file(config).toString()).start().waitFor());
        assertThrows(Cli.Failure.class, () -> ConfigLock.take(config), "a FIFO lock is refused, not opened (which would hang)");
    }
}
