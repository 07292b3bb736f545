package domain;

import java.io.IOException;
import java.io.StringReader;
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
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** The current config as text and as a node tree (comments kept), validated for the merge. */
public record ConfigFile(Path path, byte[] bytes, MappingNode root, SequenceNode list) {
    public static ConfigFile read(Path path) {
        if (Files.isSymbolicLink(path))
            throw new Cli.Failure(Cli.BAD_FILE, path + " is a symbolic link; the sync replaces the file atomically and would break it. "
                    + "Point LITELLM_CONFIG or --config at the real file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            bytes = new byte[0];
        } catch (IOException e) {
            throw new Cli.Failure(Cli.BAD_FILE, "cannot read " + path + ": " + e.getMessage());
        }
        return parse(path, bytes);
    }

    /** The config in `bytes`, named `path` in messages (a file, or stdin for `sync --config -`). */
    public static ConfigFile parse(Path path, byte[] bytes) {
        Node root;
        try {
            root = YamlLoader.compose(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            throw new Cli.Failure(Cli.BAD_FILE, path + " is not valid YAML (" + YamlLoader.firstLine(e.getMessage()) + "); fix it or restore "
                    + path.getFileName() + ".backup; nothing written");
        }
        if (root == null) root = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
        if (!(root instanceof MappingNode map))
            throw new Cli.Failure(Cli.BAD_FILE, path + " must be a mapping with a model_list; nothing written");
        Node list = get(map, "model_list");
        if (list == null) {
            list = new SequenceNode(Tag.SEQ, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
            map.getValue().add(0, new NodeTuple(scalar("model_list"), list));
        }
        if (!(list instanceof SequenceNode seq))
            throw new Cli.Failure(Cli.BAD_FILE, path + ": model_list is not a list; nothing written");
        seq.setFlowStyle(DumperOptions.FlowStyle.BLOCK); // `model_list: []` must not make every entry a flow map
        for (int i = 0; i < seq.getValue().size(); i++)
            if (!(seq.getValue().get(i) instanceof MappingNode))
                throw new Cli.Failure(Cli.BAD_FILE, path + ": model_list entry " + (i + 1) + " is not a mapping; nothing written");
        return new ConfigFile(path, bytes, map, seq);
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
     * Replaces the entries `provider` manages with `entries`, best first, where that provider's entries stood
     * (at the end the first time): operator entries and other providers' entries are not touched. An entry
     * that existed keeps every key the operator added to it; the keys the sync owns are rewritten.
     */
    public Merge merge(String provider, List<Map<String, Object>> entries) {
                Map<String, MappingNode> old = new LinkedHashMap<>();
        List<Node> kept = new ArrayList<>();
        int at = -1;
        for (Node n : list.getValue()) {
            if (!provider.equals(managedBy(n))) kept.add(n);
            else {
                if (at < 0) at = kept.size();
                old.put(text(get((MappingNode) n, "model_name")), (MappingNode) n);
            }
        }
        List<Node> fresh = new ArrayList<>();
        List<String> added = new ArrayList<>(), updated = new ArrayList<>();
        int unchanged = 0;
        for (Map<String, Object> e : entries) {
            String name = (String) e.get("model_name");
            MappingNode node = (MappingNode) YamlLoader.represent(e);
            MappingNode prev = old.remove(name);
            if (prev == null) {
                fresh.add(node);
                added.add(name);
                continue;
            }
            if (overlay(prev, node)) updated.add(name); else unchanged++;
            fresh.add(prev);
        }
        kept.addAll(at < 0 ? kept.size() : at, fresh);
        list.getValue().clear();
        list.getValue().addAll(kept);
        return new Merge(provider, added, updated, new ArrayList<>(old.keySet()), unchanged);
    }

    /** The file as it stands after the merges. */
    public String render() {
        return YamlLoader.serialize(root);
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
            changed |= target.getValue().removeIf(t -> owned.contains(text(t.getKeyNode())) && get(source, text(t.getKeyNode())) == null);
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

    public record Merge(String provider, List<String> added, List<String> updated, List<String> removed, int unchanged) {
        @Override
        public String toString() {
            return provider + ": added " + added.size() + ", updated " + updated.size() + ", removed " + removed.size() + ", unchanged " + unchanged;
        }
    }

    static String managedBy(Node entry) {
        if (!(entry instanceof MappingNode m) || !(get(m, "model_info") instanceof MappingNode info)) return null;
        return text(get(info, Entries.MARKER));
    }

    static Node get(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) if (key.equals(text(t.getKeyNode()))) return t.getValueNode();
        return null;
    }

    static void put(MappingNode m, String key, Node value) {
        List<NodeTuple> tuples = m.getValue();
        for (int i = 0; i < tuples.size(); i++)
            if (key.equals(text(tuples.get(i).getKeyNode()))) {
                tuples.set(i, new NodeTuple(tuples.get(i).getKeyNode(), value));
                return;
            }
        tuples.add(new NodeTuple(scalar(key), value));
    }

    static String text(Node n) { return n instanceof ScalarNode s ? s.getValue() : null; }

    static ScalarNode scalar(String s) { return new ScalarNode(Tag.STR, s, null, null, DumperOptions.ScalarStyle.PLAIN); }
}
