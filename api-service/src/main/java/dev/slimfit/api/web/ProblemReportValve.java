package dev.slimfit.api.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import dev.slimfit.api.error.Problems;

/**
 * Tomcat's error report, as problem+json instead of an HTML page: what the container answers on its own before
 * (or without) the application, such as an invalid URI, an encoded slash, a request line or headers too large
 * for the buffer where Tomcat still answers through its host pipeline. Tomcat's 501 for a method or transfer
 * coding it does not implement (CONNECT, an unknown Transfer-Encoding) is answered as the 400 it is: the caller's
 * request, not a server fault. Installed on the host by
 * {@link ContainerProblemsConfig}.
 */
public class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String field = null;
        if (status == 501) {
            // Tomcat's answer to a method or transfer coding it does not implement (CONNECT, an unknown
            // Transfer-Encoding): the request's doing, not the server failing, so a 400 that says which part.
            status = 400;
            response.setStatus(status);
            field = "CONNECT".equalsIgnoreCase(request.getMethod()) ? "method" : "Transfer-Encoding";
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json(status, response.getMessage(), field));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was taken over: nothing more to say
        }
    }

    static String json(int status, String message) {
        return json(status, message, null);
    }

    static String json(int status, String message, String field) {
        String type = Problems.TYPE_BASE + Problems.typeFor(status);
        org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
        String title = known == null ? "Error " + status : known.getReasonPhrase();
        String detail = message == null || message.isBlank()
                ? (status >= 500 ? "the server failed to handle this request" : "the request was refused by the server")
                : "the request was refused by the server: " + printable(message);
        return "{\"type\":\"" + escape(type) + "\",\"title\":\"" + escape(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail) + "\""
                + (field == null ? "" : ",\"field\":\"" + escape(field) + "\"") + "}";
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < 200; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
