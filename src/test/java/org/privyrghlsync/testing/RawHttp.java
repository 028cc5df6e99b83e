package org.privyrghlsync.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends one HTTP/1.1 request over a plain socket to a server on loopback, for request targets that the JDK's HTTP
 * client rejects, such as a query string with a broken {@code %} escape.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** A response: the status code, the header block in lower case, and the body as UTF-8 text. */
    public record Response(int status, String headers, String body) {
    }

    /**
     * Sends {@code method} and {@code target} exactly as given, with {@code extraHeaders} (each line ending in
     * CRLF) and an empty JSON object as the body, and reads the response until the server closes the connection.
     */
    public static Response send(int port, String method, String target, String extraHeaders) throws IOException {
        String request = method + " " + target + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: 2\r\n"
                + "Connection: close\r\n"
                + extraHeaders
                + "\r\n"
                + "{}";
        String response;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        int headEnd = response.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            throw new IOException("The response has no end of headers: " + response);
        }
        String statusLine = response.substring(0, response.indexOf("\r\n"));
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        String headers = response.substring(statusLine.length(), headEnd).toLowerCase(Locale.ROOT);
        return new Response(status, headers, response.substring(headEnd + 4));
    }
}
