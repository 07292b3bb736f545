package support;

import java.util.Comparator;
import java.util.Map;

/**
 * The order tests/run starts test classes in: the longest first, so that with classes running side by side the
 * run ends soon after its longest class. By the seconds each took on the 2-core development machine (only the
 * order matters); a class not listed counts as 30 s when it is end-to-end, 2 s otherwise.
 */
public final class SlowestFirst implements Comparator<Class<?>> {
    static final Map<String, Integer> SECONDS = Map.of(
            "ProxyEndToEndTest", 90, "FaultsEndToEndTest", 70, "SyncEndToEndTest", 60, "MagiLaunchTest", 40,
            "ProvidersEndToEndTest", 25, "MagiTest", 20, "SearchModelsEndToEndTest", 12, "SecretsEndToEndTest", 12,
            "HostileInputEndToEndTest", 5);

    @Override
    public int compare(Class<?> a, Class<?> b) {
        return Comparator.<Class<?>>comparingInt(SlowestFirst::seconds).reversed().thenComparing(Class::getSimpleName).compare(a, b);
    }

    static int seconds(Class<?> c) {
        return SECONDS.getOrDefault(c.getSimpleName(), c.getSimpleName().contains("EndToEnd") ? 30 : 2);
    }
}
