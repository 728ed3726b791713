package dev.curlmulti.core.internal;

import dev.curlmulti.core.CurlCodes;
import dev.curlmulti.core.CurlInfo;
import java.nio.ByteBuffer;

/** {@code curl_easy_getinfo} into a handle's out-parameter, decoded by the item's C type. */
final class InfoReader {
    private static final NativeBinding NATIVE = NativeBinding.get();

    private InfoReader() {}

    static Object read(EasyState state, CurlInfo info) {
        ByteBuffer out = call(state, info);
        return switch (info.type()) {
            case LONG, OFF_T -> out.getLong(0); // C long is 64 bits on the supported (LP64) platforms
            case SOCKET -> (long) out.getInt(0);
            case DOUBLE -> out.getDouble(0);
            case STRING -> NATIVE.utf8String(out.getLong(0));
            case SLIST, PTR -> Slist.readAndFree(out.getLong(0));
        };
    }

    static long readLong(EasyState state, CurlInfo info) {
        ByteBuffer out = call(state, info);
        return info.type() == CurlInfo.Type.SOCKET ? out.getInt(0) : out.getLong(0);
    }

    private static ByteBuffer call(EasyState state, CurlInfo info) {
        state.infoView.putLong(0, 0);
        int rc = NATIVE.easyGetinfo(state.address, info.code(), state.infoOut);
        if (rc != 0) {
            throw new IllegalArgumentException("curl_easy_getinfo(" + info.cName() + ") failed: "
                    + CurlCodes.easyName(rc) + ": " + NATIVE.easyStrerror(rc));
        }
        return state.infoView;
    }
}
