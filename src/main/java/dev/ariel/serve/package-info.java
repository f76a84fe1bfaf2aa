/**
 * Step 9: the render service, {@code ariel serve}. It owns the step after rendering for clients over
 * HTTP: it keeps models by content address, renders images and map tiles with the tile scheduler
 * and one shared compiled tier, caches what it rendered, reports Prometheus metrics, and serves
 * the pan-and-zoom viewer bundled in the jar. It protects itself with limits, a per-request time
 * budget and a bounded render queue. Built on the JDK's {@code com.sun.net.httpserver}, with a
 * virtual thread per exchange.
 */
package dev.ariel.serve;
