package dev.ariel.serve;

import java.util.Map;

/**
 * A request the service answers with an error: an HTTP status, a one-line message for the JSON
 * body, and any headers the status calls for ({@code Allow}, {@code Retry-After}).
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> headers;
    private final String reason;

    ApiException(int status, String message) {
        this(status, message, Map.of(), null);
    }

    ApiException(int status, String message, Map<String, String> headers, String reason) {
        super(message, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.reason = reason;
    }

    /** Why a 503 turned the request away, for the metrics: {@code queue_full}, {@code queue_timeout}, ...; else null. */
    String reason() {
        return reason;
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException tooLarge(String message) {
        return new ApiException(413, message);
    }

    static ApiException unprocessable(String message) {
        return new ApiException(422, message);
    }

    static ApiException unavailable(String message, int retryAfterSeconds, String reason) {
        return new ApiException(503, message, Map.of("Retry-After", String.valueOf(retryAfterSeconds)), reason);
    }
}
