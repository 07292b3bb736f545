package support;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.Order;

/**
 * The order tests/run starts test classes in, so that the longest chains start first when classes run side by
 * side: classes marked @Order by that order (the proxy test, which may install LiteLLM first), then the classes
 * on the shared loopback scaffold (they run one after another; FaultsEndToEndTest last of them, as its time limits,
 * a 300 MiB answer refused within 6 s, want the CPU that the install and the other classes take early on), then
 * the other end-to-end classes, then the rest.
 */
public final class SlowestFirst extends ClassOrderer.OrderAnnotation { // it reads @Order, so JUnit sees it does
    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparingInt(SlowestFirst::rank)
                .thenComparingInt(d -> d.findAnnotation(Order.class).map(Order::value).orElse(0))
                .thenComparing(d -> d.getTestClass().getSimpleName()));
    }

    static int rank(ClassDescriptor d) {
        if (d.isAnnotated(Order.class)) return 0;
        if (LoopbackSync.class.isAssignableFrom(d.getTestClass())) return d.getTestClass().getSimpleName().equals("FaultsEndToEndTest") ? 2 : 1;
        if (d.getTestClass().getSimpleName().contains("EndToEnd")) return 3;
        return 4;
    }
}
