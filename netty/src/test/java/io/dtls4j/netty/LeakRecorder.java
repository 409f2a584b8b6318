package io.dtls4j.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector at PARANOID (every buffer tracked), reporting into a list the tests read
 * instead of only into a log. It must be installed before the first ByteBuf class is loaded: every
 * test class of this module that touches Netty calls {@link #install()} in its static initialiser.
 */
final class LeakRecorder {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private LeakRecorder() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
                return new ResourceLeakDetector<T>(resource, samplingInterval) {
                    @Override
                    protected boolean needReport() {
                        return true; // whatever the logging configuration says
                    }

                    @Override
                    protected void reportTracedLeak(String resourceType, String records) {
                        LEAKS.add("LEAK: " + resourceType + records);
                    }

                    @Override
                    protected void reportUntracedLeak(String resourceType) {
                        LEAKS.add("LEAK: " + resourceType + " (untraced)");
                    }
                };
            }
        });
    }

    /**
     * Leaks found so far: collects garbage, then allocates tracked buffers, which is when the
     * detector looks at what was collected unreleased.
     */
    static List<String> leaks() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(1);
            probe.release();
        }
        return new ArrayList<>(LEAKS);
    }

    /** Forgets the leaks found so far (after the test that leaks on purpose). */
    static void reset() {
        LEAKS.clear();
    }
}
