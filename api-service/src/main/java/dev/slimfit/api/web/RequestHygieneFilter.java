package dev.slimfit.api.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.slimfit.api.error.ProblemWriter;
import dev.slimfit.api.error.Problems;

/**
 * Refuses, before anything parses them, the request parts the container would otherwise turn into a 500:
 * <ul>
 *   <li>a query string that is not strict percent-encoded UTF-8, or that decodes to a control character: 400
 *       naming the parameter;</li>
 *   <li>a Content-Type that does not parse, is a wildcard ({@code *}{@code /*}, {@code application/*}), names an
 *       unknown charset, or is a form or multipart type (the API takes JSON and, for artifacts, raw bytes; form
 *       parsing would decode the body as parameters): 415 on {@code Content-Type};</li>
 *   <li>query parameters the container cannot parse (a value without a name, more than its parameter limit):
 *       400 on {@code query}.</li>
 * </ul>
 * Runs ahead of the security chain, so no credential lookup or rate-limit bookkeeping happens for such requests.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class RequestHygieneFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;

    RequestHygieneFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null) {
            String bad = badQueryParameter(query);
            if (bad != null) {
                problems.write(response, Problems.of(400, "bad-request", "Bad request", "query parameter '" + bad
                        + "' is not valid percent-encoded UTF-8 text (or holds a control character)", bad));
                return;
            }
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null) {
            String why = unacceptableContentType(contentType);
            if (why != null) {
                problems.write(response, Problems.of(415, "unsupported-media-type", "Unsupported media type",
                        why + "; send JSON bodies as application/json", HttpHeaders.CONTENT_TYPE));
                return;
            }
        }
        String unreadable = unreadableParameters(request);
        if (unreadable != null) {
            problems.write(response, Problems.of(400, "bad-request", "Bad request", unreadable, "query"));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            dev.slimfit.api.config.BodyReadMode.clear();
        }
    }

    /**
     * Why the container cannot read the query's parameters (a value without a name, such as {@code =1} or
     * {@code ==}, or more parameters than its limit), else null. Tomcat throws on those when a controller first
     * asks for a parameter, which surfaced as a 500; parsing them here, once the body is known not to be a form
     * (so nothing but the query is parsed), answers 400 instead.
     */
    static String unreadableParameters(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&", -1)) {
                if (pair.startsWith("=")) {
                    return "the query string holds a value without a parameter name ('" + printable(pair) + "')";
                }
            }
        }
        try {
            request.getParameterMap();
            return null;
        } catch (IllegalStateException e) {
            return "the query string cannot be read: it holds more parameters than the server accepts, or one it "
                    + "cannot parse";
        }
    }

    /** The name (decoded when possible) of the first parameter that is not strict UTF-8, else null. */
    static String badQueryParameter(String query) {
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = decode(rawName);
            if (name == null) {
                return printable(rawName);
            }
            if (eq >= 0 && decode(pair.substring(eq + 1)) == null) {
                return printable(name);
            }
        }
        return null;
    }

    /** Strict application/x-www-form-urlencoded decoding as UTF-8; null on a bad escape, byte or control char. */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return null;
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer text = decoder.decode(ByteBuffer.wrap(bytes.toByteArray()));
            for (int i = 0; i < text.length(); i++) {
                if (Character.isISOControl(text.charAt(i))) {
                    return null;
                }
            }
            return text.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < 60; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.isEmpty() ? "?" : out.toString();
    }

    /** Why a Content-Type is refused, or null when it may go on to the handler's own consumes check. */
    static String unacceptableContentType(String header) {
        MediaType type;
        try {
            type = MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            return "the Content-Type header is not a valid media type";
        }
        if (type.isWildcardType() || type.isWildcardSubtype()) {
            return "a Content-Type must name one concrete media type, not a wildcard";
        }
        if (MediaType.APPLICATION_FORM_URLENCODED.includes(type) || "multipart".equals(type.getType())) {
            return "form and multipart bodies are not accepted";
        }
        String charset = type.getParameter("charset");
        if (charset != null) {
            try {
                Charset.forName(charset.replace("\"", ""));
            } catch (IllegalArgumentException e) {
                return "the Content-Type names an unknown charset";
            }
        }
        return null;
    }
}
