package domain;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes every file to a temporary sibling first (fsynced, owner-only), then renames them all into place:
 * a failure before commit() leaves every file as it was; a crash during it leaves each file old or new, never torn.
 */
public final class SafeWrite {
    static final int KEEP_BACKUPS = 5;
    /** What every file and folder the tool makes allows: its owner alone. (Made on first write: a read command loads this class only for startable.) */
    static final class OwnerOnly {
        static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------"), DIR = PosixFilePermissions.fromString("rwx------");
    }
    /** Timestamped backups: to the microsecond, and never a name that is taken, so no backup overwrites another. */
    /** Made on first use, by a sync: read commands use SafeWrite too, and making these links lambdas (see search_models). */
    static final class Backups {
        static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
        static final Pattern STAMPED = Pattern.compile("\\d{8}T\\d{6}(\\.\\d{6})?Z");
    }
    record Staged(Path tmp, Path target) {}
    final List<Staged> staged = new ArrayList<>();
    /** The config whose timestamped backup this write makes, if any. */
    Path backedUp;

    public interface Content { void write(java.io.OutputStream out) throws IOException; }

    public void stage(Path target, byte[] bytes) { stage(target, bytes, null); }

    void stage(Path target, byte[] bytes, Set<PosixFilePermission> perms) { stage(target, out -> out.write(bytes), perms); }

