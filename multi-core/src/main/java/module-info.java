/**
 * libcurl's easy, multi and share handles as pycurl shapes them ({@code dev.curlmulti.core}) and the
 * event loop that runs many transfers on one thread per loop ({@code dev.curlmulti.core.loop}).
 *
 * <p>Where to start (most applications start one level up, with {@code CurlClient} in module
 * {@code dev.curlmulti.reactor}):
 * <ul>
 *   <li>{@link dev.curlmulti.core.Curl}, {@link dev.curlmulti.core.CurlMulti} and
 *       {@link dev.curlmulti.core.CurlShare}: the handles, as a pycurl user knows them; options are
 *       {@link dev.curlmulti.core.CurlOpt} constants, failures are {@link dev.curlmulti.core.CurlException}s.
 *   <li>{@link dev.curlmulti.core.loop.CurlEventLoop}: one thread that owns one multi handle; submit a
 *       configured {@code Curl} with a {@link dev.curlmulti.core.loop.TransferHandler}, cancel or resume
 *       its {@link dev.curlmulti.core.loop.Transfer} from any thread.
 *   <li>{@link dev.curlmulti.core.CurlVersion#current()}: which libcurl was loaded, from where, with what.
 * </ul>
 *
 * <p>Threading: a handle is used by one thread at a time (under an event loop, the loop's), the one call
 * safe from any thread being {@code CurlMulti.wakeup()}; a loop calls its handlers on its own thread, which
 * they must not block. The guide's pages "The event loop and the pycurl API" and "libcurl versions"
 * ({@code docs/event-loop.md} and {@code docs/libcurl.md} in the project) say more.
 *
 * <p>Only those two packages are API. The native boundary ({@code dev.curlmulti.core.internal} and its
 * {@code jna} and {@code ffm} packages) stays inside the module: it is chosen and loaded from here
 * (the FFM binding by class name, from the multi-release part on Java 22+), and JNA alone may reflect
 * on the JNA binding's interfaces and callbacks, which is how JNA binds them.
 *
 * <p>On the module path, Java 22+ asks for native access to be granted at launch:
 * {@code --enable-native-access=dev.curlmulti.core,com.sun.jna} ({@code dev.curlmulti.core} for the
 * FFM binding, {@code com.sun.jna} for JNA). The bundled libcurl artifacts are resource-only automatic
 * modules, resolved with JNA's; their files sit under {@code META-INF/native}, which no module hides.
 */
// JNA is an automatic module (its jar is not marked multi-release, so its versioned descriptor is not
// read): requiring it is intended.
@SuppressWarnings("requires-automatic")
module dev.curlmulti.core {
    requires com.sun.jna;
    requires org.slf4j;

    exports dev.curlmulti.core;
    exports dev.curlmulti.core.loop;

    opens dev.curlmulti.core.internal.jna to
            com.sun.jna;
}
