// An application on the module path, as ModulePathIT compiles and runs it: it names the library's
// automatic modules in its requires, so those names are checked by the compiler too.
module app {
    requires dev.curlmulti.core;
    requires dev.curlmulti.reactor;
    requires reactor.core;
    requires jdk.httpserver;
}
