// An application on the module path, as ModulePathIT compiles and runs it. It requires the Reactor module
// alone: the core API and Reactor come with it (requires transitive), and SLF4J with the core module.
module app {
    requires dev.curlmulti.reactor;
    requires jdk.httpserver;
}
