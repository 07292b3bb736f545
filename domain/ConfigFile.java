package domain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** The current config as text and as a node tree (comments kept), validated for the merge. */
public record ConfigFile(Path path, byte[] bytes, MappingNode root, SequenceNode list) {
    /** Larger than any config the loader accepts (YamlLoader.MAX_CODE_POINTS), so never read into memory. */
    static final long MAX_BYTES = 4L * YamlLoader.MAX_CODE_POINTS;

    public static ConfigFile read(Path path) { return read(path, null); }

    /** The config at `path`: `earlier` (read from it before) when the file still holds its bytes, which need no parsing again. */
    public static ConfigFile read(Path path, ConfigFile earlier) {
        if (Files.isSymbolicLink(path))
            throw new Cli.Failure(Cli.BAD_FILE, path + " is a symbolic link; the sync replaces the file atomically and would break it. "
                    + "Point LITELLM_CONFIG or --config at the real file");
        byte[] bytes = bytes(path);
        return earlier != null && earlier.path.equals(path) && java.util.Arrays.equals(earlier.bytes, bytes) ? earlier : parse(path, bytes);
    }

    /** The config in `bytes`, named `path` in messages (a file, or stdin for `sync --config -`). */
    public static ConfigFile parse(Path path, byte[] bytes) {
        Node root;
        try {
            root = YamlLoader.compose(text(path, bytes));
        } catch (Cli.Failure f) {
            throw f;
        } catch (RuntimeException e) {
            Path backup = path.resolveSibling(path.getFileName() + ".backup"); // none beside stdin or a backup
            throw new Cli.Failure(Cli.BAD_FILE, path + " is not valid YAML (" + YamlLoader.firstLine(e.getMessage()) + "); fix it"
                    + (Files.exists(backup) ? " or restore " + backup.getFileName() : "") + "; nothing written");
        }
        MappingNode map = mapping(path, root);
        if (map.getValue().stream().filter(t -> "model_list".equals(text(t.getKeyNode()))).count() > 1)
            throw new Cli.Failure(Cli.BAD_FILE, path + " has model_list twice; LiteLLM reads only the last, the sync would write to the first: "
                    + "make them one; nothing written");
        Node list = get(map, "model_list");
        if (list == null) {
            list = new SequenceNode(Tag.SEQ, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
            map.getValue().add(0, new NodeTuple(scalar("model_list"), list));
        } else if (list instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) { // `model_list:` with nothing yet
            put(map, "model_list", list = new SequenceNode(Tag.SEQ, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK));
        }
        if (!(list instanceof SequenceNode seq))
            throw new Cli.Failure(Cli.BAD_FILE, path + ": model_list is not a list; nothing written");
        if (seq.getFlowStyle() == DumperOptions.FlowStyle.FLOW && seq.getInLineComments() != null && !seq.getInLineComments().isEmpty()) {
            // `model_list: [] # note`: the block list it becomes has no place for the note (SnakeYAML's emitter fails), the key has
            for (NodeTuple t : map.getValue()) if (t.getValueNode() == seq) t.getKeyNode().setInLineComments(seq.getInLineComments());
            seq.setInLineComments(null);
        }
        seq.setFlowStyle(DumperOptions.FlowStyle.BLOCK); // `model_list: []` must not make every entry a flow map
        for (int i = 0; i < seq.getValue().size(); i++)
            if (!(seq.getValue().get(i) instanceof MappingNode))
                throw new Cli.Failure(Cli.BAD_FILE, path + ": model_list entry " + (i + 1) + " is not a mapping; nothing written");
        return new ConfigFile(path, bytes, map, seq);
    }

    /** The file's bytes; an absent file is empty, anything but a regular file of a sane size is refused. */
    static byte[] bytes(Path path) {
        SafeWrite.ordinary(path);
        try {
            if (Files.exists(path) && Files.size(path) > MAX_BYTES)
                throw new Cli.Failure(Cli.BAD_FILE, path + " is larger than " + (MAX_BYTES >> 20) + " MiB, more than any config; nothing written");
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new Cli.Failure(Cli.BAD_FILE, "cannot read " + path + ": " + SafeWrite.reason(e));
        }
    }

    /** The text of a config: UTF-8, as YAML requires; other bytes are refused, never replaced (they are the operator's). */
    public static String text(Path path, byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(1 << 16); // checked a piece at a time: a large config is held once, as text
        for (CoderResult r = d.decode(in, out, true); !r.isUnderflow(); r = d.decode(in, out.clear(), true)) {
            if (!r.isError()) continue;
            int at = in.position(), line = 1;
            for (int i = 0; i < at; i++) if (bytes[i] == '\n') line++;
            throw new Cli.Failure(Cli.BAD_FILE, path + " is not UTF-8 text (line " + line + " has the byte 0x"
                    + String.format("%02X", bytes[at] & 0xff) + ", Latin-1 perhaps): save it as UTF-8");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The document's top-level mapping: an empty or comments-only file is an empty mapping that keeps its comments. */
    static MappingNode mapping(Path path, Node root) {
        if (root instanceof MappingNode m && !m.getTag().equals(Tag.COMMENT)) return m;
        if (root != null && !root.getTag().equals(Tag.COMMENT) && !root.getTag().equals(Tag.NULL))
            throw new Cli.Failure(Cli.BAD_FILE, path + " must be a mapping with a model_list; nothing written");
        MappingNode map = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
        if (root != null) map.setBlockComments(Comments.of(root));
        return map;
    }

    /** The model_names and the upstream models (litellm_params.model) of the entries the operator wrote. */
    public Set<String> operatorTaken() {
        Set<String> out = new HashSet<>();
        for (Node n : list.getValue()) {
            if (managedBy(n) != null) continue;
            MappingNode e = (MappingNode) n;
            if (text(get(e, "model_name")) != null) out.add(text(get(e, "model_name")));
            if (get(e, "litellm_params") instanceof MappingNode p && text(get(p, "model")) != null) out.add(text(get(p, "model")));
        }
        return out;
    }

    /**
     * Replaces the entries `provider` manages with `entries`, best first, in the places that provider's entries
     * held (at the end the first time): every other entry keeps its place, so a sync that changes nothing changes
     * no byte. An entry that existed keeps every key the operator added; the keys the sync owns are rewritten.
     * An operator's copy of a synced entry (the same model_name, magi_managed kept) is left as it is while its
     * model is synced. Whatever is removed is named in a warning when it held anything of the operator's, and
     * its comments move to the entry that takes its place.
     */
    public Merge merge(String provider, List<Map<String, Object>> entries) {
        Map<String, MappingNode> fresh = new LinkedHashMap<>();
        for (Map<String, Object> e : entries) fresh.putIfAbsent((String) e.get("model_name"), (MappingNode) YamlLoader.represent(e));
        Standing was = standing(provider, fresh);
        Set<Node> slots = identitySet(), gone = identitySet();
        slots.addAll(was.own().values());
        List<String> copies = new ArrayList<>();
        was.copies().forEach(n -> { if (fresh.containsKey(text(get(n, "model_name")))) copies.add(text(get(n, "model_name"))); else gone.add(n); });
        if (!copies.isEmpty())
            Cli.info(provider + ": " + copies.size() + " entr" + (copies.size() == 1 ? "y repeats" : "ies repeat") + " the model_name of a synced entry and keep"
                    + (copies.size() == 1 ? "s" : "") + " magi_managed; left as they are, as yours: " + String.join(", ", copies));
        List<MappingNode> order = new ArrayList<>();
        List<String> added = new ArrayList<>(), updated = new ArrayList<>(), removed = new ArrayList<>();
        int unchanged = 0;
        for (var e : fresh.entrySet()) {
            MappingNode prev = was.own().get(e.getKey());
            if (prev == null) added.add(e.getKey());
            else if (overlay(prev, e.getValue())) updated.add(e.getKey());
            else unchanged++;
            order.add(prev == null ? e.getValue() : prev);
        }
        was.own().forEach((name, n) -> { if (!fresh.containsKey(name)) { removed.add(name); gone.add(n); } });
        gone.forEach(n -> warnIfYours(provider, (MappingNode) n, slots.contains(n)));
        boolean changed = place(order, slots, gone) || !added.isEmpty() || !updated.isEmpty() || !removed.isEmpty();
        return new Merge(provider, added, updated, removed, unchanged, changed);
    }

    /** A provider's entries as they stand: the sync's own, by model_name, and the operator's copies of them. */
    record Standing(Map<String, MappingNode> own, List<MappingNode> copies) {}

    /** Of the entries `provider` manages with one model_name, the sync's own is picked (see pick); the others are copies. */
    Standing standing(String provider, Map<String, MappingNode> fresh) {
        Map<String, List<MappingNode>> groups = new LinkedHashMap<>();
        for (Node n : list.getValue())
            if (provider.equals(managedBy(n)) && text(get((MappingNode) n, "model_name")) != null)
                groups.computeIfAbsent(text(get((MappingNode) n, "model_name")), k -> new ArrayList<>()).add((MappingNode) n);
        Map<String, MappingNode> own = new LinkedHashMap<>();
        List<MappingNode> copies = new ArrayList<>();
        groups.forEach((name, group) -> {
            MappingNode mine = pick(group, fresh.get(name));
            own.put(name, mine);
            group.stream().filter(n -> n != mine).forEach(copies::add);
        });
        return new Standing(own, copies);
    }

    static Set<Node> identitySet() { return java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()); }

    /** Of the provider's entries with one model_name, the sync's own: the first whose owned litellm_params are what the sync writes. */
    static MappingNode pick(List<MappingNode> group, MappingNode fresh) {
        if (fresh != null)
            for (MappingNode n : group)
                if (get(n, "litellm_params") instanceof MappingNode p && get(fresh, "litellm_params") instanceof MappingNode f
                        && f.getValue().stream().allMatch(t -> get(p, text(t.getKeyNode())) != null && same(get(p, text(t.getKeyNode())), t.getValueNode())))
                    return n;
        return group.get(0);
    }

    /**
     * Lays out model_list: `order` fills the slots (the provider's entries as they stood), the rest follows the
     * last slot (or ends the list); every other entry stays where it is. The comments of `gone` entries go above
     * the entry now in their place (or after the list). True when the list changed.
     */
    boolean place(List<MappingNode> order, Set<Node> slots, Set<Node> gone) {
        List<Node> out = new ArrayList<>();
        List<CommentLine> orphaned = new ArrayList<>();
        int next = 0, insertAt = -1;
        for (Node n : list.getValue()) {
            if (gone.contains(n)) orphaned.addAll(Comments.of(n));
            boolean slot = slots.contains(n);
            if (slot ? next >= order.size() : gone.contains(n)) continue;
            Node placed = slot ? order.get(next++) : n;
            Comments.above(placed, orphaned);
            orphaned = new ArrayList<>();
            out.add(placed);
            if (slot) insertAt = out.size();
        }
        out.addAll(insertAt < 0 ? out.size() : insertAt, order.subList(next, order.size()));
        if (!orphaned.isEmpty()) afterList(orphaned);
        boolean changed = out.size() != list.getValue().size();
        for (int i = 0; !changed && i < out.size(); i++) changed = out.get(i) != list.getValue().get(i);
        list.getValue().clear();
        list.getValue().addAll(out);
        return changed;
    }

    /** Comments that have no entry left below them: above the section after model_list, or at the end of the file. */
    void afterList(List<CommentLine> lines) {
        List<NodeTuple> top = root.getValue();
        for (int i = 0; i < top.size(); i++)
            if (top.get(i).getValueNode() == list) {
                if (i + 1 < top.size()) Comments.above(top.get(i + 1).getKeyNode(), lines);
                else Comments.after(root, lines);
                return;
            }
    }

    /** A removed entry that held keys the sync never writes, or was the operator's copy, is named before it goes. */
    static void warnIfYours(String provider, MappingNode entry, boolean synced) {
        List<String> yours = new ArrayList<>();
        for (NodeTuple t : entry.getValue()) {
            String key = String.valueOf(text(t.getKeyNode()));
            if (t.getValueNode() instanceof MappingNode m && (key.equals("litellm_params") || key.equals("model_info"))) {
                for (NodeTuple u : m.getValue()) if (!Entries.owned(key).contains(text(u.getKeyNode()))) yours.add(text(u.getKeyNode()));
            } else if (!key.equals("model_name")) yours.add(key);
        }
        String name = text(get(entry, "model_name"));
        if (!synced) Cli.warn(provider + ": removing your copy of " + name + " (it keeps magi_managed) with its model, which is no longer synced; "
                + "the previous config stays in the .backup file");
        else if (!yours.isEmpty()) Cli.warn(provider + ": removing " + name + ", which is no longer synced, with keys of yours: " + String.join(", ", yours)
                + "; the previous config stays in the .backup file");
    }

    /** The file as it stands after the merges. */
    public String render() {
        return YamlLoader.serialize(root);
    }

    /** The config as a read command will load it once written: its tree read as its text would be (see YamlLoader.construct). */
    public ProxyConfig asRead() {
        return ProxyConfig.of(YamlLoader.construct(root));
    }

    public List<String> names() {
        return list.getValue().stream().map(n -> text(get((MappingNode) n, "model_name"))).filter(java.util.Objects::nonNull).toList();
    }

    /** Writes the sync's keys of `fresh` into `prev`, removing owned keys `fresh` no longer has; true when that changed anything. */
    static boolean overlay(MappingNode prev, MappingNode fresh) {
        boolean changed = false;
        for (String section : List.of("litellm_params", "model_info")) {
            Set<String> owned = Entries.owned(section);
            MappingNode target = get(prev, section) instanceof MappingNode m ? m : null;
            MappingNode source = (MappingNode) get(fresh, section);
            if (target == null) {
                put(prev, section, source);
                changed = true;
                continue;
            }
            changed |= drop(target, t -> owned.contains(text(t.getKeyNode())) && get(source, text(t.getKeyNode())) == null);
            for (NodeTuple t : source.getValue()) {
                Node old = get(target, text(t.getKeyNode()));
                if (old != null && same(old, t.getValueNode())) continue;
                put(target, text(t.getKeyNode()), t.getValueNode());
                changed = true;
            }
        }
        return changed;
    }

    /** The same YAML value: equal scalars (text and tag), or sequences and mappings of the same values. */
    static boolean same(Node a, Node b) {
        if (a instanceof ScalarNode x && b instanceof ScalarNode y) return x.getValue().equals(y.getValue()) && x.getTag().equals(y.getTag());
        if (a instanceof SequenceNode x && b instanceof SequenceNode y) {
            if (x.getValue().size() != y.getValue().size()) return false;
            for (int i = 0; i < x.getValue().size(); i++) if (!same(x.getValue().get(i), y.getValue().get(i))) return false;
            return true;
        }
        if (a instanceof MappingNode x && b instanceof MappingNode y) {
            if (x.getValue().size() != y.getValue().size()) return false;
            for (int i = 0; i < x.getValue().size(); i++) {
                NodeTuple p = x.getValue().get(i), q = y.getValue().get(i);
                if (!same(p.getKeyNode(), q.getKeyNode()) || !same(p.getValueNode(), q.getValueNode())) return false;
            }
            return true;
        }
        return false;
    }

    /** Removes the keys `which` picks, moving their comments to the next key (or the end of the mapping); true when any went. */
    static boolean drop(MappingNode m, java.util.function.Predicate<NodeTuple> which) {
        List<CommentLine> orphaned = new ArrayList<>();
        List<NodeTuple> kept = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            if (which.test(t)) {
                orphaned.addAll(Comments.of(t.getKeyNode()));
                orphaned.addAll(Comments.of(t.getValueNode()));
                continue;
            }
            Comments.above(t.getKeyNode(), orphaned);
            orphaned = new ArrayList<>();
            kept.add(t);
        }
        Comments.after(m, orphaned);
        boolean changed = kept.size() != m.getValue().size();
        m.getValue().clear();
        m.getValue().addAll(kept);
        return changed;
    }

    /** What a merge did to one provider's entries; `changed`: whether the config's text must be written again. */
    public record Merge(String provider, List<String> added, List<String> updated, List<String> removed, int unchanged, boolean changed) {
        @Override
        public String toString() {
            return provider + ": added " + added.size() + ", updated " + updated.size() + ", removed " + removed.size() + ", unchanged " + unchanged;
        }
    }

    /** The provider whose sync owns `entry` (Entries.manager), or null: the entry is yours. */
    static String managedBy(Node entry) {
        if (!(entry instanceof MappingNode m) || !(get(m, "model_info") instanceof MappingNode info)) return null;
        return Entries.manager(text(get(info, Entries.MARKER)));
    }

    /** The value of `key`: of its last occurrence when it is repeated, as PyYAML (and so LiteLLM) reads it. */
    static Node get(MappingNode m, String key) {
        List<NodeTuple> tuples = m.getValue();
        for (int i = tuples.size() - 1; i >= 0; i--) if (key.equals(text(tuples.get(i).getKeyNode()))) return tuples.get(i).getValueNode();
        return null;
    }

    /** Sets `key` (its last occurrence: the one that counts) to `value`; the comments of the value it replaces are kept (see Comments.replace). */
    static void put(MappingNode m, String key, Node value) {
        List<NodeTuple> tuples = m.getValue();
        for (int i = tuples.size() - 1; i >= 0; i--)
            if (key.equals(text(tuples.get(i).getKeyNode()))) {
                Comments.replace(tuples.get(i).getKeyNode(), tuples.get(i).getValueNode(), value);
                tuples.set(i, new NodeTuple(tuples.get(i).getKeyNode(), value));
                return;
            }
        tuples.add(new NodeTuple(scalar(key), value));
    }

    static String text(Node n) { return n instanceof ScalarNode s ? s.getValue() : null; }

    static ScalarNode scalar(String s) { return new ScalarNode(Tag.STR, s, null, null, DumperOptions.ScalarStyle.PLAIN); }
}
