package domain;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.comments.CommentType;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The operator's comments in the config. The sync writes none, so every comment is the operator's: when the sync
 * removes or replaces a node, the comments it carried move to the node that takes its place instead of vanishing.
 */
final class Comments {
    private Comments() {}

    /** Every comment in `node`, in document order; comments written after a value become whole-line comments. */
    static List<CommentLine> of(Node node) {
        List<CommentLine> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(Node n, List<CommentLine> out) {
        if (n == null) return;
        addAll(out, n.getBlockComments());
        if (n instanceof MappingNode m)
            for (NodeTuple t : m.getValue()) {
                collect(t.getKeyNode(), out);
                collect(t.getValueNode(), out);
            }
        else if (n instanceof SequenceNode s) s.getValue().forEach(x -> collect(x, out));
        if (n.getInLineComments() != null)
            for (CommentLine c : n.getInLineComments()) out.add(new CommentLine(c.getStartMark(), c.getEndMark(), c.getValue(), CommentType.BLOCK));
        addAll(out, n.getEndComments());
    }

    private static void addAll(List<CommentLine> out, List<CommentLine> lines) { if (lines != null) out.addAll(lines); }

    /** Puts `lines` above `node`: for a mapping (a model_list entry) above its first key, where the parser puts them. */
    static void above(Node node, List<CommentLine> lines) {
        if (lines.isEmpty()) return;
        Node at = node instanceof MappingNode m && !m.getValue().isEmpty() ? m.getValue().get(0).getKeyNode() : node;
        List<CommentLine> all = new ArrayList<>(lines);
        addAll(all, at.getBlockComments());
        at.setBlockComments(all);
    }

    /** Puts `lines` at the end of `node` (a mapping or the document). */
    static void after(Node node, List<CommentLine> lines) {
        if (lines.isEmpty()) return;
        List<CommentLine> all = new ArrayList<>();
        addAll(all, node.getEndComments());
        all.addAll(lines);
        node.setEndComments(all);
    }

    /**
     * `fresh` takes the place of `old` as the value of `key`: a comment after the old scalar stays after the new
     * one, and any other comment of the old value goes above the key.
     */
    static void replace(Node key, Node old, Node fresh) {
        List<CommentLine> inline = old instanceof ScalarNode && old.getInLineComments() != null ? old.getInLineComments() : List.of();
        if (!inline.isEmpty() && fresh instanceof ScalarNode) {
            fresh.setInLineComments(new ArrayList<>(inline));
            old.setInLineComments(null);
        }
        above(key, of(old));
    }
}
