package dev.slimfit.api.config;

import java.io.IOException;
import java.lang.reflect.Type;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdvice;

/**
 * Whether the JSON being read right now is a request body, and from whom: {@link StrictJsonConfig}'s value checks
 * apply to request bodies only, never to JSON the service reads back from its database or broker. Set around each
 * {@code @RequestBody} read; cleared after it and, whatever happens, at the end of the request
 * ({@link #clear}, called by the request hygiene filter).
 */
@ControllerAdvice
public class BodyReadMode implements RequestBodyAdvice {

    /** Who sent the body being read. */
    enum Mode {
        /** Teams, the admin, agents: no control characters, finite numbers only. */
        CLIENT,
        /** Search workers: NaN is how a report says "never sampled", and failure text may hold escapes. */
        WORKER
    }

    private static final ThreadLocal<Mode> CURRENT = new ThreadLocal<>();

    static Mode current() {
        return CURRENT.get();
    }

    public static void clear() {
        CURRENT.remove();
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        String path = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet
                ? servlet.getRequest().getRequestURI() : null;
        CURRENT.set(path != null && path.startsWith("/api/v1/worker/") ? Mode.WORKER : Mode.CLIENT);
        return input;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        CURRENT.remove();
        return body;
    }

    @Override
    public Object handleEmptyBody(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        CURRENT.remove();
        return body;
    }
}
