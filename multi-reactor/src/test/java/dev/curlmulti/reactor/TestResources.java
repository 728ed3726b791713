package dev.curlmulti.reactor;

import dev.curlmulti.core.testing.RawServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test opens, closed after it in the right order: clients before the servers they talk to.
 * Register it with {@code @RegisterExtension final TestResources resources = new TestResources();}.
 */
final class TestResources implements AfterEachCallback {
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A client built from {@code builder}, disposed after the test (before the servers). */
    CurlClient client(CurlClient.Builder builder) {
        CurlClient client = builder.build();
        opened.add(0, client);
        return client;
    }

    /** A raw server playing {@code script}, closed after the test. */
    RawServer raw(RawServer.Script script) throws IOException {
        return add(new RawServer(script));
    }

    /** {@code resource}, closed after the test (after the clients). */
    <T extends AutoCloseable> T add(T resource) {
        opened.add(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : opened) {
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (first != null) {
            throw first;
        }
    }
}
