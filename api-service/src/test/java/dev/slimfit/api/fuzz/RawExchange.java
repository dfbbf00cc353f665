package dev.slimfit.api.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange over a fresh socket, bytes exactly as the fuzz case wrote them: the request target,
 * header values and body are not fixed up or encoded by a client library (so a malformed percent-escape, a raw
 * control character or bytes that are not UTF-8 reach the server as they are). The answer is read to the end
 * ({@code Connection: close}) and de-chunked.
 */
final class RawExchange {

    /** A header as sent: name and value, ISO-8859-1 (each char one byte). */
    record Header(String name, String value) {
    }

    /** The answer: status (-1 when none came), the head's lines, the body as bytes. */
    record Answer(int status, List<Header> headers, byte[] body, String failure) {

        String header(String name) {
            for (Header h : headers) {
                if (h.name().equalsIgnoreCase(name)) {
                    return h.value();
                }
            }
            return null;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawExchange() {
    }

    static Answer send(int port, String method, String target, List<Header> headers, byte[] body) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        write(request, method + " " + target + " HTTP/1.1\r\n");
        write(request, "Host: 127.0.0.1:" + port + "\r\n");
        boolean hasLength = false;
        for (Header h : headers) {
            hasLength |= h.name().equalsIgnoreCase("Content-Length") || h.name().equalsIgnoreCase("Transfer-Encoding");
            write(request, h.name() + ": " + h.value() + "\r\n");
        }
        if (!hasLength && body != null) {
            write(request, "Content-Length: " + body.length + "\r\n");
        }
        write(request, "Connection: close\r\n\r\n");
        if (body != null) {
            request.writeBytes(body);
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toByteArray());
                out.flush();
            } catch (IOException e) {
                // The server may answer (and close) before it read everything, e.g. a 413 or a 400 on the headers.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            String failure = null;
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                failure = "no complete answer within 15 s";
            } catch (IOException e) {
                // reset after the answer was sent: what was read is the answer
                if (received.size() == 0) {
                    failure = "connection failed: " + e.getMessage();
                }
            }
            return parse(skipInterim(received.toByteArray()), failure);
        } catch (IOException e) {
            return new Answer(-1, List.of(), new byte[0], "could not connect: " + e.getMessage());
        }
    }

    /** Drops any 1xx interim answers in front of the final one. */
    private static byte[] skipInterim(byte[] raw) {
        int at = 0;
        while (raw.length - at > 12 && raw[at + 9] == '1' && startsWith(raw, at, "HTTP/1.1 ")) {
            int end = indexOf(raw, at, "\r\n\r\n");
            if (end < 0) {
                break;
            }
            at = end + 4;
        }
        return java.util.Arrays.copyOfRange(raw, at, raw.length);
    }

    private static Answer parse(byte[] raw, String failure) {
        int end = indexOf(raw, 0, "\r\n\r\n");
        if (end < 0 || !startsWith(raw, 0, "HTTP/1.1 ")) {
            return new Answer(-1, List.of(), raw, failure != null ? failure : "no HTTP answer ("
                    + raw.length + " bytes)");
        }
        String head = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        int status;
        try {
            status = Integer.parseInt(lines[0].substring(9, 12));
        } catch (RuntimeException e) {
            return new Answer(-1, List.of(), raw, "bad status line: " + lines[0]);
        }
        List<Header> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new Header(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        boolean chunked = headers.stream().anyMatch(h -> h.name().equalsIgnoreCase("Transfer-Encoding")
                && h.value().toLowerCase(Locale.ROOT).contains("chunked"));
        if (chunked) {
            body = dechunk(body);
        }
        return new Answer(status, headers, body, failure);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int eol = indexOf(chunked, at, "\r\n");
            if (eol < 0) {
                break;
            }
            String sizeLine = new String(chunked, at, eol - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size;
            try {
                size = Integer.parseInt(sizeLine, 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size == 0) {
                break;
            }
            out.write(chunked, eol + 2, Math.min(size, chunked.length - eol - 2));
            at = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] raw, int at, String prefix) {
        if (raw.length - at < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (raw[at + i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] raw, int from, String needle) {
        outer:
        for (int i = from; i <= raw.length - needle.length(); i++) {
            for (int j = 0; j < needle.length(); j++) {
                if (raw[i + j] != (byte) needle.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
