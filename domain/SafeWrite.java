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
import java.util.Comparator;
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
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    record Staged(Path tmp, Path target) {}
    final List<Staged> staged = new ArrayList<>();

    public interface Content { void write(java.io.OutputStream out) throws IOException; }

    public void stage(Path target, byte[] bytes) { stage(target, bytes, null); }

    void stage(Path target, byte[] bytes, Set<PosixFilePermission> perms) { stage(target, out -> out.write(bytes), perms); }

    public void stage(Path target, Content content, Set<PosixFilePermission> perms) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createDirectories(dir);
            removeLeftovers(dir, target.getFileName().toString());
            try (FileChannel c = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
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
        }
    }

    /** Temporary files that a killed sync left behind: their process is gone. */
    static void removeLeftovers(Path dir, String name) throws IOException {
        Pattern leftover = Pattern.compile("\\." + Pattern.quote(name) + "\\.(\\d+)\\.tmp");
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Matcher m = leftover.matcher(f.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) Files.deleteIfExists(f);
            }
        }
    }

    /** Stages the new config, its backup (a byte copy of the old one) and a timestamped backup. */
    public void replaceConfig(Path config, byte[] old, byte[] fresh) {
        Set<PosixFilePermission> perms = OWNER_ONLY;
        try {
            if (Files.exists(config)) {
                perms = new HashSet<>(Files.getPosixFilePermissions(config));
                perms.removeAll(Set.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));
            }
        } catch (IOException e) { /* keep owner-only */ }
        if (old.length > 0) {
            stage(config.resolveSibling(config.getFileName() + ".backup"), old);
            String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
            stage(config.resolveSibling("backups").resolve(config.getFileName() + "." + stamp), old);
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
        staged.stream().map(Staged::target).filter(t -> t.getParent().getFileName().toString().equals("backups"))
                .findFirst().ifPresent(SafeWrite::prune);
    }

    void abort() {
        for (Staged s : staged) try { Files.deleteIfExists(s.tmp); } catch (IOException ignored) { /* best effort */ }
    }

    /** Keeps the newest KEEP_BACKUPS timestamped backups. */
    static void prune(Path backup) {
        String prefix = backup.getFileName().toString().replaceAll("\\.[0-9TZ]+$", "") + ".";
        try (var files = Files.list(backup.getParent())) {
            List<Path> old = files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted(Comparator.reverseOrder()).toList();
            for (Path p : old.subList(Math.min(KEEP_BACKUPS, old.size()), old.size())) Files.deleteIfExists(p);
        } catch (IOException e) {
            Cli.warn("cannot prune old backups in " + backup.getParent() + ": " + e.getMessage());
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
        writable(config);
        try (ConfigLock lock = ConfigLock.take(config)) {
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
     * A config (or its folder) without its owner's write bit is refused even for root, who could write it anyway:
     * the bit is the operator saying "do not change this".
     */
    public static void writable(Path config) {
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

    /** A fresh clone has no live config: it starts as a copy of the shipped default. */
    public static void seedDefault(Path config, Path shipped) {
        if (Files.exists(config, java.nio.file.LinkOption.NOFOLLOW_LINKS) || !Files.exists(shipped)) return;
        try {
            new SafeWrite().replace(config, Files.readAllBytes(shipped), null);
            Cli.info("created " + config + " from the shipped default");
        } catch (IOException e) {
            throw new Cli.Failure(Cli.BAD_FILE, "cannot create " + config + ": " + e.getMessage());
        }
    }
}
