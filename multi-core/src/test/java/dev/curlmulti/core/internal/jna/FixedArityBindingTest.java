package dev.curlmulti.core.internal.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlInfo;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.internal.Internals;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fast fixed-arity binding of setopt/getinfo must pass exactly what the true varargs call
 * passes: a C long, a curl_off_t and a pointer each reach libcurl intact, and getinfo agrees.
 */
@ExtendWith(NoLeakedHandles.class)
class FixedArityBindingTest {

    @Test
    void isUsedOnLinux64() {
        String arch = System.getProperty("os.arch");
        boolean linux64 = System.getProperty("os.name").startsWith("Linux")
                && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
        assertThat(LibCurlFixedArity.AVAILABLE).isEqualTo(linux64 && !Boolean.getBoolean("dev.curlmulti.varargsOnly"));
    }

    @Test
    void longOffTAndPointerValuesReachLibcurl() throws Exception {
        try (TestServer server = new TestServer();
                Curl curl = new Curl()) {
            // pointer (URL string), long (FOLLOWLOCATION, MAXREDIRS) and off_t (MAXFILESIZE_LARGE)
            curl.setopt(CurlOpt.URL, server.url("/redirect/1/bytes/5000"));
            curl.setopt(CurlOpt.FOLLOWLOCATION, true);
            curl.setopt(CurlOpt.MAXREDIRS, 1L);
            curl.setopt(CurlOpt.MAXFILESIZE_LARGE, 4999L);
            curl.setopt(CurlOpt.WRITEFUNCTION, data -> data.remaining());
            assertThatThrownBy(curl::perform)
                    .isInstanceOf(CurlException.class)
                    .satisfies(e -> assertThat(((CurlException) e).code()).isEqualTo(63)); // FILESIZE_EXCEEDED

            curl.setopt(CurlOpt.MAXFILESIZE_LARGE, 5000L);
            curl.perform();
            long status = curl.getinfo(CurlInfo.RESPONSE_CODE);
            long redirects = curl.getinfo(CurlInfo.REDIRECT_COUNT);
            long size = curl.getinfo(CurlInfo.SIZE_DOWNLOAD_T);
            String effective = curl.getinfo(CurlInfo.EFFECTIVE_URL);
            assertThat(status).isEqualTo(200);
            assertThat(redirects).isEqualTo(1);
            assertThat(size).isEqualTo(5000);
            assertThat(effective).endsWith("/bytes/5000");

            // The same items read through the true varargs binding agree.
            Memory out = new Memory(8);
            LibCurlVarargs.INSTANCE.curl_easy_getinfo(
                    Internals.easy(curl).nativeAddress(), CurlInfo.RESPONSE_CODE.code(), out);
            assertThat(out.getNativeLong(0).longValue()).isEqualTo(status);
            LibCurlVarargs.INSTANCE.curl_easy_getinfo(
                    Internals.easy(curl).nativeAddress(), CurlInfo.SIZE_DOWNLOAD_T.code(), out);
            assertThat(out.getLong(0)).isEqualTo(size);

            // And a value set through varargs reads back the same through the fast path.
            LibCurlVarargs.INSTANCE.curl_easy_setopt(
                    Internals.easy(curl).nativeAddress(), CurlOpt.MAXREDIRS.code(), new NativeLong(0));
            assertThatThrownBy(curl::perform)
                    .isInstanceOf(CurlException.class)
                    .satisfies(e -> assertThat(((CurlException) e).code()).isEqualTo(47)); // TOO_MANY_REDIRECTS
        }
    }
}
