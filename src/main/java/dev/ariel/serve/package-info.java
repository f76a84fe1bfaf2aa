/**
 * Step 10: the render service, {@code ariel serve}. It owns the step after rendering for clients over
 * HTTP: it keeps models by content address, renders images and map tiles with the tile scheduler
 * and one shared compiled tier, caches what it rendered, reports Prometheus metrics, and serves
 * the pan-and-zoom viewer bundled in the jar. It protects itself with limits, a per-request time
 * budget, a bounded render queue and a memory budget enforced up front, and from clients with an accept side of its own (connection
 * caps, header and body time limits) and Host and Origin checks. Built on the JDK's
 * {@code com.sun.net.httpserver}, with a virtual thread per exchange, behind that front.
 */
package dev.ariel.serve;
