/**
 * The Reactor HTTP client on libcurl's multi interface. Not built yet: it arrives with the
 * engine and client issues; this module holds the dependency set so the build shape is final.
 */
package dev.curlmulti.reactor;