    public void stage(Path target, Content content, Set<PosixFilePermission> perms) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = staging(target);
        try {
            if (!Files.isDirectory(dir)) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OwnerOnly.DIR));
            removeLeftovers(dir, Pattern.quote(target.getFileName().toString()));
            Files.deleteIfExists(tmp); // so the file is created here, owner-only, and is no link left by someone else
            try (FileChannel c = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OwnerOnly.FILE))) {
                java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(c), 1 << 16);
                content.write(out);
                out.flush();
                c.force(true);
            }
            if (perms != null) Files.setPosixFilePermissions(tmp, perms);
            staged.add(new Staged(tmp, target));
        } catch (IOException e) {
            try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* best effort */ }
            abort();
            throw new Cli.Failure(Cli.BAD_FILE, "cannot write " + target + ": " + reason(e) + "; nothing changed");
        } catch (RuntimeException | Error e) { // content that fails midway (what it writes from is broken) leaves nothing either
            try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* best effort */ }
            abort();
            throw e;
        }
    }

    /** This process's pid and, where the system tells it, its start (epoch seconds): pids are reused, the pair is not. */
    private static String tag;

    /** Where `target` is staged: `.NAME.PID-START.tmp` beside it (`.NAME.PID.tmp` where the start is unknown). */
    static Path staging(Path target) {
        if (tag == null) {
            ProcessHandle self = ProcessHandle.current();
            java.util.Optional<Instant> start = self.info().startInstant();
            tag = self.pid() + (start.isPresent() ? "-" + start.get().getEpochSecond() : "");
        }
        return target.toAbsolutePath().resolveSibling("." + target.getFileName() + "." + tag + ".tmp");
    }

    /**
     * Temporary files of the names `names` (a regular expression) that a killed process left behind: no process has
     * their pid, or the one that has it started at another time (the pid was reused); a number no pid can be counts
     * as gone.
     */
    static void removeLeftovers(Path dir, String names) throws IOException {
        Pattern leftover = Pattern.compile("\\.(?:" + names + ")\\.(?<pid>\\d+)(?:-(?<start>\\d+))?\\.tmp");
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Matcher m = leftover.matcher(f.getFileName().toString());
                if (m.matches() && !alive(m.group("pid"), m.group("start"))) Files.deleteIfExists(f);
            }
        }
    }

    /**
     * Removes what killed syncs left of the config's staged copies: the config, its backup and its timestamped
     * backups. Staging a file cleans up its own name only, and a sync that changes nothing stages none of these.
     */
    public static void sweep(Path config) {
        Path dir = config.toAbsolutePath().getParent(), backups = dir.resolve("backups");
        String name = Pattern.quote(config.getFileName().toString());
        try {
            removeLeftovers(dir, name + "(?:\\.backup)?");
            if (Files.isDirectory(backups)) removeLeftovers(backups, name + "\\." + Backups.STAMPED.pattern());
        } catch (IOException e) {
            // best effort: the next sync sweeps again
        }
    }

    /**
     * Whether the process that staged a file may still be writing it. The start the system gives is derived from the
     * boot time, which moves by a second when the clock is set: two seconds of slack. Where it gives none (another
     * user's process on macOS), or the name has none (an earlier version's), the pid alone decides.
     */
    static boolean alive(String pid, String started) {
        try {
            java.util.Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(pid));
            if (p.isEmpty()) return false;
            java.util.Optional<Instant> start = started == null ? java.util.Optional.empty() : p.get().info().startInstant();
            return start.isEmpty() || Math.abs(start.get().getEpochSecond() - Long.parseLong(started)) <= 2;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Stages the new config, its backup (a byte copy of the old one) and a timestamped backup. */
    public void replaceConfig(Path config, byte[] old, byte[] fresh) {
        Set<PosixFilePermission> perms = OwnerOnly.FILE;
        try {
            if (Files.exists(config)) {
                perms = new HashSet<>(Files.getPosixFilePermissions(config));
                perms.removeAll(Set.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));
            }
        } catch (IOException e) { /* keep owner-only */ }
        if (old.length > 0) {
            stage(config.resolveSibling(config.getFileName() + ".backup"), old);
            stage(freshBackup(config), old);
            backedUp = config;
        }
        stage(config, fresh, perms);
    }

    public void replace(Path target, byte[] bytes, Set<PosixFilePermission> perms) {
        stage(target, bytes, perms);
        commit();
    }

    public void commit() {
        Set<Path> dirs = new HashSet<>();
        try {
            for (Staged s : staged) {
                Files.move(s.tmp, s.target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                dirs.add(s.target.toAbsolutePath().getParent());
            }
            for (Path d : dirs) try (FileChannel c = FileChannel.open(d, StandardOpenOption.READ)) { c.force(true); }
        } catch (IOException e) {
            abort();
            throw new Cli.Failure(Cli.BAD_FILE, "cannot replace files: " + reason(e));
        }
        if (backedUp != null) prune(backedUp.resolveSibling("backups"), backedUp.getFileName().toString());
    }

    /** A name in backups/ that no file has: the time to the microsecond, a microsecond later while it is taken. */
    static Path freshBackup(Path config) {
        Instant t = Instant.now();
        while (true) {
            Path p = config.resolveSibling("backups").resolve(config.getFileName() + "." + Backups.STAMP.format(t));
            if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return p;
            t = t.plus(1, java.time.temporal.ChronoUnit.MICROS);
        }
    }

    void abort() {
        for (Staged s : staged) try { Files.deleteIfExists(s.tmp); } catch (IOException ignored) { /* best effort */ }
    }

    /** Keeps the newest KEEP_BACKUPS timestamped backups of `name`, and the oldest: the config as it was before the first sync. */
    static void prune(Path dir, String name) {
        try (var files = Files.list(dir)) {
            List<Path> all = files.filter(p -> p.getFileName().toString().startsWith(name + ".")
                    && Backups.STAMPED.matcher(p.getFileName().toString().substring(name.length() + 1)).matches()).sorted().toList();
            for (int i = 1; i < all.size() - KEEP_BACKUPS; i++) Files.deleteIfExists(all.get(i)); // all.get(0), the oldest, stays
        } catch (IOException e) {
            Cli.warn("cannot prune old backups in " + dir + ": " + e.getMessage());
        }
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage();
    }

    /** Puts config.yaml.backup back; the config it replaces becomes the backup, so a second restore undoes the first. */
    public static int restore(Path config) {
        Path backup = config.resolveSibling(config.getFileName() + ".backup");
        if (!Files.exists(backup)) throw new Cli.Failure(Cli.BAD_FILE, "no backup to restore (" + backup + ")");
        if (Files.isSymbolicLink(backup)) // the config a restore replaces becomes the backup: the link would be replaced
            throw new Cli.Failure(Cli.BAD_FILE, backup + " is a symbolic link; a restore replaces it with the config it puts aside: "
                    + "copy what it points to in its place; nothing restored");
        writable(config);
        try (ConfigLock lock = ConfigLock.take(config)) {
            sweep(config);
            ConfigFile saved = ConfigFile.read(backup); // a backup that is not a valid config is not put back
            byte[] current = Files.exists(config) ? ConfigFile.read(config).bytes() : new byte[0];
            SafeWrite w = new SafeWrite();
            w.replaceConfig(config, current, saved.bytes());
            w.commit();
        }
                Cli.info("restored " + config + " from " + backup.getFileName() + "; the config it replaced is now " + backup.getFileName());
        return Cli.OK;
    }

    /**
     * Checked before the lock is taken, so a refused config gets no lock file beside it: the config must be a
     * regular file (or not exist yet), not a symbolic link; it and its folder must have their owner's write bit,
     * which is refused even for root, who could write anyway: the bit is the operator saying "do not change this".
     */
    public static void writable(Path config) {
        if (Files.isSymbolicLink(config))
            throw new Cli.Failure(Cli.BAD_FILE, config + " is a symbolic link; the sync replaces the file atomically and would break it. "
                    + "Point LITELLM_CONFIG or --config at the real file");
        ordinary(config);
        for (Path p : List.of(config, config.toAbsolutePath().getParent())) {
            try {
                if (!Files.exists(p)) continue;
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(PosixFilePermission.OWNER_WRITE) || !Files.isWritable(p))
                    throw new Cli.Failure(Cli.BAD_FILE, p + " is read-only (" + PosixFilePermissions.toString(perms) + "); nothing written");
            } catch (IOException e) {
                throw new Cli.Failure(Cli.BAD_FILE, "cannot check " + p + ": " + e.getMessage());
            }
        }
    }

    /** A file the tool reads must be a regular file or absent: reading a FIFO would hang, a folder or device is no file of ours. */
    public static void ordinary(Path file) {
        if (Files.exists(file) && !Files.isRegularFile(file))
            throw new Cli.Failure(Cli.BAD_FILE, file + " is not a regular file (a FIFO, a device or a folder); nothing read or written");
    }

    /** A config that does not exist yet starts in a folder that exists: one that does not is far likelier a mistyped path than a place to make. */
    public static void startable(Path config) {
        Path folder = config.toAbsolutePath().getParent();
        if (!Files.exists(config, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(folder))
            throw new Cli.Failure(Cli.BAD_FILE, "there is no folder " + folder + " for " + config + " (a mistyped path?); make it to start a config there; nothing changed");
    }

    /** A fresh clone has no live config: it starts as a copy of the shipped default (see startable). */
    public static void seedDefault(Path config, Path shipped) {
        startable(config);
        if (Files.exists(config, java.nio.file.LinkOption.NOFOLLOW_LINKS) || !Files.exists(shipped)) return;
        try {
            new SafeWrite().replace(config, Files.readAllBytes(shipped), null);
            Cli.info("created " + config + " from the shipped default");
        } catch (IOException e) {
            throw new Cli.Failure(Cli.BAD_FILE, "cannot create " + config + ": " + e.getMessage());
        }
    }
}
