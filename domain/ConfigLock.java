package domain;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * An exclusive lock beside the config, so a cron sync and a manual one never interleave. The lock file is created
 * owner-only and is never followed: a symbolic link or any other odd file in its place is refused.
 */
public final class ConfigLock implements AutoCloseable {
    static final int WAIT_S = 30;
    final FileChannel channel;
    final FileLock lock;

    private ConfigLock(FileChannel c, FileLock l) { channel = c; lock = l; }

    public static Path file(Path config) { return config.resolveSibling("." + config.getFileName() + ".lock"); }

    public static ConfigLock take(Path config) {
        Path file = file(config);
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                throw new Cli.Failure(Cli.BAD_FILE, file + " is not a regular file (a symbolic link, FIFO or folder); remove it. Nothing written");
            FileChannel c = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(SafeWrite.OwnerOnly.FILE));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
            boolean told = false;
            while (true) {
                FileLock l = c.tryLock();
                if (l != null) return new ConfigLock(c, l);
                if (System.nanoTime() > until) {
                    c.close();
                    throw new Cli.Failure(Cli.BUSY, "another sync is still running after " + WAIT_S + " s (lock " + file + "); nothing written");
                }
                if (!told) { Cli.info("waiting for another sync to finish"); told = true; }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            throw new Cli.Failure(Cli.BAD_FILE, "cannot lock " + file + ": " + SafeWrite.reason(e));
        } catch (InterruptedException e) {
            throw new Cli.Failure(Cli.FAILED, "interrupted");
        }
    }

    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) { /* the lock dies with the process anyway */ }
    }
}
