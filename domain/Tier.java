package domain;

import java.util.List;

/** The cost tier: on the blended price (mean of input and output per 1M tokens), budget < $1 <= standard < $10 <= premium. */
public final class Tier {
    public static final List<String> ALL = List.of("budget", "standard", "premium");

    public static String of(double blendedPer1m) {
        return blendedPer1m < 1 ? "budget" : blendedPer1m < 10 ? "standard" : "premium";
    }
}
