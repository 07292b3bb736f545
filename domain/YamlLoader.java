package domain;

import java.io.Reader;
import java.io.StringWriter;
import java.math.BigDecimal;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The one YAML loader and dumper. Safe types only (no tags that build Java objects). Bounds: what PyYAML, which
 * LiteLLM uses, reads in practice, the sync reads too: up to MAX_CODE_POINTS characters, MAX_ALIASES aliases
 * to collections and MAX_DEPTH levels of nesting (SnakeYAML's own defaults refuse a 3 MB file, 50 aliases, 50 levels).
 */
public final class YamlLoader {
    public static final int MAX_CODE_POINTS = 64 << 20, MAX_ALIASES = 1000, MAX_DEPTH = 500;

    static LoaderOptions options(boolean comments) {
        LoaderOptions lo = new LoaderOptions();
        lo.setProcessComments(comments);
        lo.setCodePointLimit(MAX_CODE_POINTS);
        lo.setMaxAliasesForCollections(MAX_ALIASES);
        lo.setNestingDepthLimit(MAX_DEPTH);
        return lo;
    }

    /** Plain Java values (maps, lists, strings, numbers, booleans, null). */
    public static Object load(Reader text) {
        return new Yaml(new SafeConstructor(options(false))).load(text);
    }

    /** The node tree with its comments, for a merge that keeps them. */
    public static Node compose(Reader text) {
        return yaml().compose(text);
    }

    public static String serialize(Node root) {
        StringWriter w = new StringWriter();
        yaml().serialize(root, w);
        return w.toString();
    }

    /** One for every entry of a sync: making a representer costs more than representing an entry. */
    private static EntryRepresenter representer;

    /** A value the sync writes (maps, lists, strings, numbers) as a node. */
    public static Node represent(Object value) {
        if (representer == null) representer = new EntryRepresenter(dumper());
        return representer.node(value);
    }

    static Yaml yaml() {
        LoaderOptions lo = options(true);
        DumperOptions d = dumper();
        return new Yaml(new SafeConstructor(lo), new EntryRepresenter(d), d, lo);
    }

    static DumperOptions dumper() {
        DumperOptions d = new DumperOptions();
        d.setProcessComments(true);
        d.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        d.setIndent(2);
        d.setIndicatorIndent(2);
        d.setIndentWithIndicator(true);
        d.setWidth(Integer.MAX_VALUE);
        d.setSplitLines(false);
        d.setAllowUnicode(true);
        return d;
    }

    /** Prices as plain decimals ("0.0000025"): PyYAML, which LiteLLM uses, reads "2.5E-6" as a string. */
    static final class EntryRepresenter extends Representer {
        EntryRepresenter(DumperOptions d) {
            super(d);
            representers.put(BigDecimal.class, data -> {
                String s = ((BigDecimal) data).stripTrailingZeros().toPlainString();
                return representScalar(Tag.FLOAT, s.contains(".") ? s : s + ".0");
            });
        }

        Node node(Object o) { return represent(o); }
    }

    /** The first line of a parser's message: enough to find the problem, short enough for one error line. */
    public static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
