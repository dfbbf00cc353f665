package dev.slimfit.api.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.slimfit.api.config.ApiProperties;
import dev.slimfit.api.error.ProblemWriter;
import dev.slimfit.api.error.Problems;

/**
 * Refuses bodies over {@code slimfit.api.max-request-body} with 413: by Content-Length before reading, and while
 * reading for chunked bodies (the stream fails, which the problem handler maps to 413 as well).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeLimitFilter extends OncePerRequestFilter {

    private static final java.util.regex.Pattern ARTIFACT_UPLOAD =
            java.util.regex.Pattern.compile("^/api/v1/worker/jobs/[^/]+/artifacts/[^/]+$");

    private final long maxBytes;
    private final long maxArtifactBytes;
    private final ProblemWriter problems;

    BodySizeLimitFilter(ApiProperties properties, ProblemWriter problems) {
        this.maxBytes = properties.maxRequestBody().toBytes();
        this.maxArtifactBytes = properties.maxArtifact().toBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // Artifacts (trained weights) are the one kind of large body; everything else is small JSON.
        long maxBytes = ARTIFACT_UPLOAD.matcher(request.getRequestURI()).matches() ? maxArtifactBytes : this.maxBytes;
        if (request.getContentLengthLong() > maxBytes) {
            problems.write(response, Problems.of(413, "body-too-large", "Request body too large",
                    "the request body has " + request.getContentLengthLong() + " bytes; at most " + maxBytes
                            + " are accepted", "body"));
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes), response);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        LimitedStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
