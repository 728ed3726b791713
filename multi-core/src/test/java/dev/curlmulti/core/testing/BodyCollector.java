package dev.curlmulti.core.testing;

import dev.curlmulti.core.WriteFunction;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** A {@link WriteFunction} that keeps every byte it is given, for assertions. */
public final class BodyCollector implements WriteFunction {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public int write(ByteBuffer data) {
        int length = data.remaining();
        byte[] chunk = new byte[length];
        data.get(chunk);
        bytes.write(chunk, 0, length);
        return length;
    }

    public byte[] bytes() {
        return bytes.toByteArray();
    }

    public String text() {
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
