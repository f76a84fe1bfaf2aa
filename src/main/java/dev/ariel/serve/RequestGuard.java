package dev.ariel.serve;

import com.sun.net.httpserver.Headers;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps web pages the user visits from using the service. A DNS-rebinding page reaches the
 * service under its own host name, so a request whose {@code Host} is not one the service answers
 * to is refused; a page on another site can send "simple" POSTs, so a state-changing request whose
 * {@code Origin} or {@code Sec-Fetch-Site} says it comes from elsewhere is refused. Requests with
 * neither header (curl, scripts) are not a browser's and pass. Both refusals are 403: the request
 * is understood and refused, and 421 would invite a browser to retry on another connection.
 */
final class RequestGuard {
    private final Set<String> hosts;
    private final int port;

    private RequestGuard(Set<String> hosts, int port) {
        this.hosts = Set.copyOf(hosts);
        this.port = port;
    }

    /**
     * A guard for a service bound to {@code bind}, listening on {@code port}: it answers to the
     * loopback names, the bound address (every local address, for a wildcard bind), and {@code extra}.
     */
    static RequestGuard of(InetAddress bind, int port, List<String> extra) {
        Set<String> names = new HashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        names.add(bind.getHostAddress());
        if (bind.isAnyLocalAddress()) {
            try {
                for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
                    ni.inetAddresses().forEach(a -> names.add(withoutScope(a.getHostAddress())));
                }
            } catch (SocketException e) {
                // no interfaces to list: the loopback names and --allow-host remain
            }
        }
        for (String e : extra) names.add(e.toLowerCase(Locale.ROOT));
        return new RequestGuard(names, port);
    }

    /** Refuses with 403 a request from a name or a site the service does not serve. */
    void check(String method, Headers headers) {
        String host = headers.getFirst("Host");
        if (host != null && !hosts.contains(hostName(host))) {
            throw new ApiException(403, "the Host '" + host + "' is not a name this service answers to "
                    + "(--allow-host adds names)");
        }
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) return;
        String site = headers.getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new ApiException(403, "a " + method + " from another site (Sec-Fetch-Site: " + site + ") is refused: "
                    + "only the service's own pages and clients that are not browsers may change it");
        }
        String origin = headers.getFirst("Origin");
        if (origin != null && !sameOrigin(origin)) {
            throw new ApiException(403, "a " + method + " from another site (Origin: " + origin + ") is refused: "
                    + "only the service's own pages and clients that are not browsers may change it");
        }
    }

    private boolean sameOrigin(String origin) {
        try {
            URI u = new URI(origin);
            int p = u.getPort() < 0 ? 80 : u.getPort();
            return "http".equals(u.getScheme()) && u.getHost() != null && hosts.contains(hostName(u.getHost())) && p == port;
        } catch (java.net.URISyntaxException e) {
            return false; // "null" and other opaque origins included
        }
    }

    // "Example.org.:8642" -> "example.org", "[::1]:8642" -> "::1".
    private static String hostName(String hostAndPort) {
        String h = hostAndPort.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && colon == h.lastIndexOf(':')) h = h.substring(0, colon);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static String withoutScope(String address) {
        int pct = address.indexOf('%');
        return pct < 0 ? address : address.substring(0, pct);
    }
}
