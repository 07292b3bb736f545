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
        lo.setWarnOnDuplicateKeys(false); // the last one counts, as in PyYAML; a warning would be two lines of java.util.logging
        return lo;
    }

    /** Plain Java values (maps, lists, strings, numbers, booleans, null). */
    public static Object load(Reader text) {
        return new Yaml(new SafeConstructor(options(false))).load(text);
    }

    /**
     * Plain Java values of a node tree compose() made, as load() makes them of its text: a sync that has the config's
     * tree need not parse the text it renders again. It changes the tree (merge keys flattened, all but the last of
     * duplicate keys dropped): render it first, and let no other thread read it meanwhile.
     */
    public static Object construct(Node root) {
        return root == null ? null : new SafeConstructor(options(false)) {
            Object of(Node n) { return constructDocument(n); }
        }.of(root);
    }

    /** The node tree with its comments, for a merge that keeps them. */
    public static Node compose(String text) {
        // the expression scans every line of the text: only a text with "---" in it can have what it looks for
        String t = text.contains("---") ? DOCUMENT_START_COMMENT.matcher(text).replaceAll("---\n$1") : text;
        try {
            return yaml().compose(new java.io.StringReader(t));
        } catch (RuntimeException e) {
            String moved = PROPERTY_COMMENT.matcher(t).replaceAll("$1$3\n$1$2");
            if (moved.equals(t)) throw e;
            Object values;
            try {
                values = load(new java.io.StringReader(t));
            } catch (RuntimeException notComments) {
                throw e; // not the comments: the first failure says what is wrong
            }
            // the expression knows no block scalar or multi-line string: the moved text must hold the same values
            if (java.util.Objects.equals(values, load(new java.io.StringReader(moved)))) return yaml().compose(new java.io.StringReader(moved));
            throw new IllegalArgumentException("a comment after an anchor or tag (&name # note) that the sync cannot keep there: put it on a line of its own");
        }
    }

    /**
     * `x: &shared  # note` (a comment after an anchor or tag): SnakeYAML's composer fails on it, PyYAML does not.
     * Tried only when the text fails: the note moves to its own line above, where it reads the same.
     */
    static final java.util.regex.Pattern PROPERTY_COMMENT = java.util.regex.Pattern.compile("(?m)^([ \t]*)(\\S[^\n]*?[&!][^\\s#]*)[ \t]+(#[^\n]*)$");

    /** `--- # note`: SnakeYAML's composer fails on a comment after the document start; on the next line it reads the same. */
    static final java.util.regex.Pattern DOCUMENT_START_COMMENT = java.util.regex.Pattern.compile("(?m)^---([ \t]+#[^\n]*)$");

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

    /** Prices (BigDecimal) as floats that PyYAML, which LiteLLM uses, and SnakeYAML read as the same value; see number(). */
    static final class EntryRepresenter extends Representer {
        EntryRepresenter(DumperOptions d) {
            super(d);
            representers.put(BigDecimal.class, data -> representScalar(Tag.FLOAT, number((BigDecimal) data)));
        }

        Node node(Object o) { return represent(o); }
    }

    /** A number written as its plain decimal when that has at most this many characters ("0.0000025"). */
    static final int MAX_PLAIN = 24;

    /**
     * A decimal as a YAML float of bounded length: the plain decimal while it is short (exact, and what PyYAML
     * reads), else the double that PyYAML and LiteLLM would read anyway, in the exponent form PyYAML takes for a
     * float ("1.5e-30": a dot in the mantissa, a signed exponent). "1e-3500000" is 0.0, not 3.5 MB of zeros.
     */
    static String number(BigDecimal d) {
        boolean small = d.scale() <= MAX_PLAIN && d.precision() - d.scale() <= MAX_PLAIN; // toPlainString stays short
        String plain = small ? d.stripTrailingZeros().toPlainString() : null;
        if (plain == null || plain.length() > MAX_PLAIN) {
            double v = d.doubleValue();
            if (!Double.isFinite(v)) throw new IllegalArgumentException("not a finite number: " + d.toString().substring(0, Math.min(40, d.toString().length())));
            plain = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
            if (plain.length() > MAX_PLAIN) {
                String[] e = Double.toString(v).toLowerCase(java.util.Locale.ROOT).split("e");
                return (e[0].contains(".") ? e[0] : e[0] + ".0") + "e" + (e[1].startsWith("-") ? e[1] : "+" + e[1]);
            }
        }
        return plain.contains(".") ? plain : plain + ".0";
    }

    /** The first line of a parser's message: enough to find the problem, short enough for one error line. */
    public static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
