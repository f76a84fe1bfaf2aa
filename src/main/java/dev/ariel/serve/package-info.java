/**
 * Step 10: the render service, {@code ariel serve}. It owns the step after rendering for clients over
 * HTTP: it keeps models by content address, renders images and map tiles (of any z slice) with the
 * tile scheduler and one shared compiled tier, renders solids' 3D images through the one 3D
 * wiring ({@code dev.ariel.wiring.VolumeSource}) on that same engine, caches what it rendered, reports Prometheus metrics, and serves
 * the pan-and-zoom viewer (with a 3D mode and a z slider for solids) bundled in the jar. It protects itself with limits, a per-request time
 * budget, a bounded render queue and a memory budget enforced up front, and from clients with an accept side of its own (connection
 * caps, header and body time limits) and Host and Origin checks. Built on the JDK's
 * {@code com.sun.net.httpserver}, with a virtual thread per exchange, behind that front.
 */
package dev.ariel.serve;
